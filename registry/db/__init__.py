"""Persistence: the declarative models, async engines, sessions and the unit of work
(``registry.db.uow``, kept out of this package's namespace: it depends on the audit chain,
which depends on the models)."""

from .base import Base
from .engine import backend_name, create_engine, normalise_url

__all__ = ["Base", "backend_name", "create_engine", "normalise_url"]
