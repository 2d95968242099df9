"""Vocabulary terms matched in text: :class:`TermMatcher` (longest non-overlapping matches, spaCy
PhraseMatcher) and :func:`ruler_pipeline` (an ``entity_ruler`` when a ``Doc`` with ``doc.ents`` is wanted),
both on width-folded text with offsets into the input as given."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ingest.nlp import blank_pipeline, fold_width

__all__ = ["Term", "TermMatch", "TermMatcher", "ruler_pipeline"]


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
