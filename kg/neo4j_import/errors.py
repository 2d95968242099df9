"""The one error of the offline Neo4j import."""
from __future__ import annotations

from kg.store.base import StoreError


class Neo4jImportError(StoreError):
    """The import could not be done (bad input, importer error, server did not come back): one line."""

