"""Mutation fields, one module per area; ``schema.build`` merges them into ``Mutation``.

Every mutation takes one ``input`` and returns a payload with ``userErrors``: a use case's
expected refusal (invalid input, not found, forbidden, outside a filing…) is data, not a
top-level error. Each resolver parses its input, calls one registry service and maps the
result.
"""
