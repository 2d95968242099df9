"""What each page computes on its first visit, computed once at server start into the app's cache.

:func:`warm_up` calls the same library functions with the same arguments as the pages' default views
(the overview; the first province → college → group of the pickers; the coverage of all provinces; the
review queue), through :func:`explorer.ui.warm`, which fills the same version-keyed cache
:func:`explorer.ui.call` reads. Runs in a background thread of the server (explorer/serve.py); the
order is the order a new user is likely to open the pages. Returns what it did, with seconds.
"""
from __future__ import annotations

import time


def _default_pick(rows: list[dict], allow_all_groups: bool) -> tuple[str | None, str | None]:
    """The pickers' first choice (explorer/pickers.py): first province, its first college, first group."""
    if not rows:
        return None, None
    prov = sorted({r["province"] for r in rows})[0]
    colleges: dict[str, dict] = {}
    for r in rows:
        if r["province"] == prov:
            colleges.setdefault(r["moe_code"], r)
    code = next(iter(colleges))
    groups = [r["group_id"] for r in rows if r["moe_code"] == code]
    return code, (None if allow_all_groups else (groups[0] if groups else None))


def warm_render() -> None:
    """What the first chart and table of any session pay once per server process, paid here instead
    (#24): Altair's first ``to_dict`` loads and compiles the Vega-Lite JSON schema it validates every
    spec against, and the first Arrow serialisation of a DataFrame sets up pandas → Arrow conversion.
    Goes through Streamlit's own conversions where they exist (a private function: a plain
    ``to_dict`` if it is gone)."""
    import altair as alt
    import pandas as pd

    df = pd.DataFrame({"n": [1, 2], "name": ["a", "b"]})
    chart = alt.Chart(df).mark_bar().encode(
        x=alt.X("n:Q", title="n", scale=alt.Scale(type="symlog")), y=alt.Y("name:N", sort="-x"),
        color=alt.Color("name:N", legend=None), tooltip=[alt.Tooltip("name:N", title="t")]).properties(height=40)
    try:
        from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

        _convert_altair_to_vega_lite_spec(chart)
    except ImportError:
        chart.to_dict()
    try:
        from streamlit.dataframe_util import convert_anything_to_arrow_bytes

        convert_anything_to_arrow_bytes(df)
    except ImportError:
        pass


def _stamp(path: str) -> tuple[int, int] | None:
    """A script file's (modification time, size), None if it cannot be read."""
    import os

    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def keep_compiled_scripts(cache) -> bool:
    """Make the server's script cache keep a compiled script until its file changes (#24).

    Streamlit empties the whole cache whenever its last browser session disconnects ("avoid stale
    cached scripts", websocket_session_manager), so every new session after that — each first visit
    of the benchmark, a user who closed the previous tab — compiled app.py and its page again, with the
    "magic" AST rewrite (13–150 ms of a first script run here). The cache's ``clear`` now drops only the
    scripts whose file changed (modification time or size) since they were compiled, which is what it
    is for. Private Streamlit parts: returns False (and changes nothing) if they are gone."""
    import os

    if getattr(cache, "kg_keep", False):
        return True
    try:
        entries, lock, get = cache._cache, cache._lock, cache.get_bytecode
    except AttributeError:
        return False
    if not isinstance(entries, dict):
        return False
    stamps: dict[str, tuple[int, int] | None] = {}

    def get_bytecode(script_path: str):
        path = os.path.abspath(script_path)
        if path not in entries:
            stamps[path] = _stamp(path)  # before compiling: a change while compiling is seen at the next clear
        return get(script_path)

    def clear_changed() -> None:
        with lock:
            for path in list(entries):
                if stamps.get(path) is None or _stamp(path) != stamps[path]:
                    del entries[path]

    cache.get_bytecode, cache.clear, cache.kg_keep = get_bytecode, clear_changed, True
    return True


def warm_scripts() -> int:
    """Compile app.py and every page script into the server's script cache — what the first run of each
    page in a server process paid (Streamlit compiles a script on its first run, with its "magic" AST
    rewrite: 0.1–0.2 s a page on this machine, #24), kept until a file changes (:func:`keep_compiled_scripts`)
    — and pay the once-per-process costs of a first script run: Streamlit's check whether it runs in a REPL
    (``inspect.stack()`` of the script thread, 0.2–0.4 s), the emoji table of the first notice with an icon,
    pandas' table styling, the explorer's term tables (explorer/i18n_terms.py). Private Streamlit parts, each
    skipped if it is gone (the first visit then pays it, as before). Returns the number of scripts compiled."""
    from pathlib import Path

    import pandas as pd

    from explorer.launch import PAGES

    try:
        import streamlit.emojis  # noqa: F401 - the first st.warning/st.info looks its icon up here
    except ImportError:
        pass
    import explorer.i18n_terms  # noqa: F401 - column names, values, phrases: loaded on first use (30 ms)
    _ = pd.DataFrame({"a": [1]}).style  # noqa: F841 - imports pandas.io.formats.style (jinja2) once
    try:
        from streamlit.runtime import Runtime

        rt = Runtime.instance()
        main, cache = Path(rt._main_script_path), rt._script_cache
    except (ImportError, AttributeError, RuntimeError):
        return 0  # no server in this process
    keep_compiled_scripts(cache)
    try:
        from streamlit import delta_generator

        delta_generator._maybe_print_use_warning()  # once per process: inspect.stack() (is_repl)
    except (ImportError, AttributeError):
        pass
    n = 0
    for path in [main, *((main.parent / page).resolve() for page, _ in PAGES)]:
        try:
            cache.get_bytecode(str(path))  # keyed on the absolute path, as the script runner asks for it
            n += 1
        except (OSError, SyntaxError):
            pass
    return n


def warm_up() -> list[tuple[str, float]]:
    from explorer import ui
    from queries import explorer_api, graph, library, pickers, review

    done: list[tuple[str, float]] = []

    def w(fn, *args, **kwargs):
        t0 = time.perf_counter()
        out = ui.warm(fn, *args, **kwargs)
        done.append((f"{fn.__module__}:{fn.__name__}", round(time.perf_counter() - t0, 3)))
        return out

    t0 = time.perf_counter()
    n = warm_scripts()
    done.append((f"scripts:{n}", round(time.perf_counter() - t0, 3)))
    t0 = time.perf_counter()
    warm_render()  # the pages' chart library and tables: imported and set up once here, not on a first visit
    done.append(("render", round(time.perf_counter() - t0, 3)))
    w(graph.graph_counts)
    w(library.run, "majors_per_industry", {})
    w(explorer_api.matching_by_province)
    w(graph.document_sources)
    w(graph.reference_documents)
    rows = w(pickers.group_choices) or []
    code, _ = _default_pick(rows, allow_all_groups=True)
    if code:
        w(explorer_api.gaps, code, None)
        w(library.run, "college_partners", {"college": code})
    code, gid = _default_pick(rows, allow_all_groups=False)
    w(pickers.firm_facets)
    if code and gid:
        w(pickers.suggest_filtered, gid, code, top=10, region=None, tags=[], sizes=[])
    w(explorer_api.coverage, None)
    code, _ = _default_pick(rows, allow_all_groups=True)
    if code:
        w(explorer_api.skills_gap, code, None)
    w(review.review_queue, confidence_below=0.6, limit=300)
    return done
