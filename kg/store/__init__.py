"""Open a store by configuration: ``open_store()`` → embedded LadybugDB (default) or Neo4j."""
from __future__ import annotations

from kg.config import Settings, settings
from kg.store.base import ChangedDuringRead, QueryLimitError, ReadOnlyError, Store, StoreError


def open_store(cfg: Settings | None = None, *, read_only: bool = False, **overrides) -> Store:
    """Open the configured store. ``read_only=True`` makes the database itself refuse writes."""
    cfg = cfg or settings(**overrides)
    if cfg.store == "neo4j":
        from kg.store.neo4j_store import Neo4jStore

        return Neo4jStore(cfg.neo4j_uri, cfg.neo4j_user, cfg.neo4j_password, cfg.neo4j_database,
                          timeout_s=cfg.query_timeout_s, max_rows=cfg.max_rows, read_only=read_only)
    from kg.store.embedded import EmbeddedStore

    return EmbeddedStore(cfg.db_path, read_only=read_only, timeout_s=cfg.query_timeout_s, max_rows=cfg.max_rows)


__all__ = ["open_store", "Store", "StoreError", "ReadOnlyError", "QueryLimitError", "ChangedDuringRead"]
