"""Shared text helpers for the extractors: width folding, name keys, spaCy term matching.

No pretrained pipelines are available offline, so matching is vocabulary-driven: a blank spaCy
pipeline (``spacy.blank("zh")`` segments Chinese into characters; ``spacy.blank("en")`` into words)
plus a ``PhraseMatcher`` (:class:`TermMatcher`) or an ``entity_ruler`` (:func:`ruler_pipeline`) fed with
term lists taken from the graph (occupations, industries, certificates …).

* :func:`fold_width` maps full-width ASCII forms and the ideographic space to their half-width forms
  **one character for one character**, so offsets into the folded text are offsets into the original.
* :func:`norm_key` is the id of a named thing (Course, Skill, Post, Certificate): the same name written
  with full-width letters, different spacing or case gets the same key.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

__all__ = ["fold_width", "norm_key", "clean_name", "blank_pipeline", "Term", "TermMatch", "TermMatcher",
           "ruler_pipeline", "CJK"]

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


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: ``label`` (e.g. Occupation), ``id`` (graph key), ``text`` (a surface form)."""

    label: str
    id: str
    text: str


@dataclass(frozen=True)
class TermMatch:
    label: str
    id: str
    text: str  # the matched text as written in the input
    start: int  # character offsets into the input
    end: int


class TermMatcher:
    """Longest, non-overlapping matches of vocabulary terms in text (spaCy PhraseMatcher).

    Matching is on width-folded text (lower-cased for English), so full-width letters in the input
    still match; offsets refer to the input as given.
    """

    def __init__(self, terms: Iterable[Term], lang: str = "zh", min_length: int = 2):
        from spacy.matcher import PhraseMatcher

        self.nlp = blank_pipeline(lang)
        self.lang = lang
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._terms: dict[str, list[Term]] = {}
        by_key: dict[str, list[str]] = {}
        for t in terms:
            surface = fold_width(t.text).strip()
            if len(surface) < min_length:
                continue
            mid = f"{t.label}\x1f{t.id}"
            self._terms.setdefault(mid, []).append(t)
            by_key.setdefault(mid, []).append(surface)
        for mid, surfaces in by_key.items():
            self.matcher.add(mid, list(self.nlp.tokenizer.pipe(dict.fromkeys(surfaces))))
        self.size = len(by_key)

    def __len__(self) -> int:
        return self.size

    def find(self, text: str) -> list[TermMatch]:
        from spacy.util import filter_spans

        if not text or not self.size:
            return []
        doc = self.nlp.make_doc(fold_width(text))
        spans = []
        for match_id, s, e in self.matcher(doc):
            span = doc[s:e]
            span.label_ = self.nlp.vocab.strings[match_id]
            spans.append(span)
        out = []
        for span in sorted(filter_spans(spans), key=lambda sp: sp.start_char):
            label, _, tid = span.label_.partition("\x1f")
            out.append(TermMatch(label, tid, text[span.start_char:span.end_char], span.start_char, span.end_char))
        return out


def ruler_pipeline(terms: Iterable[Term], lang: str = "zh"):
    """A blank pipeline with an ``entity_ruler`` whose patterns are the terms (ent_id_ = the graph key).

    Use when a ``Doc`` with ``doc.ents`` is wanted (e.g. to pass on to other spaCy components);
    :class:`TermMatcher` is lighter when only the matches are needed.
    """
    import spacy

    nlp = spacy.blank(lang)
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": t.label, "pattern": fold_width(t.text), "id": t.id} for t in terms
                        if t.text.strip()])
    return nlp
