"""The start-up warm-up (explorer/warmup.py) sets up chart and table rendering through Streamlit's own
conversion (#24) — if Streamlit renames it, the warm-up would silently fall back to a plain Altair
``to_dict``: this says so instead."""
from __future__ import annotations


def test_render_warm_up_goes_through_streamlits_chart_and_table_conversions(monkeypatch):
    import streamlit.dataframe_util as du
    import streamlit.elements.vega_charts as vc

    from explorer.warmup import warm_render

    seen: list[str] = []
    spec, arrow = vc._convert_altair_to_vega_lite_spec, du.convert_anything_to_arrow_bytes
    monkeypatch.setattr(vc, "_convert_altair_to_vega_lite_spec", lambda c: seen.append("chart") or spec(c))
    monkeypatch.setattr(du, "convert_anything_to_arrow_bytes", lambda d: seen.append("table") or arrow(d))
    warm_render()
    assert seen[0] == "chart" and seen[-1] == "table", seen  # (the chart serialises its data as a table too)
