"""Profile blocks + vocabularies → graph records, with provenance and a per-document report."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ingest.curriculum.fields import (Item, ProfileFields, parse_fields, placement_sentences, split_list,
                                     split_occupations)
from ingest.curriculum.segment import ProfileBlock, segment
from ingest.vocab.curriculum import CurriculumVocabulary, major_level
from ingest.industry_linker import EXTRACTOR as LINKER_EXTRACTOR
from ingest.industry_linker import IndustryLinker
from ingest.nlp import clean_name, fold_width, norm_key
from kg.records import NodeRecord, Provenance, RelRecord

EXTRACTOR = "curriculum@1"
ITEM_CONFIDENCE = 0.95  # a list item parsed from OCR text
# the catalogue levels a major's 接续 lists may name (中职 profiles list 高职专科 and 高职本科 follow-ons)
FOLLOW_ON_LEVELS = {"中职": ("高职专科", "高职本科"), "高职专科": ("高职本科",)}
RE_CLASS_FROM_NAME = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass
class ResolvedMajor:
    block: ProfileBlock
    code: str | None
    name: str | None
    confidence: float  # 1.0 when the code line was read and agrees with the catalogue
    method: str  # code | code+name | name | position | unresolved | unknown-code
    fields: ProfileFields | None = None


@dataclass
class DocumentResult:
    majors: list[ResolvedMajor] = field(default_factory=list)
    records: list[NodeRecord | RelRecord] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)


def class_code_from(path_name: str, blocks: list[ProfileBlock]) -> str | None:
    m = RE_CLASS_FROM_NAME.search(path_name)
    if m:
        return m.group(1)
    for b in blocks:
        if b.class_code:
            return b.class_code
        if b.code:
            return b.code[:4]
    return None


def _name_similarity(name: str, text: str) -> float:
    """Share of the name's character bigrams that occur in the text."""
    grams = {name[i:i + 2] for i in range(len(name) - 1)} or {name}
    return sum(1 for g in grams if g in text) / len(grams)


def resolve_majors(blocks: list[ProfileBlock], vocab: CurriculumVocabulary, class_code: str | None,
                   doc: str) -> list[ResolvedMajor]:
    """Give every block a catalogue code: the code line when it is in the catalogue, else the name
    (within the file's class), else its position between coded neighbours plus the text's similarity to
    the candidate names. Codes not in the catalogue are kept as ``unknown-code`` (reported, not created)."""
    out: list[ResolvedMajor] = []
    for b in blocks:
        cls = (b.code[:4] if b.code else None) or b.class_code or class_code
        if b.code and b.code in vocab.majors:
            entry = vocab.majors[b.code]
            conf = 1.0
            if b.name and clean_name(b.name) != entry.name:
                by_name = vocab.major_by_name(b.name, entry.level, fuzzy=False)
                if by_name and by_name[0] != b.code:
                    conf = 0.7  # code and name disagree: trust the code, flag it
            out.append(ResolvedMajor(b, b.code, entry.name, conf, "code"))
        elif b.name:
            lv = major_level(b.code) if b.code else (major_level(cls) if cls else None)
            hit = vocab.major_by_name(b.name, lv or None, cls)
            if hit:
                code, score = hit
                out.append(ResolvedMajor(b, code, vocab.majors[code].name, round(0.85 * score, 3),
                                         "name" if not b.code else "name (code not in catalogue)"))
            elif b.code:
                out.append(ResolvedMajor(b, b.code, b.name, 0.0, "unknown-code"))
            else:
                out.append(ResolvedMajor(b, None, b.name, 0.0, "unresolved"))
        else:
            out.append(ResolvedMajor(b, b.code, None, 0.0, "unknown-code" if b.code else "unresolved"))
    # position: a block without code/name sits between coded neighbours
    taken = {m.code for m in out if m.code}
    i = 0
    while i < len(out):
        if out[i].method != "unresolved":
            i += 1
            continue
        j = i
        while j < len(out) and out[j].method == "unresolved":
            j += 1
        lo = next((out[k].code for k in range(i - 1, -1, -1) if out[k].code), None)
        hi = next((out[k].code for k in range(j, len(out)) if out[k].code), None)
        cls = out[i].block.class_code or class_code or (lo or hi or "")[:4]
        cands = [c for c in vocab.class_codes(cls) if c not in taken
                 and (lo is None or c > lo) and (hi is None or c < hi)] if cls else []
        gap = out[i:j]
        texts = [doc[m.block.start:m.block.end] for m in gap]
        # the 2022 profiles describe the 2021 catalogue: majors added later are candidates only when
        # the 2021 ones cannot fill the gap
        first = [c for c in cands if (vocab.majors[c].catalogue or "2021") == "2021"]
        if len(first) >= len(gap):
            cands = first
        if cands and len(cands) == len(gap):
            pairs = list(zip(gap, cands))
            base = 0.8
        else:
            pairs = []
            free = list(cands)
            for m, t in zip(gap, texts):
                if not free:
                    break
                best = max(free, key=lambda c: _name_similarity(vocab.majors[c].name, t))
                pairs.append((m, best))
                free.remove(best)
            base = 0.6
        for m, c in pairs:
            sim = _name_similarity(vocab.majors[c].name, doc[m.block.start:m.block.end])
            if sim < 0.5:
                continue  # the text does not support the candidate: leave it unresolved
            m.code, m.name = c, vocab.majors[c].name
            m.confidence = round(base * (0.75 + 0.25 * sim), 3)
            m.method = "position+text"
            taken.add(c)
        i = j
    return out


