"""Tables as download bytes (CSV with a BOM so Excel opens it, or XLSX)."""
from __future__ import annotations

import io
from typing import Any

from queries.graph import cell, display_rows

__all__ = ["table_bytes"]


def table_bytes(rows: Any, fmt: str) -> bytes:
    """A table (DataFrame or list of dicts) as ``csv`` (UTF-8 with BOM, opens in Excel) or ``xlsx`` bytes."""
    import pandas as pd

    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(display_rows(list(rows)))
    df = df.copy()
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].map(lambda v: cell(v) if isinstance(v, (list, dict)) else v)
    if fmt == "csv":
        return df.to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as xw:
            df.to_excel(xw, index=False, sheet_name="data")
        return buf.getvalue()
    raise ValueError(f"format must be csv or xlsx, not {fmt!r}")

