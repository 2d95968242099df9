"""Shared text helpers for the extractors: width folding, name keys, spaCy term matching.

No pretrained pipelines are available offline, so matching is vocabulary-driven: a blank spaCy
pipeline (``spacy.blank("zh")`` segments Chinese into characters; ``spacy.blank("en")`` into words)
plus a ``PhraseMatcher`` or an ``entity_ruler`` fed with term lists taken from the graph (occupations,
industries, certificates …): :mod:`ingest.vocab.terms`.

* :func:`fold_width` maps full-width ASCII forms and the ideographic space to their half-width forms
  **one character for one character**, so offsets into the folded text are offsets into the original.
* :func:`norm_key` is the id of a named thing (Course, Skill, Post, Certificate): the same name written
  with full-width letters, different spacing or case gets the same key.
"""
from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["fold_width", "norm_key", "clean_name", "blank_pipeline", "CJK"]

CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20  # ideographic space
_FOLD[0x00A0] = 0x20  # no-break space
_FOLD_ALNUM = {cp: v for cp, v in _FOLD.items() if chr(v).isalnum() or v == 0x20}


def fold_width(text: str) -> str:
    """Full-width ASCII (Ａ，：（） …) → half-width; same length as the input."""
    return text.translate(_FOLD)


_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = " \t\r\n.,;:!?。，、；：！？·•…\"'“”‘’"


def clean_name(text: str) -> str:
    """Display form of a name: width folded (ASCII letters/digits only), whitespace collapsed, edge
    punctuation stripped; spaces kept only between two Latin/digit characters."""
    s = text.translate(_FOLD_ALNUM)
    s = _SPACE.sub(" ", s).strip(_EDGE_PUNCT)
    # drop spaces next to CJK characters (OCR puts them around Latin words: "C 语言" → "C语言")
    s = re.sub(rf"(?<=[{CJK}]) (?=\S)|(?<=\S) (?=[{CJK}])", "", s)
    return s


def norm_key(text: str) -> str:
    """Stable key for a named thing: NFKC, lower case, no whitespace, no edge punctuation."""
    s = unicodedata.normalize("NFKC", text).lower()
    s = _SPACE.sub("", s).strip(_EDGE_PUNCT)
    return s


@functools.lru_cache(maxsize=4)
def blank_pipeline(lang: str = "zh"):
    """A blank spaCy pipeline (cached): 'zh' segments into characters, 'en' into words."""
    import spacy

    return spacy.blank(lang)