def _prov(doc_id: str, doc: str, item: Item, confidence: float, extractor: str = EXTRACTOR) -> Provenance:
    """Provenance of one item: evidence is the exact document text of its span."""
    evidence = doc[item.start:item.end] or item.text
    return Provenance(source=doc_id, evidence=evidence, extractor=extractor,
                      confidence=round(max(0.0, min(1.0, confidence)), 3),
                      locator=f"section {item.section} chars {item.start}-{item.end}")


def stated_industries(fields: ProfileFields, vocab: CurriculumVocabulary, doc: str) -> list[tuple[str, Item]]:
    """(industry code, item) for GB/T 4754 industries named in the 职业面向 lead or the placement
    sentences of 实习实训."""
    out: list[tuple[str, Item]] = []
    spans: list[Item] = list(fields.industry_context)
    for it in fields.internship:
        raw = doc[it.start:it.end]
        for off, sent in placement_sentences(raw):
            s0 = it.start + off
            spans.append(Item(sent, s0, s0 + len(sent), it.section, it.evidence))
    for sp in fields.occupation_spans:  # industries listed in the occupation slot
        raw = doc[sp.start:sp.end]
        for i, j in split_list(fold_width(raw)):
            code = vocab.industry_exact(raw[i:j])
            if code:
                out.append((code, Item(raw[i:j], sp.start + i, sp.start + j, sp.section, sp.evidence)))
    matcher = vocab.industry_matcher
    ctx = {(c.start, c.end) for c in fields.industry_context}
    for sp in spans:
        raw = doc[sp.start:sp.end]
        found = matcher.find(raw)
        for m in found:
            out.append((m.id, Item(m.text, sp.start + m.start, sp.start + m.end, sp.section, sp.evidence)))
        if (sp.start, sp.end) not in ctx:
            # "在纺织服装行业的…企业": a phrase ending in 行业/产业 names an industry, maybe loosely
            for m in re.finditer(r"([\u4e00-\u9fff]{2,16}?)(?:等)?(?:行业|产业)", raw):
                if any(f.start < m.end() and f.end > m.start() for f in found):
                    continue
                piece = re.sub(r"^(?:在|到|于|面向)", "", m.group(1))
                hit = vocab.industry_by_name(piece)
                if hit:
                    a = m.start(1) + (len(m.group(1)) - len(piece))
                    out.append((hit, Item(piece, sp.start + a, sp.start + a + len(piece), sp.section, sp.evidence)))
            continue
        # the 职业面向 lead lists industries, often loosely ("电信广播电视和卫星传输、软件和信息技术服务等行业"):
        # each listed item without an exact name is matched to the closest standard name
        for i, j in split_list(fold_width(raw)):
            if any(m.start < j and m.end > i for m in found):
                continue
            piece = re.sub(r"(?:等)?(?:相关)?(?:行业|产业|领域)$", "", raw[i:j])
            hit = vocab.industry_by_name(piece)
            if hit:
                out.append((hit, Item(piece, sp.start + i, sp.start + i + len(piece), sp.section, sp.evidence)))
    return out


def occupations_of(f: ProfileFields, vocab: CurriculumVocabulary, doc: str) -> list[Item]:
    """Occupation items with vocabulary names kept whole (falls back to the plain split without a
    vocabulary)."""
    if not vocab.occupations or not f.occupation_spans:
        return f.occupations
    out: list[Item] = []
    matcher = vocab.occupation_matcher
    for sp in f.occupation_spans:
        found = [(m.start, m.end) for m in matcher.find(doc[sp.start:sp.end])]
        # an industry listed where occupations belong ("面向新闻和出版业、…等职业") is a stated industry
        out += [it for it in split_occupations(sp, doc, found) if not vocab.industry_exact(it.text)]
    return out


