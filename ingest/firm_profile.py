"""Enterprise profiles (公司简介 / 经营范围 / "About us"; zh or en) → facts about an existing Firm.

``kg ingest PATH… --kind firm-profile``: each file (``.txt .md .html .docx .pdf``) describes one company.

* **Which firm**: the name is taken from a ``公司名称：``/``Company name:`` line, else the first heading or
  line that ends in a legal form (…有限公司, … Co., Ltd.); it is resolved with
  :func:`ingest.normalize.firm_id` against the graph's Firm ids, names and aliases (and English names).
  A firm not in the graph is created from the profile with ``review = true``; nothing is merged by a guess.
* **Industries**: :class:`ingest.industry_linker.IndustryLinker` on the name, 经营范围 and the rest of the
  text → ``IN_INDUSTRY`` (extractor ``industry-linker@1``, its confidence, evidence = the n-grams that
  carried the match).
* **Products / technologies**: terms of ``tech_terms.csv`` and the graph's Skill names found in the text →
  ``Skill`` nodes, listed in ``Firm.tags`` (the schema has no Firm→Skill relationship).
* **Region**: a region named after 位于/总部/注册地/坐落/located in (else the first region named) →
  ``LOCATED_IN`` and ``province``/``city``; **size**: 员工 N 人 / N 名员工 / N employees → ``Firm.size``.
* ``Document -[:DESCRIBES]-> Firm``; every fact cites its sentence.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ingest.base import Batch, Reject
from ingest.extractor import document_batches
from ingest.vocab.entities import EntityMatcher, EntityVocabulary
from ingest.vocab.entities import ReviewNodeRecord, normalise, skill_id
from ingest.normalize import firm_id, firm_key
from ingest.readers import DocumentText
from kg.codes import region_parts
from kg.records import NodeRecord, Provenance, RelRecord

EXTRACTOR = "firm-profile@1"

_NAME_LINE = re.compile(r"^\s*(?:#+\s*)?(?:公司名称|企业名称|公司全称|Company name|Name)\s*[:：]\s*(.+?)\s*$", re.I | re.M)
_LEGAL = re.compile(r"([\u4e00-\u9fff（）()A-Za-z0-9·&\s]{2,40}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团))"
                    r"|([A-Z][A-Za-z0-9&.,'\- ]{2,80}?(?:Co\.,?\s*Ltd\.?|Corporation|Inc\.|Limited|Group))")
_SCOPE = re.compile(r"(?:经营范围|主营业务|Business scope|Main business)\s*[:：]?\s*(.+?)(?:\n\s*\n|$)", re.I | re.S)
_LOC = re.compile(r"(位于|总部|注册地|坐落|地处|located in|headquartered in|based in)", re.I)
_SIZE = [re.compile(r"员工(?:总数|人数)?(?:约|近|超过|逾)?\s*(\d[\d,]*)\s*(?:余|多)?\s*(?:名|人)"),
         re.compile(r"(\d[\d,]*)\s*(?:余|多)?\s*名(?:员工|职工)"),
         re.compile(r"(\d[\d,]*)\+?\s*(?:employees|staff)", re.I)]


def firm_name(doc: DocumentText) -> str | None:
    m = _NAME_LINE.search(doc.text)
    if m:
        return m.group(1).strip().strip("。.")
    head = doc.text[:600]
    for line in head.splitlines():
        s = line.strip().lstrip("#").strip()
        if not s:
            continue
        lm = _LEGAL.search(s)
        if lm:
            return (lm.group(1) or lm.group(2)).strip()
    lm = _LEGAL.search(head)
    return (lm.group(1) or lm.group(2)).strip() if lm else None


class FirmResolver:
    """Firm ids by normalised name / alias / English name, read from the graph."""

    def __init__(self, store):
        self.by_key: dict[str, str] = {}
        if store is None:
            return
        for r in store.read("MATCH (f:Firm) RETURN f.id AS id, f.name AS n, f.aliases AS a, f.name_en AS en",
                            limit=10_000_000):
            for name in [r["n"], r["en"], *(r["a"] or [])]:
                if name:
                    self.by_key.setdefault(firm_key(name), r["id"])
            self.by_key.setdefault(r["id"], r["id"])

    def resolve(self, name: str) -> str | None:
        return self.by_key.get(firm_key(name))


def _size(text: str) -> tuple[str, str] | None:
    for rx in _SIZE:
        m = rx.search(text)
        if m:
            n = int(m.group(1).replace(",", ""))
            return f"{n}人", m.group(0)
    return None


class ProfileExtractor:
    def __init__(self, store):
        from ingest.industry_linker import IndustryLinker

        self.resolver = FirmResolver(store)
        v = EntityVocabulary.tech_terms()
        if store is not None:
            v.merge(EntityVocabulary.from_store(store, ("Skill", "Region")))
        self.vocab = v
        self._m: dict[str, EntityMatcher] = {}
        try:
            self.linker = IndustryLinker.from_store(store) if store is not None else None
        except Exception:  # no industries in the graph yet
            self.linker = None

    def matcher(self, lang: str) -> EntityMatcher:
        if lang not in self._m:
            self._m[lang] = EntityMatcher(self.vocab, lang, labels=("Skill", "Region"))
        return self._m[lang]

    def batch(self, doc: DocumentText) -> Batch:
        src = doc.sha256
        lang = doc.language if doc.language in ("zh", "en") else "zh"
        name = firm_name(doc)
        if not name:
            return Batch(doc_id=src, path=doc.path, kind="firm-profile", content_hash=src, title=doc.title,
                         rejects=[Reject(file=doc.path, reason="no company name found (add a line 公司名称：… "
                                                               "or start with the full name)")], language=lang)
        fid = self.resolver.resolve(name)
        known = fid is not None
        fid = fid or firm_id(name)
        ni = doc.text.find(name)
        head_prov = Provenance(source=src, extractor=EXTRACTOR, confidence=0.9 if known else 0.6,
                               evidence=name, locator=f"company name chars {ni}-{ni + len(name)}" if ni >= 0
                               else "company name")
        props: dict = {"name": name} if re.search(r"[\u4e00-\u9fff]", name) else {"name_en": name}
        if not known and "name" not in props:
            props["name"] = name
        recs: list = []
        norm, offs = normalise(doc.text, lang)
        hits = self.matcher(lang).find(norm)
        tags: list[str] = []
        skills: dict[str, NodeRecord] = {}
        region = None
        for h in hits:
            label, key = h.targets[0]
            entry = self.vocab.entries[(label, key)]
            ss, se = _exact(doc.text, offs[h.sentence_start], offs[h.sentence_end - 1] + 1)
            sent = doc.text[ss:se]  # the sentence as written; its offsets are the locator
            if label == "Skill":
                if entry.name not in tags:
                    tags.append(entry.name)
                if not entry.in_graph and key not in skills:
                    skills[key] = NodeRecord(label="Skill", key=skill_id(entry.name),
                                             props={"name": entry.name, "kind": "tool",
                                                    "lang": "en" if entry.name.isascii() else "zh"},
                                             prov=Provenance(source=src, extractor=EXTRACTOR, evidence=sent,
                                                             confidence=0.8,
                                                             locator=f"mention {offs[h.start]} chars {ss}-{se}"))
            elif label == "Region":
                before = norm[max(0, h.sentence_start):h.start]
                score = 2 if _LOC.search(before[-40:]) else 1
                if region is None or score > region[0] or (score == region[0] and key.startswith(region[1] + "/")):
                    region = (score, key, sent, f"mention {offs[h.start]} chars {ss}-{se}")
        if tags:
            props["tags"] = tags
        size = _size(norm)
        if size:
            props["size"] = size[0]
        if region:
            rk = region[1]
            province, city = region_parts(rk)
            props["province"] = province
            if city:
                props["city"] = city
            recs.append(RelRecord(type="LOCATED_IN", start_label="Firm", start_key=fid, end_label="Region", end_key=rk,
                                  prov=Provenance(source=src, extractor=EXTRACTOR, evidence=region[2],
                                                  confidence=0.8 if region[0] == 2 else 0.6,
                                                  locator=region[3])))
        node_cls = NodeRecord if known else ReviewNodeRecord
        recs.insert(0, node_cls(label="Firm", key=fid, props=props, prov=head_prov))
        recs.extend(skills.values())
        recs.append(RelRecord(type="DESCRIBES", start_label="Document", start_key=src, end_label="Firm", end_key=fid,
                              prov=head_prov))
        industries = []
        if self.linker is not None:
            scope = _SCOPE.search(doc.text)
            fields = {"name": name, "description": doc.text}
            if scope:
                fields["text"] = scope.group(1)
            from ingest.industry_linker import EXTRACTOR as LINKER

            for link in self.linker.link(fields):
                industries.append(link.code)
                # evidence: the first line of the text holding one of the terms that carried the match
                a, b = _line_with(doc.text, link.evidence_terms)
                where = "经营范围" if scope else "profile text"
                recs.append(RelRecord(type="IN_INDUSTRY", start_label="Firm", start_key=fid, end_label="Industry",
                                      end_key=link.code,
                                      prov=Provenance(source=src, extractor=LINKER, confidence=link.confidence,
                                                      evidence=doc.text[a:b] if b > a else None,
                                                      locator=f"{where} (terms {'、'.join(link.evidence_terms)})"
                                                              + (f" chars {a}-{b}" if b > a else ""))))
        report = {"firm": fid, "resolved": known, "industries": industries, "skills": tags,
                  "region": region[1] if region else None, "size": props.get("size")}
        return Batch(doc_id=src, path=doc.path, kind="firm-profile", records=recs, title=name, language=lang,
                     content_hash=src, rows_read=1, report=report)


def _exact(text: str, a: int, b: int) -> tuple[int, int]:
    """[a, b) without surrounding whitespace."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _line_with(text: str, terms) -> tuple[int, int]:
    """Offsets of the first line holding one of ``terms`` (in their order); (0, 0) if none does."""
    for t in terms:
        i = text.find(t)
        if i >= 0:
            a = text.rfind("\n", 0, i) + 1
            b = text.find("\n", i)
            return _exact(text, a, len(text) if b < 0 else b)
    return 0, 0


def batches(paths: list[Path], store, options: dict) -> Iterator[Batch]:
    """``kg ingest PATH… --kind firm-profile``: one Batch per profile (see the module doc)."""
    return document_batches("firm-profile", paths, lambda: ProfileExtractor(store).batch)
