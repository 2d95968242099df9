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


def test_compiled_scripts_are_kept_until_their_file_changes(tmp_path):
    """Streamlit empties its script cache when the last browser session leaves; the explorer's server keeps
    what is compiled unless the file changed (explorer.warmup.keep_compiled_scripts, #24)."""
    import os

    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    from explorer.warmup import keep_compiled_scripts

    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("x = 1\n")
    b.write_text("y = 2\n")
    cache = ScriptCache()
    assert keep_compiled_scripts(cache) and keep_compiled_scripts(cache)  # once only
    code_a, code_b = cache.get_bytecode(str(a)), cache.get_bytecode(str(b))
    cache.clear()
    assert cache.get_bytecode(str(a)) is code_a and cache.get_bytecode(str(b)) is code_b
    b.write_text("y = 3\n")
    os.utime(b, ns=(os.stat(b).st_atime_ns, os.stat(b).st_mtime_ns + 1_000_000))
    cache.clear()
    assert cache.get_bytecode(str(a)) is code_a
    new_b = cache.get_bytecode(str(b))
    assert new_b is not code_b
    ns: dict = {}
    exec(new_b, ns)
    assert ns["y"] == 3
