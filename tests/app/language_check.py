"""Find text of the other language on an explorer page (used by the language test and `kg bench`-free checks).

``page_texts(at)`` collects what a user reads from a Streamlit ``AppTest`` run: titles, headers, captions,
markdown, HTML bar charts, notices, widget labels / options / placeholders, metric labels, tab and expander labels, button
labels, table column headers, and the drawn graphs' type and relationship names. Table cells and names
taken from the data are *data values*: ``foreign_text(texts, lang, data_values)`` ignores them and
reports the rest that is in the other language:

* ``en``: any Chinese character outside a data value;
* ``zh``: any English word (two or more Latin letters) outside a data value and the allowed names
  (product and format names such as CSV, Excel, Cypher, Neo4j, codes such as GB/T 4754).
"""
from __future__ import annotations

import html
import json
import re
from typing import Any, Iterable

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
# names that stay as they are in a Chinese interface
ALLOWED_LATIN = {"CSV", "Excel", "XLSX", "JSON", "Cypher", "Neo4j", "LadybugDB", "GB", "ISIC", "Rev", "MOE",
                 "ID", "PDF", "Markdown", "Word", "RDF", "Turtle", "JSON-LD", "URL", "AND", "OR", "LIMIT",
                 "MATCH", "RETURN", "WHERE", "kg", "make", "load", "init", "ingest", "reference", "xs", "substring",
                 "abcdef", "Bolt", "http", "https", "KG_STORE", "KG_DB", "NEO4J_URI", "toInteger", "split",
                 "toFloat", "toString", "string_split", "to_int64", "to_double", "cast", "INT64", "DOUBLE",
                 "STRING", "Lagou", "BOSS", "Tushare", "ST", "A"}
ALLOWED_CJK = {"中文"}  # the language switch names each language in itself


def _strings(node: Any) -> Iterable[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _strings(v)


def page_texts(at) -> tuple[list[tuple[str, str]], set[str]]:
    """([(element kind, text)], data values) of the page last run in ``at`` (an AppTest)."""
    texts: list[tuple[str, str]] = []
    data: set[str] = set()

    def add(kind: str, s: Any) -> None:
        if isinstance(s, str) and s.strip():
            texts.append((kind, s))

    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success",
                 "exception", "latex", "code"):
        for el in getattr(at, kind, []):
            if kind not in ("code", "exception"):
                add(kind, el.value)
    for el in at.get("html"):  # the HTML bar charts (explorer/charts.py): their visible text
        body = getattr(el.proto, "body", "")
        if body.startswith('<div class="kg-chart"'):
            add("chart", html.unescape(re.sub(r"<[^>]+>", " ", body)))
        elif body.startswith('<div class="kg-legend"'):  # the node types' colour legend (explorer/ui.py)
            add("legend", html.unescape(re.sub(r"<[^>]+>", " ", body)))
    html_tables = [el.proto.body for el in at.get("html") if el.proto.body.startswith('<div class="kg-table"')]
    for el in at.metric:
        add("metric", el.label)
    for kind in ("selectbox", "multiselect", "radio", "text_input", "text_area", "number_input", "slider",
                 "checkbox", "toggle", "date_input", "select_slider"):
        for el in getattr(at, kind, []):
            add(f"{kind}.label", el.label)
            add(f"{kind}.placeholder", getattr(el.proto, "placeholder", ""))
            add(f"{kind}.help", getattr(el, "help", "") or "")
            for opt in getattr(el, "options", []) or []:
                add(f"{kind}.option", opt)
    for el in at.button:
        add("button", el.label)
    for el in at.get("download_button"):
        add("download_button", el.proto.label)
    for el in at.get("form_submit_button") if hasattr(at, "get") else []:
        add("button", el.proto.label)
    for el in at.tabs:
        add("tab", el.label)
    for el in at.expander:
        add("expander", el.label)
    for el in at.get("status") if hasattr(at, "get") else []:
        add("status", getattr(el.proto, "label", ""))
    from explorer.tables import read

    for i, df in enumerate([el.value for el in at.dataframe] + [read(b) for b in html_tables]):
        if hasattr(df, "data"):  # a Styler
            df = df.data
        for c in df.columns:
            add("table.column", str(c))
        for c in df.columns:
            for v in df[c].tolist()[:200]:
                if isinstance(v, str):
                    add(f"table.cell#{i}:{c}", v)
    for el in at.get("component_instance"):
        try:
            els = json.loads(el.proto.json_args).get("elements") or {}
        except (ValueError, AttributeError):
            continue
        for n in els.get("nodes", []):
            d = n.get("data", {})
            add("graph.type", d.get("type"))
            for k in ("name", "name_en", "key", "province", "city", "level", "tier", "code"):
                if isinstance(d.get(k), str):
                    data.add(d[k])
        for e in els.get("edges", []):
            add("graph.relationship", e.get("data", {}).get("name"))
    return texts, data


