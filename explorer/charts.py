"""Horizontal bar charts drawn as plain HTML/CSS (``st.html``), for the pages' first view (#24).

A Vega-Lite chart (``st.altair_chart``) makes a new browser session load and compile about 0.8 MB of
JavaScript (vega-embed and its parts) before the page is shown; these bars need none (Streamlit's HTML
element is 2 KB), and show what the leaders read from the charts: one bar per row, its length, its value
written at its end, the parts of a stacked bar in colours with a legend, the exact figures in a tooltip.

:func:`bars` returns the HTML (tested as text); :func:`show` puts it on the page. Every text in it is
escaped; the page passes labels already in the current language (explorer/i18n.py).
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

__all__ = ["Part", "Row", "bars", "show", "CLASS"]

#: the chart's outer element starts with this (tests and the language check find the charts by it)
CLASS = "kg-chart"
LABEL_PX = 260  # the longest label shown in full (as ui.band_axis's labelLimit)
VALUE_PX = 72  # room kept right of the longest bar for its value


@dataclass
class Part:
    """One coloured part of a bar: ``value`` (≥ 0), its ``color`` and ``name`` (legend and tooltip)."""

    value: float
    color: str
    name: str = ""


@dataclass
class Row:
    """One bar: its ``label`` and its ``parts`` (stacked left to right, or one under the other with
    ``grouped=True`` in :func:`bars`); ``tip`` adds lines to the tooltip; ``mark`` highlights the label."""

    label: str
    parts: list[Part] = field(default_factory=list)
    tip: str = ""
    mark: bool = False


def _fmt(v: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.3f}".rstrip("0").rstrip(".") if abs(v) < 10 else f"{v:,.1f}"


def _symlog(v: float) -> float:
    return math.log10(1 + max(v, 0.0))


def bars(rows: Sequence[Row], *, axis: str = "", log: bool = False, domain: float | None = None,
         grouped: bool = False, fmt: Callable[[float], str] = _fmt, legend: bool | None = None,
         caption: str = "") -> str:
    """The chart as HTML. ``axis``: what the lengths measure (written under the bars); ``log``: lengths on a
    symmetric log scale (counts from 1 to 100,000 side by side, as the overview's Vega charts had); ``domain``:
    the value of a full-length bar (default the largest bar); ``grouped``: a row's parts as thin bars one
    under the other (compare two shares) instead of stacked; ``fmt``: how values are written; ``legend``:
    show the part names' colours (default: when the bars have more than one kind of part)."""
    scale = _symlog if log else (lambda v: max(v, 0.0))
    totals = [max((p.value or 0) for p in r.parts) if grouped else sum((p.value or 0) for p in r.parts)
              for r in rows]
    top = scale(domain if domain is not None else max(totals or [0])) or 1.0
    kinds: dict[str, str] = {}
    for r in rows:
        for p in r.parts:
            if p.name:
                kinds.setdefault(p.name, p.color)
    esc = html.escape
    out = [f'<div class="{CLASS}" style="font-size:0.82rem;line-height:1.25;margin:0.2rem 0 0.6rem 0">']
    if legend if legend is not None else len(kinds) > 1:
        out.append('<div style="margin:0 0 0.35rem 0">' + "".join(
            f'<span style="display:inline-block;margin-right:14px;white-space:nowrap">'
            f'<span style="display:inline-block;width:11px;height:11px;background:{c};margin-right:5px;'
            f'vertical-align:middle"></span>{esc(n)}</span>' for n, c in kinds.items()) + "</div>")
    out.append(f'<div style="display:grid;grid-template-columns:minmax(60px,max-content) 1fr;column-gap:10px;'
               f'row-gap:3px;align-items:center">')
    for r, total in zip(rows, totals):
        tip = "\n".join([r.label, *(f"{p.name}: {fmt(p.value)}" if p.name else fmt(p.value) for p in r.parts),
                         *([r.tip] if r.tip else [])])
        weight = "font-weight:600;color:#b42318;" if r.mark else ""
        out.append(f'<div title="{esc(tip)}" style="max-width:{LABEL_PX}px;overflow:hidden;text-overflow:ellipsis;'
                   f'white-space:nowrap;text-align:right;{weight}">{esc(r.label)}</div>')
        if grouped:
            lines = "".join(
                f'<div style="display:flex;align-items:center;gap:6px;height:9px;margin:1px 0">'
                f'<div style="width:calc({scale(p.value or 0) / top:.4f} * (100% - {VALUE_PX}px));flex:none;height:100%;'
                f'background:{p.color}"></div>'
                f'<span style="font-size:0.72rem;color:#555">{esc(fmt(p.value))}</span></div>' for p in r.parts)
            out.append(f'<div title="{esc(tip)}">{lines}</div>')
        else:
            frac = scale(total) / top
            segs = "".join(f'<div style="width:{100 * p.value / total:.3f}%;background:{p.color}"></div>'
                           for p in r.parts if (p.value or 0) > 0)  # (total > 0 when a part is)
            out.append(f'<div title="{esc(tip)}" style="display:flex;align-items:center;gap:6px;height:18px">'
                       f'<div style="display:flex;flex:none;width:calc({frac:.4f} * (100% - {VALUE_PX}px));height:14px">{segs}</div>'
                       f'<span style="color:#333;white-space:nowrap">{esc(fmt(total))}</span></div>')
    out.append("</div>")
    if axis or caption:
        note = esc(axis) + (f" · {esc(caption)}" if caption else "")
        out.append(f'<div style="color:#666;font-size:0.75rem;margin-top:0.3rem;padding-left:4px">{note}</div>')
    out.append("</div>")
    return "".join(out)


def show(rows: Sequence[Row], **kwargs) -> None:
    """:func:`bars` on the page (``st.html``: no chart library loaded in the browser)."""
    import streamlit as st

    st.html(bars(rows, **kwargs))
