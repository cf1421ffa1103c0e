"""Query fields, one module per area; ``schema.build`` merges them into ``Query``."""
