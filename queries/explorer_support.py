"""Moved: the explorer's support functions now live in their topic modules (docs/architecture.md). These
re-exports remain only for explorer/warmup.py and bench/concurrency.py, which name them as strings."""
from queries.graph import document_sources, graph_counts, reference_documents  # noqa: F401  # moved: queries.graph
from queries.pickers import firm_facets, group_choices, suggest_filtered  # noqa: F401  # moved: queries.pickers
from queries.review import review_queue  # noqa: F401  # moved: queries.review
