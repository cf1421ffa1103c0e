"""GraphQL object types by area; each maps registry read models with ``from_domain``."""
