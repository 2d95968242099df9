"""Settings, read from the environment (and CLI options that override it)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


REFERENCE_DATA = REPO_ROOT / "data" / "reference"  # shipped with the product (MANIFEST.csv lists each file)


def _reference_default() -> str:
    return str(REFERENCE_DATA)


@dataclass
class Settings:
    store: str = field(default_factory=lambda: os.environ.get("KG_STORE", "embedded"))
    db_path: str = field(default_factory=lambda: os.environ.get("KG_DB", str(REPO_ROOT / ".kg" / "graph.lbug")))
    neo4j_uri: str = field(default_factory=lambda: os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    neo4j_user: str = field(default_factory=lambda: os.environ.get("NEO4J_USERNAME", "neo4j"))
    neo4j_password: str = field(default_factory=lambda: os.environ.get("NEO4J_PASSWORD", ""), repr=False)
    neo4j_database: str = field(default_factory=lambda: os.environ.get("NEO4J_DATABASE", "neo4j"))
    reference_data: str = field(default_factory=lambda: os.environ.get("KG_REFERENCE_DATA") or _reference_default())
    query_timeout_s: float = field(default_factory=lambda: float(os.environ.get("KG_QUERY_TIMEOUT", "20")))
    max_rows: int = field(default_factory=lambda: int(os.environ.get("KG_MAX_ROWS", "10000")))

    def __post_init__(self) -> None:
        if self.store not in ("embedded", "neo4j"):
            raise ValueError(f"KG_STORE must be 'embedded' or 'neo4j', not {self.store!r}")


def settings(**overrides) -> Settings:
    s = Settings()
    for k, v in overrides.items():
        if v is not None:
            setattr(s, k, v)
    s.__post_init__()
    return s
