"""The registry core: domain rules, persistence, use-case services, audit chain and the ``ccr``
command line. See ``docs/registry.md``."""