def link_occupations(items: list[Item], vocab: CurriculumVocabulary) -> list[tuple[Item, Any]]:
    """(item, OccupationMatch | None); "A和B" / "A及B" whose parts are both occupations becomes two items."""
    out: list[tuple[Item, Any]] = []
    for it in items:
        hit = vocab.occupation(it.text)
        if hit is None and re.search("[和及]", it.text):
            parts = re.split("[和及]", it.text)
            hits = [vocab.occupation(p) for p in parts]
            if len(parts) > 1 and all(h is not None and h.method != "fuzzy" for h in hits):
                pos = it.start
                for p, h in zip(parts, hits):
                    out.append((Item(p, pos, pos + len(p), it.section, it.evidence), h))
                    pos += len(p) + 1
                continue
        out.append((it, hit))
    return out


def _supporting_line(doc: str, start: int, end: int, terms) -> tuple[int, int]:
    """Offsets of the first line of doc[start:end] that holds one of ``terms`` (in their order), without
    surrounding whitespace: the verbatim evidence of an inferred link; (0, 0) when no term is found."""
    block = doc[start:end]
    for t in terms:
        i = block.find(t)
        if i < 0:
            continue
        a = block.rfind("\n", 0, i) + 1
        b = block.find("\n", i)
        b = len(block) if b < 0 else b
        while a < b and block[a].isspace():
            a += 1
        while b > a and block[b - 1].isspace():
            b -= 1
        return start + a, start + b
    return 0, 0


def follow_on_links(fields: ProfileFields, level: str, vocab: CurriculumVocabulary, unresolved: list[str] | None = None,
                    code: str = "") -> list[tuple[Item, str, str, float]]:
    """(item, target level, target major code, score) of every 接续 item naming a vocational catalogue
    major of a level the ``level`` major can continue to (中职 → 高职专科 and 高职本科; 高职专科 → 高职本科);
    普通本科 / 硕士 lists are outside the vocational catalogue. Items that name no major of their level are
    appended to ``unresolved``."""
    out = []
    levels = FOLLOW_ON_LEVELS.get(level, ())
    for it in fields.follow_on:
        if it.kind not in levels:
            continue
        hit = vocab.follow_on_major(it.text, it.kind)
        if hit is None:
            if unresolved is not None:
                unresolved.append(f"{code} → {it.text} ({it.kind})")
            continue
        out.append((it, it.kind, hit[0], hit[1]))
    return out


