"""Use cases, one module per area. Each takes a :class:`ServiceContext` and the acting
:class:`~registry.authz.Principal`, checks authorisation itself, and commits once."""

from .context import ServiceContext

__all__ = ["ServiceContext"]
