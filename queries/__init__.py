"""Read-only analyses of the graph, one module per topic (docs/architecture.md). An analysis returns a
:class:`Table`: its rows, notes and metadata."""
from queries.results import Table

__all__ = ["Table"]