def _strip_data(text: str, data: set[str]) -> str:
    """``text`` without the data values it quotes; a value that starts or ends with a Latin letter or digit
    counts only as a whole word there (the skill "DB" is not removed from "LadybugDB")."""
    out = text
    for v in sorted((d for d in data if len(d) >= 2 and d in text), key=len, reverse=True):
        left = r"(?<![A-Za-z0-9])" if v[0].isascii() and v[0].isalnum() else ""
        right = r"(?![A-Za-z0-9])" if v[-1].isascii() and v[-1].isalnum() else ""
        out = re.sub(left + re.escape(v) + right, " ", out)
    return out


def foreign_text(texts: list[tuple[str, str]], lang: str, data: set[str], extra_data: Iterable[str] = (),
                 exempt_columns: Iterable[str] = (), exempt_tables: Iterable[str] = (),
                 data_prefixes: Iterable[str] = ()) -> list[tuple[str, str, str]]:
    """[(element kind, text, what is foreign)] — text of the other language outside data values.

    ``extra_data``: names from the graph (they may appear inside a text); ``exempt_columns``: table
    columns whose cells are the source's own words (evidence, source document, data values)."""
    exempt_columns = set(exempt_columns)
    exempt_tables = {str(i) for i in exempt_tables}
    allowed = set(data) | set(extra_data)
    bad = []
    for kind, text in texts:
        if (kind.endswith(".option") or kind.startswith("table.cell")) and text in allowed:
            continue
        if kind.startswith("table.cell") and kind.split(":", 1)[1] in exempt_columns:
            continue
        if kind.startswith("table.cell#") and kind.split("#", 1)[1].split(":", 1)[0] in exempt_tables:
            continue
        if kind == "radio.option" and text in ("English", "中文"):  # the language switch names each language in itself
            continue
        for prefix in data_prefixes:  # "证据: <the source's own words>"
            if text.startswith(prefix):
                text = prefix
        rest = _strip_data(text, allowed)
        rest = re.sub(r"`[^`]*`", " ", rest)  # commands and code in backquotes
        rest = re.sub(r"\{\s*\"[^{}]*\}", " ", rest)  # a JSON example (parameters)
        rest = re.sub(r"https?://\S+", " ", rest)
        rest = re.sub(r"[\w/.-]+\.(?:md|csv|xlsx?|txt|docx|pdf|html?|ttl|jsonld|nt|rdf)\b", " ", rest)  # file names
        rest = re.sub(r"[\w@.:/-]*\d[\w@.:/-]*", " ", rest)  # codes, ids, hashes, numbers (002594.SZ, policy@1)
        if lang == "en":
            for w in ALLOWED_CJK:
                rest = rest.replace(w, " ")
            found = CJK.findall(rest)
            if found:
                bad.append((kind, text, "".join(found)[:40]))
        else:
            words = [w for w in WORD.findall(rest) if w not in ALLOWED_LATIN and w.upper() not in ALLOWED_LATIN]
            if words:
                bad.append((kind, text, " ".join(words)[:80]))
    return bad
