"""Small read-only tables drawn as plain HTML (``st.html``), for a page a new session opens first (#24).

An interactive table (``st.dataframe``) makes a new browser session load and compile its grid and Arrow
code (about 1.2 MB of JavaScript) and draw it on a canvas: on the landing page that was 0.5–0.8 s of the
browser's CPU per first visit (the browser probe in BENCHMARKS.md "Session 11"). A table of a few dozen rows
that the user reads, not sorts, needs none of it. These tables scroll inside their frame (header and first
column stay in view), wrap long text instead of cutting it, right-align numbers and escape every text.
Tables a user works with (the analyst console, previews of files to load) stay interactive, and so does any table
longer than :data:`MAX_ROWS` rows (the grid draws only the rows in view).

:func:`table` returns the HTML (tested as text); :func:`show` puts it on the page; :func:`read` turns the
HTML back into a DataFrame (tests, the language check).
"""
from __future__ import annotations

import html
import math
import numbers
import re
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = ["CLASS", "table", "show", "read"]

#: the table's outer element starts with this (tests and the language check find the tables by it)
CLASS = "kg-table"

_FRAME = ("overflow:auto;border:1px solid rgba(49,51,63,0.12);border-radius:6px;margin:0.2rem 0 0.8rem 0;"
          "font-size:0.84rem;line-height:1.35;")
_CELL = "padding:4px 10px;border-bottom:1px solid rgba(49,51,63,0.08);vertical-align:top;"
_HEAD = ("position:sticky;top:0;z-index:2;background:#f6f6f9;font-weight:600;text-align:left;"
         "white-space:nowrap;")
_KEY = "position:sticky;left:0;z-index:1;background:#fff;"


def _text(v) -> tuple[str, bool]:
    """(the cell as written, is it a number)."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return "", False
    if isinstance(v, (bool, np.bool_)):
        return ("✓" if v else ""), False
    if isinstance(v, numbers.Integral):
        return f"{int(v):,}", True
    if isinstance(v, numbers.Real):
        f = float(v)
        return (f"{int(f):,}" if f.is_integer() else f"{f:,.4f}".rstrip("0").rstrip(".")), True
    return str(v), False


MARK = "background:#fde2e1;"  # a marked row (e.g. an industry without a partner)


def table(df: pd.DataFrame, *, height: int | None = None, key_column: bool = True, wide: Iterable[str] = (),
          marks: Sequence[bool] | None = None) -> str:
    """``df`` as an HTML table. ``height``: the frame's largest height in pixels (it scrolls beyond); ``key_column``:
    the first column stays in view when the table scrolls sideways; ``wide``: columns of long text given room
    (reasons, candidate lists); ``marks``: rows to highlight. True is written ✓, False and missing values
    as an empty cell."""
    wide = set(wide)
    esc = html.escape
    limit = f"max-height:{int(height)}px;" if height else ""
    out = [f'<div class="{CLASS}" style="{_FRAME}{limit}">',
           '<table style="border-collapse:separate;border-spacing:0;width:100%">', "<thead><tr>"]
    for i, c in enumerate(df.columns):
        key = _KEY + "z-index:3;" if key_column and i == 0 else ""
        out.append(f'<th style="{_CELL}{_HEAD}{key}">{esc(str(c))}</th>')
    out.append("</tr></thead><tbody>")
    cols = [str(c) for c in df.columns]
    for n, row in enumerate(df.itertuples(index=False, name=None)):
        mark = MARK if marks is not None and marks[n] else ""
        out.append("<tr>")
        for i, v in enumerate(row):
            s, num = _text(v)
            style = _CELL + mark + ("text-align:right;white-space:nowrap;" if num else
                                    "min-width:18em;max-width:40em;" if cols[i] in wide else "min-width:7em;max-width:28em;")
            if key_column and i == 0:
                style += _KEY + mark  # the mark again: the key column's own background would hide it
            out.append(f'<td style="{style}">{esc(s)}</td>')
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


#: longer tables stay interactive (``st.dataframe`` draws only the rows in view; thousands of HTML rows cost
#: the browser more than the grid's code)
MAX_ROWS = 200


def show(df: pd.DataFrame, **kwargs) -> None:
    """:func:`table` on the page (``st.html``: no grid code loaded in the browser); a table of more than
    :data:`MAX_ROWS` rows as an interactive ``st.dataframe`` instead."""
    import streamlit as st

    if len(df) > MAX_ROWS:
        st.dataframe(df, width="stretch", hide_index=True, height=kwargs.get("height") or "auto")
    else:
        st.html(table(df, **kwargs))


def read(body: str) -> pd.DataFrame:
    """The DataFrame a :func:`table` shows: its header and every cell as the text written."""
    cell = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
    rows = [[html.unescape(c) for c in cell.findall(r)] for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return pd.DataFrame(rows[1:], columns=rows[0]) if rows else pd.DataFrame()