def build_records(doc_id: str, doc: str, majors: list[ResolvedMajor], vocab: CurriculumVocabulary,
                  linker: IndustryLinker | None, report: dict) -> list[NodeRecord | RelRecord]:
    recs: list[NodeRecord | RelRecord] = []
    seen_nodes: set[tuple[str, str]] = set()
    occ_misses: list[str] = []
    occ_linked = occ_fuzzy = 0
    follow_unresolved: list[str] = []
    stated_n = inferred_n = 0

    def node(label: str, key: str, props: dict, prov: Provenance) -> None:
        # one statement per document for a node (the edges carry each occurrence)
        if (label, key) not in seen_nodes:
            seen_nodes.add((label, key))
            recs.append(NodeRecord(label=label, key=key, props=props, prov=prov))

    def rel(type_: str, start: str, end_label: str, end: str, prov: Provenance, **props) -> None:
        recs.append(RelRecord(type=type_, start_label="Major", start_key=start, end_label=end_label,
                              end_key=end, props=props, prov=prov))

    # a profile printed as （略） states nothing: no facts, not even inferred ones, cite this document
    usable = [m for m in majors if m.code and m.code in vocab.majors and not m.block.omitted]
    links = (linker.link_many([{"name": m.name or "", **m.fields.field_text()} for m in usable])
             if linker is not None else [[] for _ in usable])
    for m, major_links in zip(usable, links):
        f = m.fields
        assert f is not None
        base = ITEM_CONFIDENCE * m.confidence
        code = m.code
        assert code is not None
        ev_item = f.objective or Item(code, m.block.code_span[0] if m.block.code_span else m.block.start,
                                      m.block.code_span[1] if m.block.code_span else m.block.start + 1,
                                      "专业代码", doc[m.block.start:m.block.end][:200])
        node("Major", code, {"target": f.objective.text if f.objective else None},
             _prov(doc_id, doc, ev_item, m.confidence))
        # a named thing's node and its edge cite the same span: one (immutable) Provenance for both
        for it in f.courses:
            key, pv = norm_key(it.text), _prov(doc_id, doc, it, base)
            node("Course", key, {"name": it.text}, pv)
            rel("HAS_COURSE", code, "Course", key, pv, kind=it.kind)
        for it in f.abilities:
            key, pv = norm_key(it.text), _prov(doc_id, doc, it, base)
            node("Skill", key, {"name": it.text, "lang": "zh", "kind": "ability"}, pv)
            rel("DEVELOPS", code, "Skill", key, pv)
        for it in f.posts:
            key, pv = norm_key(it.text), _prov(doc_id, doc, it, base)
            node("Post", key, {"name": it.text}, pv)
            rel("TARGETS_POST", code, "Post", key, pv)
        f.occupations = occupations_of(f, vocab, doc)
        for it, hit in link_occupations(f.occupations, vocab):
            if hit is None:
                occ_misses.append(it.text)
                continue
            occ_linked += 1
            conf = base if hit.method == "exact" else base * 0.9 * hit.score / 100.0
            if hit.method != "exact":
                occ_fuzzy += 1
            rel("PREPARES_FOR", code, "Occupation", hit.code, _prov(doc_id, doc, it, conf))
        for it in f.certificates:
            key, pv = norm_key(it.text), _prov(doc_id, doc, it, base)
            node("Certificate", key, {"name": it.text, "kind": it.kind}, pv)
            rel("HAS_CERTIFICATE", code, "Certificate", key, pv)
        for it, _lv, target, score in follow_on_links(f, vocab.majors[code].level, vocab, follow_unresolved, code):
            rel("LEADS_TO", code, "Major", target, _prov(doc_id, doc, it, base * score))
        stated_codes = set()
        for ind_code, it in stated_industries(f, vocab, doc):
            stated_codes.add(ind_code)
            stated_n += 1
            rel("SERVES", code, "Industry", ind_code, _prov(doc_id, doc, it, base))
        for link in major_links:
            if link.code in stated_codes or link.code not in vocab.industries:
                continue
            inferred_n += 1
            a, b = _supporting_line(doc, m.block.start, m.block.end, link.evidence_terms)
            if b <= a:
                a, b = ev_item.start, ev_item.end
            prov = Provenance(source=doc_id, extractor=LINKER_EXTRACTOR,
                              confidence=round(link.confidence * max(m.confidence, 0.5), 3),
                              evidence=doc[a:b] or ev_item.text,
                              locator=f"major {code} (inferred from the name, posts, occupations, courses and "
                                      f"abilities; terms {'、'.join(link.evidence_terms)}) chars {a}-{b}")
            rel("SERVES", code, "Industry", link.code, prov)
    report.update(occupations_linked=occ_linked, occupations_inexact=occ_fuzzy,
                  occupations_missed=occ_misses, follow_on_unresolved=follow_unresolved,
                  industries_stated=stated_n, industries_inferred=inferred_n)
    return recs


def extract_document(doc_id: str, text: str, path_name: str, vocab: CurriculumVocabulary,
                     linker: IndustryLinker | None) -> DocumentResult:
    blocks = segment(text)
    cls = class_code_from(path_name, blocks)
    majors = resolve_majors(blocks, vocab, cls, text)
    for m in majors:
        m.fields = parse_fields(m.block, text)
    res = DocumentResult(majors=majors)
    classes = sorted({m.code[:4] for m in majors if m.code} | ({cls} if cls else set()))
    expected = [c for k in classes for c in vocab.class_codes(k)]
    found = sorted({m.code for m in majors if m.code and m.code in vocab.majors})
    report: dict[str, Any] = {
        "classes": classes,
        "majors_found": len(found),
        "catalogue_majors": len(expected),
        "missed": [f"{c} {vocab.majors[c].name} (catalogue {vocab.majors[c].vintage})"
                   for c in expected if c not in found],
        "inferred_codes": [f"{m.code} {m.name} ({m.method}, confidence {m.confidence})"
                           for m in majors if m.code and m.method not in ("code",)],
        "unresolved": [f"block at char {m.block.start}: {m.method} {m.block.code or ''} {m.block.name or ''}".strip()
                       for m in majors if not m.code or m.code not in vocab.majors],
        "omitted_in_source": [m.code for m in majors if m.block.omitted],
        "without_courses": [m.code or f"char {m.block.start}" for m in majors
                            if not m.block.omitted and m.fields and not m.fields.courses],
    }
    res.records = build_records(doc_id, text, majors, vocab, linker, report)
    report["found_codes"] = found
    res.report = report
    return res
