"""The one result type of an analysis: :class:`Table` — its rows, the notes it has for the reader (e.g.
data the graph lacks) and its metadata, as typed fields beside the DataFrame (not in its experimental
metadata dict, which pandas drops in some operations).

An analysis with fixed metadata subclasses :class:`Table` with typed fields (e.g.
:class:`queries.suggest.Suggestions`); the others keep theirs in ``meta``. A result is frozen (its
fields are never reassigned; :meth:`Table.with_rows` gives a new one with other rows) and pickles as
it is, so the explorer's cache holds it unchanged.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, TypeVar

if TYPE_CHECKING:  # pandas is imported where a frame is built: `import queries` stays light
    import pandas as pd

__all__ = ["Table", "frame", "table"]

T = TypeVar("T", bound="Table")


@dataclass(frozen=True, eq=False)
class Table:
    """Rows of an analysis with its notes and metadata.

    ``rows``: the DataFrame (its columns are the result's columns); ``notes``: sentences for the reader
    (why a result is empty, what data is missing); ``meta``: what else the analysis reports about the run
    (e.g. the region it covered, counts of what it left out)."""

    rows: pd.DataFrame
    notes: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "notes", tuple(self.notes))

    @property
    def columns(self) -> list[str]:
        return list(self.rows.columns)

    @property
    def empty(self) -> bool:
        return self.rows.empty

    def with_rows(self: T, rows: pd.DataFrame) -> T:
        """The same result (notes, metadata) with other rows, e.g. filtered ones."""
        return dataclasses.replace(self, rows=rows)


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Rows → DataFrame: numeric columns numeric (ints stay ints when complete), every other column
    ``object`` so missing values stay ``None`` and lists stay lists."""
    import pandas as pd

    data = {}
    for col in columns:
        vals = [r.get(col) for r in rows]
        present = [v for v in vals if v is not None]
        if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present) and len(present) == len(vals):
            data[col] = pd.Series(vals, dtype="int64")
        elif present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
            data[col] = pd.Series([float("nan") if v is None else float(v) for v in vals], dtype="float64")
        else:
            data[col] = pd.Series(vals, dtype=object)
    return pd.DataFrame(data, columns=columns)


def table(rows: list[dict], columns: list[str], notes: Iterable[str] = (), **meta: Any) -> Table:
    """Rows → a :class:`Table` (columns typed as :func:`frame` does) with ``notes`` and ``meta``."""
    return Table(frame(rows, columns), tuple(notes), dict(meta))
