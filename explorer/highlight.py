"""Span highlighting for the ingest preview: the entities an extractor found, marked in the document text
(spaCy displaCy ``ent`` style, rendered offline)."""
from __future__ import annotations

import re

__all__ = ["squeeze_blank_lines", "displacy_html"]


def squeeze_blank_lines(text: str, spans: list[dict]) -> tuple[str, list[dict]]:
    """Collapse runs of blank lines (Markdown paragraphs) to one line break, moving the spans with the
    text so they still cover the same characters."""
    keep = [True] * len(text)
    for m in re.finditer(r"\n(?:[ \t]*\n)+", text):
        for i in range(m.start() + 1, m.end()):
            keep[i] = False
    new_index, out, j = [0] * (len(text) + 1), [], 0
    for i, ch in enumerate(text):
        new_index[i] = j
        if keep[i]:
            out.append(ch)
            j += 1
    new_index[len(text)] = j
    moved = [{**s, "start": new_index[s["start"]], "end": new_index[s["end"]]} for s in spans
             if new_index[s["end"]] > new_index[s["start"]]]
    return "".join(out), moved


def displacy_html(text: str, spans: list[dict], label_names: dict[str, str] | None = None,
                  colors: dict[str, str] | None = None) -> str:
    """Highlighted text (spaCy displaCy ``ent`` style, rendered offline with ``manual=True``).

    ``label_names`` maps a node label to the name shown (e.g. 院校); ``colors`` maps a node label to a colour.
    """
    from spacy import displacy

    label_names = label_names or {}
    colors = colors or {}
    text, spans = squeeze_blank_lines(text, spans)
    ents = [{"start": s["start"], "end": s["end"], "label": label_names.get(s["label"], s["label"])}
            for s in spans]
    opts = {"colors": {label_names.get(k, k): v for k, v in colors.items()}}
    return displacy.render({"text": text, "ents": ents, "title": None}, style="ent", manual=True,
                           options=opts, page=False, jupyter=False)

