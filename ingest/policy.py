"""Policy documents (laws, regulations, plans, research papers; zh or en) → Policy + MENTIONS with evidence.

``kg ingest PATH… --kind policy``: each file (``.md .txt .html .docx .pdf``; folders are walked) is
read by :func:`ingest.readers.read_document` and becomes one :class:`~ingest.base.Batch`:

* a ``Policy`` node — title, issuer, date, level (national / provincial / municipal), region and
  language, all read from the document itself (heading, the 通过/修订 lines or the file name
  ``名称(YYYY-MM-DD).md``; for papers the affiliation line and the copyright/DOI year) — and
  ``Document -[:DESCRIBES]-> Policy`` (plus ``APPLIES_TO`` the region when the graph has it);
* ``MENTIONS`` edges to ``Measure`` (the controlled vocabulary in ``ingest/data/measures.csv``) and to
  the ``Industry``, ``Major``, ``Occupation``, ``Region``, ``College`` and ``Firm`` nodes already in the
  graph (zh and en names, :class:`ingest.vocab.entities.EntityVocabulary`). Each edge carries ``char_start`` /
  ``char_end`` (offsets into the document text), ``article`` (第X条, or the section number of a paper),
  ``sentence``; its provenance evidence is the sentence exactly as written (``text[a:b]``), its locator
  ``第一章 第四条 mention 120-124 chars 100-160`` (the mention's and the sentence's offsets).
  What counts as a mention beyond the vocabulary's fixed words, and where a name is not a mention (inside a
  longer word or an organisation's name) is in :mod:`ingest.vocab.policy_terms`.
  One edge per (policy, thing); every further occurrence adds a provenance statement to it.
* organisations named in the text but not in the graph (…职业技术学院, …有限公司, …职业教育集团,
  "… Vocational College", "… Vocational Education Group", "… Co., Ltd.") are *proposed*: a new
  College / Firm / EducationAlliance node with confidence 0.4 and ``review = true`` — never merged into an
  existing node by a guess.

Legal texts are split by 第…章 / 第…节 / 第…条 so the evidence cites its article; papers by their
numbered headings (the References section is not read).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ingest.base import Batch
from ingest.extractor import document_batches
from ingest.vocab.entities import (EntityMatcher, EntityVocabulary, Hit, ReviewNodeRecord, ReviewRelRecord,
                                   clean_sentence, measure_node_records, normalise, sentence_at, sentence_bounds)
from ingest.nlp import norm_key
from ingest.normalize import college_key, firm_id
from ingest.readers import DocumentText
from ingest.vocab.policy_terms import (adopting_lines, issuing_level, keep_hit, longest_spans, measure_condition,
                                       pattern_hits)
from kg import schema
from kg.codes import MUNICIPALITIES, PROVINCES, region_id
from kg.records import NodeRecord, Provenance, RelRecord

EXTRACTOR = "policy@2"  # @2: boundary rules, phrase patterns, issuing level, verbatim evidence (#20)
TARGET_LABELS = ("Industry", "Major", "Occupation", "Region", "College", "Firm")
PROPOSAL_CONFIDENCE = 0.4
MENTION_PAIRS = set(schema.rel("MENTIONS").pairs)

_CN_NUM = "零〇一二三四五六七八九十百千"
_ZH_HEADING = re.compile(rf"^(?:#+\s*)?(第[{_CN_NUM}]+[编章节])\s*(.*)$|^(第[{_CN_NUM}]+条)(?=[\s　])", re.M)
_EN_HEADING = re.compile(r"^[ \t]*#*[ \t]*((?:\d{1,2}\.)+\d{0,2}|\d{1,2})\.?[ \t]+([A-Z][^\n]{2,160})$"
                         r"|^[ \t]*#*[ \t]*(Abstract|Keywords|Acknowledge?ments?|References|Conclusions?)\b[^\n]*$",
                         re.M)


@dataclass
class Segment:
    start: int  # offsets into the normalised text
    end: int
    article: str | None
    chapter: str | None

    def locator(self) -> str:
        return " ".join(x for x in (self.chapter, self.article) if x)


# ------------------------------------------------------------------------------------- metadata
@dataclass
class PolicyMeta:
    title: str
    issuer: str | None
    date: str | None
    level: str | None
    region: str | None  # Region id (province/city path) or "全国"
    language: str


def _zh_date(s: str) -> str | None:
    m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", s)
    if m:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def policy_meta(doc: DocumentText, baseline: bool = False) -> PolicyMeta:
    """Title, issuer, date, level and region of a policy document, from its text (title: the first heading,
    else for a paper its first line or the first sentence of its abstract — never the file's hash name) and
    its file name (a law's ``名称(YYYY-MM-DD)``). ``baseline``: the rules of policy@1."""
    text = doc.text
    lang = doc.language if doc.language in ("zh", "en") else "zh"
    stem = Path(doc.path).stem
    heading = next((ln.lstrip("#").strip() for ln in text.splitlines()[:15] if ln.startswith("#")), None)
    if lang == "zh":
        title = heading or re.sub(r"[（(]\d{4}-\d{2}-\d{2}[)）]$", "", stem) or (doc.title or stem)
        head = text[:1500].split("<!-- INFO END -->")[0]
        lines = [ln.strip() for ln in head.splitlines() if re.search(r"\d{4}年\d{1,2}月\d{1,2}日", ln)]
        m = re.search(r"[（(](\d{4}-\d{2}-\d{2})[)）]", stem)
        date = m.group(1) if m else (_zh_date(lines[-1]) if lines else None)
        issuer = None
        for ln in reversed(lines if baseline else adopting_lines(lines)):
            im = re.search(rf"日\s*(.{{0,12}}?)第[{_CN_NUM}]+届(全国人民代表大会(?:常务委员会)?|人民代表大会(?:常务委员会)?)",
                           ln)
            if im:
                issuer = (im.group(1) + im.group(2)).strip()
                break
            im = re.search(r"日\s*(\S*?(?:国务院|人民政府|教育部|委员会|办公厅|厅|局))", ln)
            if im:
                issuer = im.group(1)
                break
        if baseline:
            level, region = _level_region(f"{issuer or ''} {title}")
        else:
            level, region = issuing_level(title, issuer, head, PROVINCES, MUNICIPALITIES)
    else:
        title = heading if heading and not heading.lower().startswith(("abstract", "keywords")) else None
        title = title or (stem if baseline else _paper_title(text) or stem)
        years = re.findall(r"(?:Copyright\s*©?\s*\(?|DOI:\s*\S*?\.|\()((?:19|20)\d{2})\b", text)
        date = years[0] if years else None
        issuer = None
        for ln in text.splitlines()[:12]:
            s = ln.strip().lstrip("#").strip()
            if re.search(r"\b(College|University|Institute|Academy|Polytechnic|Ministry)\b", s) and "," in s \
                    and not s.lower().startswith(("abstract", "keywords")):
                issuer = s.split(",")[0].strip()
                break
        level, region = None, None
    return PolicyMeta(title=title, issuer=issuer, date=date, level=level, region=region, language=lang)


def _header_span(text: str) -> tuple[int, int]:
    """Offsets of the document's title line (its first heading, else its first non-empty line), without
    the heading marks and surrounding spaces: the header evidence, verbatim."""
    m = re.search(r"^[ \t]*#+[ \t]*(\S[^\n]*?)[ \t]*$", text[:3000], re.M) or re.search(r"^[ \t]*(\S[^\n]*?)[ \t]*$", text, re.M)
    return (m.start(1), m.end(1)) if m else (0, 0)


def _paper_title(text: str) -> str | None:
    """A paper without a heading line: its first line when that is a title (short, no sentence end), else
    the first sentence of its abstract, cut at a word boundary (≤ 120 characters)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return None
    first = lines[0]
    if not re.match(r"(?i)abstract|keywords|摘要", first) and len(first) <= 200 and not first.endswith("."):
        return re.sub(r"\s+", " ", first)
    body = re.sub(r"\s+", " ", " ".join(lines[:8]))
    body = re.sub(r"(?i)^(?:abstract|摘要)\s*[:：.]?\s*", "", body)
    sent = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0].rstrip(".")
    if len(sent) > 120:
        sent = sent[:120].rsplit(" ", 1)[0] + " …"
    return sent or None


def _level_region(s: str) -> tuple[str | None, str | None]:
    if re.search(r"全国人民代表大会|国务院|中共中央|教育部|人力资源和社会保障部|国家发展和改革委员会|中华人民共和国", s):
        return "national", "全国"
    for p in PROVINCES:
        short = re.sub(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$", "", p)
        if p in s or (len(short) >= 2 and s.strip().startswith(short)):
            m = re.search(rf"(?:{p}|{short})([^\s省市]{{2,8}}?市)", s)
            if m and p not in MUNICIPALITIES and not m.group(1).startswith("人民"):
                return "municipal", region_id(p, m.group(1))
            return "provincial", p
    m = re.match(r"\s*([\u4e00-\u9fff]{2,6}?市)", s)
    if m:
        return "municipal", m.group(1)
    return None, None


def policy_id(meta: PolicyMeta, doc: DocumentText) -> str:
    if meta.title and meta.title != Path(doc.path).stem:
        return "policy:" + norm_key(meta.title) + (f"@{meta.date}" if meta.date else "")
    return "policy:" + doc.sha256[:16]


# ----------------------------------------------------------------------------------- segmentation
def segments(norm: str, lang: str) -> list[Segment]:
    """Articles (第…条, under their 第…章) of a legal text, or the numbered sections of a paper."""
    out: list[Segment] = []
    if lang == "zh":
        chapter = None
        cur_start, cur_article = 0, None
        for m in _ZH_HEADING.finditer(norm):
            if m.group(1):  # a chapter/section heading: it ends the running article
                out.append(Segment(cur_start, m.start(), cur_article, chapter))
                chapter = m.group(1) + (" " + re.sub(r"\s+", "", m.group(2)) if m.group(2) else "")
                cur_start, cur_article = m.end(), None
            else:
                out.append(Segment(cur_start, m.start(), cur_article, chapter))
                cur_start, cur_article = m.start(), m.group(3)
        out.append(Segment(cur_start, len(norm), cur_article, chapter))
    else:
        cur_start, cur = 0, None
        for m in _EN_HEADING.finditer(norm):
            out.append(Segment(cur_start, m.start(), cur, None))
            cur_start, cur = m.start(), (m.group(1) or m.group(3)).rstrip(".")
        out.append(Segment(cur_start, len(norm), cur, None))
        out = [s for s in out if not (s.article or "").lower().startswith("reference")]
    return [s for s in out if s.end > s.start and norm[s.start:s.end].strip()]


def _en_segments_text(text: str) -> list[tuple[int, int, str | None]]:
    """Headings in an English paper are found on the *original* lines (normalised text has none)."""
    spans = []
    cur_start, cur = 0, None
    for m in _EN_HEADING.finditer(text):
        spans.append((cur_start, m.start(), cur))
        cur_start, cur = m.start(), (m.group(1) or m.group(3)).rstrip(".")
    spans.append((cur_start, len(text), cur))
    return spans


# ------------------------------------------------------------------------------ organisation names
_ZH_ORG = re.compile(
    r"([\u4e00-\u9fff（）()·]{2,30}?)(职业技术学院|职业学院|职业技术大学|职业大学|高等专科学校|技师学院|职业教育集团|职教集团|"
    r"产教联合体|产教融合共同体|股份有限公司|有限责任公司|有限公司|集团公司)")
_ZH_ORG_CUT = re.compile(r".*(?:与|和|及|同|由|在|对|向|为|被|将|把|支持|鼓励|推动|依托|联合|组建|成立|举办|设立|建立|通过|"
                         r"参与|加入|牵头|按照|根据|是|的|等|或|并|以|从|于|其|本市|全市|各|该)")
_ZH_GENERIC_PREFIX = re.compile(r"^(?:职业|高等|中等|有关|相关|其他|各类|各级|企业|大型|国有|民办|公办|行业|地方|"
                                r"职业教育|示范|骨干|优质|一批|若干|省级|市级|国家级|区域|地区|本|该|此|上述|下列)*$")
_EN_GENERIC = frozenset("""higher vocational college colleges university universities school schools technical
technology education educational industrial industry the a an of and for in group groups alliance enterprise
enterprises company companies chinese china national provincial municipal regional local professional public
private modern new advanced leading key institute institutes on with by""".split())


def propose_zh(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, name, label) of named organisations in a Chinese sentence."""
    for m in _ZH_ORG.finditer(sentence):
        prefix, suffix = m.group(1), m.group(2)
        cut = _ZH_ORG_CUT.match(prefix)
        if cut:
            prefix = prefix[cut.end():]
        if len(prefix) < 2 or _ZH_GENERIC_PREFIX.match(prefix):
            continue
        start = m.start(2) - len(prefix)
        label = ("College" if suffix in ("职业技术学院", "职业学院", "职业技术大学", "职业大学", "高等专科学校", "技师学院")
                 else "EducationAlliance" if suffix in ("职业教育集团", "职教集团", "产教联合体", "产教融合共同体") else "Firm")
        yield start, m.end(), sentence[start:m.end()], label


_EN_ORG = re.compile(
    r"\b((?:[A-Z][\w'&.-]*\s+(?:(?:and|of|for|&)\s+)?){1,8}?)"
    r"(Vocational(?:\s+and)?\s+Technical\s+College|Vocational\s+College|Vocational\s+Education\s+Group|"
    r"Polytechnic(?:\s+College)?|University|College|Institute\s+of\s+Technology|Co\.,?\s*Ltd\.?|"
    r"Company\s+Limited|Group\s+Co\.,?\s*Ltd\.?|Corporation)")


def propose_en(sentence: str) -> Iterator[tuple[int, int, str, str]]:
    for m in _EN_ORG.finditer(sentence):
        words = re.findall(r"[A-Za-z]+", m.group(0))
        if not [w for w in words if w.lower() not in _EN_GENERIC]:
            continue
        # the name starts at its first capitalised word that is not sentence filler
        name = m.group(0).strip()
        suffix = m.group(2)
        label = ("EducationAlliance" if "Group" in suffix and "Vocational" in suffix else
                 "Firm" if re.search(r"Co\.|Company|Corporation|Group", suffix) else "College")
        yield m.start(), m.start() + len(name), name, label


def proposal_key(label: str, name: str) -> str:
    if label == "Firm":
        return firm_id(name)
    if label == "College":
        return "proposed:" + college_key(name).lower()
    return "alliance:" + norm_key(name)


# ------------------------------------------------------------------------------------ extractor
class PolicyExtractor:
    """Built once per ingest call: the vocabulary (repo + graph) and one matcher per language."""

    def __init__(self, vocab: EntityVocabulary, baseline: bool = False):
        self.vocab = vocab
        self.baseline = baseline  # True: the matching of policy@1 (no boundary checks), for `kg eval` baselines
        self._matchers: dict[str, EntityMatcher] = {}
        self.fingerprint = vocab.fingerprint()

    @classmethod
    def from_store(cls, store, baseline: bool = False) -> "PolicyExtractor":
        v = EntityVocabulary.measures()
        if store is not None:
            v.merge(EntityVocabulary.from_store(store, TARGET_LABELS))
        return cls(v, baseline)

    def matcher(self, lang: str) -> EntityMatcher:
        if lang not in self._matchers:
            self._matchers[lang] = EntityMatcher(self.vocab, lang, labels=("_block", "Measure", *TARGET_LABELS),
                                                     sentences=False)
        return self._matchers[lang]

    # ---------------------------------------------------------------- mentions
    def mentions(self, text: str, lang: str) -> list[dict]:
        """Every mention in ``text``: dicts with label, key, name, start/end (original offsets), surface,
        article, chapter, sentence, confidence, proposed (bool)."""
        norm, offs = normalise(text, lang)
        segs = segments(norm, lang) if lang == "zh" else _en_norm_segments(text, norm, offs)
        m = self.matcher(lang)
        out: list[dict] = []
        finder = propose_zh if lang == "zh" else propose_en
        headings = ([(h.start(), h.end()) for h in _EN_HEADING.finditer(text)]
                    + [(h.start(), h.end()) for h in re.finditer(r"^[ \t]*#+[^\n]*$", text, re.M)]
                    + [_header_span(text)]) if lang == "en" else []  # section titles and the title line
        for seg in segs:
            base = seg.start
            seg_text = norm[seg.start:seg.end]
            doc = m.nlp.make_doc(seg_text)
            ends = sentence_bounds(seg_text, lang)

            def span(a: int, b: int) -> tuple[int, int]:
                """Original offsets of normalised [a, b) without surrounding whitespace (exact evidence)."""
                if b <= a:
                    return offs[base + a], offs[base + a]
                os_, oe = offs[base + a], offs[base + b - 1] + 1
                while os_ < oe and text[os_].isspace():
                    os_ += 1
                while oe > os_ and text[oe - 1].isspace():
                    oe -= 1
                return os_, oe

            def sent_of(pos: int) -> tuple[int, int]:
                return sentence_at(ends, pos)

            cands = self._candidates(seg_text, doc, lang, sent_of)
            taken: list[tuple[int, int]] = []
            for hs, he, label, key, conf in cands:
                if label == "_block":
                    continue
                ostart, oend = offs[base + hs], offs[base + he - 1] + 1
                ss, se = span(*sent_of(hs))
                out.append({"label": label, "key": key, "name": self.vocab.entries[(label, key)].name,
                            "start": ostart, "end": oend, "surface": text[ostart:oend],
                            "article": seg.article, "chapter": seg.chapter, "sentence": text[ss:se],
                            "sentence_start": ss, "sentence_end": se, "confidence": conf, "proposed": False})
                if label in ("College", "Firm", "Region"):  # a named thing already known
                    taken.append((hs, he))
            # organisation names not in the vocabulary, sentence by sentence (not in headings: a paper's
            # section title "… of Higher Vocational Colleges" names no college)
            prev = 0
            for end in ends:
                stext = seg_text[prev:end]
                for s_, e_, name, label in finder(stext):
                    gs, ge = prev + s_, prev + e_
                    if not self.baseline:
                        head = next(((a, b) for a, b in headings if a <= offs[base + gs] < b), None)
                        if head is not None and offs[base + ge - 1] < head[1]:
                            continue  # a paper's section title ("… of Higher Vocational Colleges") names no college
                        if head is not None:  # the name starts on the next line (the authors' line before it)
                            while gs < ge and offs[base + gs] < head[1] or (gs < ge and seg_text[gs].isspace()):
                                gs += 1
                            name = seg_text[gs:ge]
                            words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in _EN_GENERIC]
                            if not words:
                                continue
                    if any(a < ge and gs < b and (b - a) >= (ge - gs) * 0.6 for a, b in taken):
                        continue
                    key = proposal_key(label, name)
                    if (label, key) in self.vocab.entries:
                        conf, proposed = 0.8, False
                    else:
                        conf, proposed = PROPOSAL_CONFIDENCE, True
                    ostart, oend = offs[base + gs], offs[base + ge - 1] + 1
                    ss, se = span(prev, end)
                    out.append({"label": label, "key": key, "name": clean_sentence(name),
                                "start": ostart, "end": oend, "surface": text[ostart:oend],
                                "article": seg.article, "chapter": seg.chapter, "sentence": text[ss:se],
                                "sentence_start": ss, "sentence_end": se,
                                "confidence": conf, "proposed": proposed})
                prev = end
        out.sort(key=lambda d: (d["start"], d["label"]))
        return out

    def _candidates(self, seg_text: str, doc, lang: str, sent_of) -> list[tuple[int, int, str, str, float]]:
        """(start, end, label, key, confidence) in ``seg_text``: vocabulary hits that stand as words, plus the
        phrase patterns of :mod:`ingest.vocab.policy_terms`; overlapping candidates → the longest span wins
        (all targets of that span are kept). The baseline (policy@1) keeps every vocabulary hit."""
        cands: list[tuple[int, int, str, str, float]] = []
        for h in self.matcher(lang).find(seg_text, doc):
            if h.targets[0][0] == "_block":
                cands.append((h.start, h.end, "_block", "_block", 1.0))
                continue
            for label, key, conf in self._resolve(h):
                if self.baseline:
                    cands.append((h.start, h.end, label, key, conf))
                elif keep_hit(seg_text, h.start, h.end, label, key, lang) and \
                        measure_condition(key if label == "Measure" else "", seg_text[slice(*sent_of(h.start))], lang):
                    cands.append((h.start, h.end, label, key, conf))
        if self.baseline:
            return cands
        for s_, e_, label, key in pattern_hits(seg_text, lang, sent_of):
            if (label, key) in self.vocab.entries and keep_hit(seg_text, s_, e_, label, key, lang):
                cands.append((s_, e_, label, key, 0.9 if label == "Measure" else 0.8))
        return longest_spans(cands)

    def _resolve(self, h: Hit) -> list[tuple[str, str, float]]:
        top = h.targets[0][0]
        same = [k for lbl, k in h.targets if lbl == top]
        if top == "Region" and len(same) > 1:
            same = [min(same, key=lambda k: (k.count("/"), len(k)))]  # the higher-level region
        if top == "Measure":
            return [("Measure", same[0], 0.95)]
        conf = 0.85 if len(same) == 1 else round(0.85 / len(same), 2) + 0.3
        return [(top, k, min(conf, 0.85)) for k in same]

    # ---------------------------------------------------------------- records
    def batch(self, doc: DocumentText) -> Batch:
        meta = policy_meta(doc, self.baseline)
        if meta.region and meta.level == "municipal" and "/" not in meta.region:  # a city: its province
            cities = sorted(k for lbl, k in self.vocab.entries if lbl == "Region" and k.endswith("/" + meta.region))
            if len(cities) == 1:
                meta.region = cities[0]
        pid = policy_id(meta, doc)
        src = doc.sha256
        ment = self.mentions(doc.text, meta.language)
        hs, he = _header_span(doc.text)
        prov = Provenance(source=src, extractor=EXTRACTOR, confidence=0.9, evidence=doc.text[hs:he] or meta.title,
                          locator=f"document header chars {hs}-{he}")
        recs: list = [NodeRecord(label="Policy", key=pid, prov=prov,
                                 props={"title": meta.title, "issuer": meta.issuer, "date": meta.date,
                                        "level": meta.level, "language": meta.language, "region": meta.region}),
                      RelRecord(type="DESCRIBES", start_label="Document", start_key=src, end_label="Policy",
                                end_key=pid, prov=prov)]
        if meta.region and ("Region", meta.region) in self.vocab.entries:
            recs.append(RelRecord(type="APPLIES_TO", start_label="Policy", start_key=pid, end_label="Region",
                                  end_key=meta.region, prov=prov))
        measures = {m["key"] for m in ment if m["label"] == "Measure"}
        recs.extend(measure_node_records(measures))
        seen: set[tuple[str, str]] = set()
        counts: dict[str, int] = {}
        proposed: dict[tuple[str, str], dict] = {}
        for m in ment:
            ek = (m["label"], m["key"])
            loc = " ".join(x for x in (m["chapter"], m["article"]) if x)
            p = Provenance(source=src, evidence=m["sentence"], extractor=EXTRACTOR, confidence=m["confidence"],
                           locator=f"{loc + ' ' if loc else ''}mention {m['start']}-{m['end']} "
                                   f"chars {m['sentence_start']}-{m['sentence_end']}")
            if m["proposed"] and ek not in proposed:
                proposed[ek] = m
                props = {"name": m["name"]}
                if m["label"] == "College" and not re.search(r"[\u4e00-\u9fff]", m["name"]):
                    props["name_en"] = m["name"]
                elif m["label"] == "Firm" and not re.search(r"[\u4e00-\u9fff]", m["name"]):
                    props["name_en"] = m["name"]
                if m["label"] == "EducationAlliance":
                    props["kind"] = "职业教育集团" if re.search(r"集团|Group", m["name"]) else None
                # the node cites the name as written (explorer pages mark ``chars a-b`` as the entity)
                node_prov = Provenance(source=src, evidence=m["surface"], extractor=EXTRACTOR,
                                       confidence=m["confidence"],
                                       locator=f"{loc + ' ' if loc else ''}chars {m['start']}-{m['end']}")
                recs.append(ReviewNodeRecord(label=m["label"], key=m["key"], props=props, prov=node_prov))
            if ("Policy", m["label"]) not in MENTION_PAIRS:  # e.g. EducationAlliance: proposed node only
                continue
            props = ({"char_start": m["start"], "char_end": m["end"], "article": m["article"],
                      "sentence": m["sentence"]} if ek not in seen else {})
            recs.append(ReviewRelRecord.make("MENTIONS", "Policy", pid, m["label"], m["key"], props, p,
                                             review=m["proposed"]))
            seen.add(ek)
            counts[m["label"]] = counts.get(m["label"], 0) + 1
        report = {"title": meta.title, "language": meta.language, "level": meta.level, "date": meta.date,
                  "articles": len({m["article"] for m in ment if m["article"]}),
                  "mentions": counts, "distinct": len(seen), "proposed": len(proposed)}
        return Batch(doc_id=src, path=doc.path, kind="policy", records=recs, title=meta.title,
                     language=meta.language, content_hash=src, rows_read=1, report=report)


def _en_norm_segments(text: str, norm: str, offs: list[int]) -> list[Segment]:
    """Map headings found on the original lines of a paper onto the normalised text."""
    import bisect

    out = []
    for s, e, art in _en_segments_text(text):
        if (art or "").lower().startswith("reference"):
            continue
        ns, ne = bisect.bisect_left(offs, s), bisect.bisect_left(offs, e)
        if ne > ns and norm[ns:ne].strip():
            out.append(Segment(ns, min(ne, len(norm)), art, None))
    return out


def batches(paths: list[Path], store, options: dict) -> Iterator[Batch]:
    """``kg ingest PATH… --kind policy``: one Batch per document (see the module doc)."""
    return document_batches("policy", paths, lambda: PolicyExtractor.from_store(store).batch,
                            refuse=lambda doc: None if doc.language in ("zh", "en")
                            else "language not recognised (neither zh nor en)")


__all__ = ["batches", "PolicyExtractor", "policy_meta", "segments", "propose_zh", "propose_en", "EXTRACTOR"]
