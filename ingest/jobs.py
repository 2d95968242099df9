"""Job posts → Post (FOR_POST, IN_OCCUPATION), required skills (REQUIRES) with evidence, education/experience.

``kg ingest --kind jobs`` with no path, or with the reference job files / their folder (every file of
:data:`ingest.reference.sources.JOB_FILES`), reads the ``JobPosting`` nodes the reference loader already
wrote (ids ``job:<source>:<job_id>``); any other ``.csv``/``.tsv``/``.xlsx``/``.xls``/``.json``/``.jsonl`` path is a user's table of
posts (columns recognised by name in zh or en: title/职位名称 (required), description/职位描述, company/公司名称,
city/城市, district, education/学历, experience/经验, salary/薪资, company_industry/行业, company_size,
tags/技能标签, id/编号), whose rows become ``JobPosting`` nodes ``DESCRIBES``-linked to the file's
``Document``, ``POSTED`` by their ``Firm`` (:func:`ingest.normalize.firm_id`), and — posting and firm —
``LOCATED_IN`` the city Region of the graph the city cell names. A row without a description is kept;
only a row without a title is reported.

For every posting:

* the title is normalised to a ``Post`` and placed in a 2022 大典 occupation by
  :mod:`ingest.vocab.posts` (extractor ``posts@1``: name/alias, reviewed heads, aliases, TF-IDF
  similarity; confidence and evidence on ``IN_OCCUPATION``);
* skills are found by :mod:`ingest.vocab.skills` (``jobs@7``: sections, degree/URL masks, the curated
  ``tech_terms.csv`` and the graph's Skill/Certificate names, open-vocabulary Latin tokens and requirement
  phrases as new terms with ``review``, named areas in duty/requirement clauses that ≥ 5 employers of the
  reference job files ask for (:func:`reference_areas`), and jobs@5's rule classes for compounds split by
  modifiers or 的 and for terms that only modify a role, product or document noun, and jobs@6's area phrases listed
  with a known area term ("生产计划和物料控制"); ``jobs@7``: headings glued to the text before them and a keyword line
  before the first one, an area's 体系 ("供应商管理体系" → 供应商管理), a known area's modifier with another area head
  ("库存管理" → "库存分析"), no glued English prose as a Latin tool, degree masks cut at list markers; ``jobs-tags@1``: a board's
  skill tags) → ``REQUIRES``, evidence =
  the exact clause, locator = ``<posting id> <section> chars a-b (skill c-d)`` (a-b: the clause's offsets);
* education and experience are kept as written by the source; when the source left them empty they are
  read from the description (本科/大专/硕士…, "3年以上…经验").

One Batch = 1,600 postings (fewer, larger transactions write faster); its Document (``path = <source>#skills-N``) is the provenance source of
everything the extractor stated, so re-running with a changed vocabulary replaces the previous run.
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ingest.base import Batch, Reject, sha256_file
from ingest.extractor import expand_paths, reject_batch
from ingest.vocab.entities import EntityMatcher, EntityVocabulary
from ingest.vocab.entities import clean_sentence, load_tech_terms, normalise, skill_id
from ingest.nlp import norm_key
from ingest.vocab.posts import post_name
from ingest.vocab.skills import TAG_LINE
from ingest.normalize import firm_id, job_posting_id, region_id
from kg.records import NodeRecord, Provenance, RelRecord

EXTRACTOR = "jobs@7"  # jobs@7: glued headings and keyword lines, an area's 体系, known modifiers with other heads, glued-prose Latin tokens, masks cut at list markers; jobs@6: area phrases listed beside a known area term; jobs@5: rule classes for split compounds and modifier terms; jobs@4: named areas
TAGS_EXTRACTOR = "jobs-tags@1"  # a job board's own skill tags (BOSS直聘)
POSTS_EXTRACTOR = "posts@1"  # title → Post → Occupation (ingest.vocab.posts)
CHUNK = 1600
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xls", ".json", ".jsonl", ".ndjson")
#: keys under which a JSON document may hold its list of postings ({"data": [...]} …)
_JSON_LIST_KEYS = ("data", "records", "items", "rows", "jobs", "postings", "results", "list")
# the graph's Skill and Certificate names join the vocabulary; Course names do not (沟通技巧, 计算机基础, 操作系统
# are subjects, not the skills a posting asks for: measured with the graph's vocabulary, IT precision 0.83 with
# them, 0.915 without) — courses meet skills through TEACHES instead (ingest.teaches)
SKILL_LABELS = ("Skill", "Certificate")

_REQ_HEAD = re.compile(r"(任职要求|任职资格|岗位要求|职位要求|技能要求|任职条件|应聘要求|招聘要求|岗位任职|我们希望你|希望你|"
                       r"你需要|要求\s*[:：]|Requirements?|Qualifications?|Skills?\s*[:：])", re.I)
_REQ_END = re.compile(r"(福利待遇|薪资福利|薪酬福利|公司福利|工作时间|工作地点|上班时间|联系方式|公司介绍|公司简介|关于我们|"
                      r"我们提供|职位福利|加分项|Benefits|About us)", re.I)
_CLAUSE_END = re.compile(r"[。！？；;!?\n]|[:：](?=\s*\d{1,2}\s*[、.．)）])|\s(?=\d{1,2}\s*[、.．)）]\s*\D)|\s(?=[（(]\d{1,2}[)）])|[·•]")

_EDU = (("博士", re.compile(r"博士|Ph\.?D", re.I)), ("硕士", re.compile(r"硕士|研究生|Master", re.I)),
        ("本科", re.compile(r"本科|学士|Bachelor", re.I)),
        ("大专", re.compile(r"大专|专科|高职|College degree|Associate degree", re.I)),
        ("中专", re.compile(r"中专|中技|技校|职高")), ("高中", re.compile(r"高中")), ("不限", re.compile(r"学历不限")))
_EXP = re.compile(r"(\d{1,2})\s*(?:-|~|至|到)?\s*(\d{1,2})?\s*年(?:以上|及以上|或以上)?[^，。；;,\n]{0,12}?经验"
                  r"|(\d{1,2})\+?\s*years?(?:'|’)?\s*(?:of\s+)?(?:\w+\s+){0,3}experience", re.I)

_TITLE_NOISE = re.compile(r"^(?:急聘|急招|诚聘|高薪诚聘|高薪聘请|高薪|招聘|热招|直招|名企)[:：\s]*|(?:急聘|急招|诚聘|高薪)$")
_BRACKET = re.compile(r"[（(【\[][^（）()【】\[\]]*[)）】\]]")
_UNCLOSED = re.compile(r"[（(【\[][^)）】\]]*$")


def normalise_title(title: str, canon: dict[str, str] | None = None) -> str:
    """A post's name from a posting title.

    >>> normalise_title("python开发工程师(数据挖...", {"python": "Python"})
    'Python开发工程师'
    >>> normalise_title("急聘：销售代表（上海）")
    '销售代表'
    """
    from ingest.nlp import fold_width

    t = fold_width(title or "").strip()
    t = re.sub(r"(\.\.\.|…+)$", "", t).strip()
    t = _UNCLOSED.sub("", t)
    t = _BRACKET.sub("", t)
    t = _TITLE_NOISE.sub("", t).strip()
    t = re.sub(r"\s*[-—–_|/]+\s*(?:[\u4e00-\u9fff]{2,3}(?:市|区)?)$", "", t) if re.search(r"[-—–_|]\s*[\u4e00-\u9fff]{2,3}$", t) \
        and len(t) > 6 else t
    t = re.sub(r"\s+", " ", t).strip(" -_/|·,，")
    if canon:
        t = re.sub(r"[A-Za-z][A-Za-z0-9+#.]*", lambda m: canon.get(m.group().lower(), m.group()), t)
    return t


def education_of(text: str | None) -> str | None:
    for level, rx in _EDU:
        if text and rx.search(text):
            return level
    return None


def experience_of(text: str | None) -> str | None:
    if not text:
        return None
    m = _EXP.search(text)
    if not m:
        return "不限" if re.search(r"经验不限|无经验|应届", text) else None
    if m.group(3):
        return f"{m.group(3)}年以上"
    a, b = m.group(1), m.group(2)
    return f"{a}-{b}年" if b else f"{a}年以上"


@dataclass
class Posting:
    id: str
    title: str
    description: str
    education: str | None = None
    experience: str | None = None
    row: int | None = None
    tags: str | None = None  # the board's own skill tags (BOSS直聘), comma-separated


# ------------------------------------------------------------------------------------ extractor
def reference_areas(reference: Path | None = None, min_employers: int | None = None,
                    min_named: int | None = None) -> frozenset[str]:
    """Named-area phrases (``…管理/核算/分析/策划/推广/计划/控制/调度/运营/盘点`` in duty and requirement clauses,
    :func:`ingest.vocab.skills.area_phrases`) that the postings of at least ``min_employers`` distinct employers
    of the reference job files ask for (in requirement sections), or at least ``min_named`` name in duties or
    requirements — document frequency over the whole unlabelled corpus, so a phrase one employer writes is not a
    term. ``min_named=0`` turns the second test off (jobs@4). Empty when the files are absent."""
    from kg.config import settings
    from ingest.reference.sources import JOB_FILES
    from ingest.vocab.skills import MIN_AREA_EMPLOYERS, MIN_AREA_NAMED

    ref = Path(reference or settings().reference_data)
    files = tuple((ref / f) for f in JOB_FILES if (ref / f).is_file())
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    asked, named = _area_df(stamp)
    k = MIN_AREA_EMPLOYERS if min_employers is None else min_employers
    k2 = MIN_AREA_NAMED if min_named is None else min_named
    return frozenset(p for p, n in asked.items() if n >= k) | \
        (frozenset(p for p, n in named.items() if n >= k2) if k2 else frozenset())


@functools.lru_cache(maxsize=4)
def _area_df(stamp: tuple) -> tuple[dict[str, int], dict[str, int]]:
    import csv

    from ingest.vocab.skills import area_document_frequencies

    def rows():
        for path, _m, _s in stamp:
            with open(path, encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    yield (r.get("company") or "").strip() or f"{r.get('source')}:{r.get('job_id')}", r.get("description") or ""

    return area_document_frequencies(rows())


class JobExtractor:
    def __init__(self, vocab: EntityVocabulary, occupations: list[tuple[str, str, list[str]]], posts: dict[str, str],
                 areas: frozenset[str] | set[str] = frozenset()):
        """``areas``: named-area phrases that recur across employers (:func:`reference_areas`)."""
        self.vocab = vocab
        # evidence clauses are cut by _clause (list items, ；), so no sentencizer: it would double the cost
        self.matcher = EntityMatcher(vocab, "zh", labels=SKILL_LABELS, sentences=False)
        self.fingerprint = vocab.fingerprint() + (
            "|areas:" + hashlib.sha256("\n".join(sorted(areas)).encode()).hexdigest()[:16] if areas else "")
        self.canon = {t.name.lower(): t.name for t in load_tech_terms()
                      if re.fullmatch(r"[A-Za-z][A-Za-z0-9+#.]*", t.name)}
        from ingest.vocab.skills import SkillFinder

        self.finder = SkillFinder(vocab, self.matcher, areas)
        self.posts = posts  # norm key → existing Post id
        self._occupation_tables(occupations)

    def _occupation_tables(self, occupations: list[tuple[str, str, list[str]]]) -> None:
        """The previous title → occupation linker's tables (kept as the baseline of ``kg eval posts``)."""
        from ingest.vocab.posts import OccupationMatcher

        self.occupations = OccupationMatcher(occupations)
        # occupation lookup: normalised name/alias → {codes}
        self.occ_exact: dict[str, set[str]] = {}
        self.occ_names: dict[str, str] = {}
        for code, name, aliases in occupations:
            self.occ_names[code] = name
            for a in {name, *aliases}:
                k = norm_key(re.sub(r"[SL]+$", "", a) if a == name or a.endswith(("S", "L")) and a[:-1] == name else a)
                if len(k) >= 2:
                    self.occ_exact.setdefault(k, set()).add(code)
        self._alias_set = set(self.occ_exact)
        self._occ_cache: dict[str, tuple[str, float] | None] = {}

    @classmethod
    def from_store(cls, store) -> "JobExtractor":
        v = EntityVocabulary.tech_terms()
        occ: list[tuple[str, str, list[str]]] = []
        posts: dict[str, str] = {}
        if store is not None:
            v.merge(EntityVocabulary.from_store(store, SKILL_LABELS))
            for r in store.read("MATCH (o:Occupation) WHERE o.level = '细类' RETURN o.code AS c, o.name AS n, "
                                "o.aliases AS a", limit=10_000_000):
                occ.append((r["c"], r["n"], list(r["a"] or [])))
            for r in store.read("MATCH (p:Post) RETURN p.id AS id, p.name AS n", limit=10_000_000):
                posts[norm_key(r["n"] or r["id"])] = r["id"]
        return cls(v, occ, posts, reference_areas())

    # ---------------------------------------------------------------- parts
    def occupation_of(self, post: str) -> tuple[str, float] | None:
        """(occupation code, confidence) for a post name: equal to a name/alias (0.9), else the longest
        alias it contains (0.7) when that alias names one occupation and no other alias as long competes."""
        k = norm_key(post)
        if k in self._occ_cache:
            return self._occ_cache[k]
        hit = self.occ_exact.get(k)
        result = None
        if hit and len(hit) == 1:
            result = next(iter(hit)), 0.9
        elif not hit:
            n = len(k)
            for size in range(min(n - 1, 24), 1, -1):
                found = {k[i:i + size] for i in range(n - size + 1)} & self._alias_set
                if not found:
                    continue
                codes = set().union(*(self.occ_exact[a] for a in found))
                if len(codes) == 1:
                    result = next(iter(codes)), 0.7
                break
        self._occ_cache[k] = result
        return result

    def skills(self, description: str, tags: str | None = None) -> list[dict]:
        """Skill mentions (:class:`ingest.vocab.skills.SkillFinder`): dicts label/key/name/kind, in_graph,
        known (False = a new term, review), start/end (offsets into the description, or into the tags
        text when ``field == "tags"``), section, evidence (the exact clause or tag), confidence, extractor.
        A description that is only a board's tag list ("技能标签：Java, MySQL") is read as tags."""
        out = []
        desc = description or ""
        m = TAG_LINE.match(desc)
        if m and tags is None:
            tags, desc, base = m.group(1), "", m.start(1)
        else:
            base = 0
        for found, field_, offset, extractor in ((self.finder.find(desc), "description", 0, EXTRACTOR),
                                                 (self.finder.tags(tags or ""), "tags" if not m else "description",
                                                  base if m else 0, TAGS_EXTRACTOR)):
            for x in found:
                entry = self.vocab.entries.get((x.label, x.key)) if x.key else None
                out.append({"label": x.label or "Skill", "key": x.key or skill_id(x.name), "name": x.name,
                            "kind": entry.kind if entry else ("tool" if re.fullmatch(r"[\x00-\x7f]+", x.name)
                                                              else "knowledge"),
                            "in_graph": bool(entry and entry.in_graph), "known": x.known,
                            "start": x.start + offset, "end": x.end + offset, "section": x.section,
                            "ev_start": x.ev_start + offset, "ev_end": x.ev_end + offset,
                            "evidence": x.evidence, "confidence": x.confidence, "field": field_,
                            "method": x.method, "extractor": extractor})
        return out

    def skills_baseline(self, description: str) -> list[dict]:
        """The previous extractor (jobs@1): curated vocabulary only, 任职要求 told from the rest; kept as the
        baseline of ``kg eval jobs``."""
        norm, offs = normalise(description or "", "zh")
        if not norm.strip():
            return []
        req = _REQ_HEAD.search(norm)
        req_start = req.start() if req else None
        req_end = None
        if req:
            e = _REQ_END.search(norm, req.end())
            req_end = e.start() if e else len(norm)
        out = []
        for h in self.matcher.find(norm):
            label, key = h.targets[0]
            entry = self.vocab.entries[(label, key)]
            in_req = req_start is not None and req_start <= h.start < req_end
            cs, ce = _clause(norm, h.start, h.end)
            ostart, oend = offs[h.start], offs[h.end - 1] + 1
            out.append({"label": label, "key": key, "name": entry.name, "kind": entry.kind,
                        "in_graph": entry.in_graph, "start": ostart, "end": oend,
                        "section": "任职要求" if in_req else ("职位描述" if req_start is not None else "描述"),
                        "evidence": clean_sentence(description[offs[cs]:offs[ce - 1] + 1]),
                        "confidence": 0.9 if in_req else 0.75})
        return out

    # ---------------------------------------------------------------- records
    def _post_of(self, title: str) -> str:
        """The post a posting's title names, technology names in their canonical spelling."""
        name = post_name(title) or normalise_title(title, self.canon)
        return re.sub(r"[A-Za-z][A-Za-z0-9+#.]*", lambda m: self.canon.get(m.group().lower(), m.group()), name)

    def records(self, postings: list[Posting], doc_id: str, fill: bool) -> tuple[list, dict]:
        recs: list = []
        skills_seen: set[str] = set()
        posts_seen: set[str] = set()
        n_req = n_with = n_occ = n_new = n_placed = 0
        top: dict[str, int] = {}
        names = [self._post_of(p.title) for p in postings]
        self.occupations.place_many(n for n in names if n and len(n) >= 2)  # as the loop's place() would, at once
        for p, name in zip(postings, names):
            prov = Provenance(source=doc_id, extractor=EXTRACTOR, confidence=0.8, evidence=p.title,
                              locator=f"{p.id} title")
            if fill:
                upd = {}
                if not p.education:
                    upd["education"] = education_of(p.description)
                if not p.experience:
                    upd["experience"] = experience_of(p.description)
                upd = {k: v for k, v in upd.items() if v}
                if upd:
                    recs.append(NodeRecord(label="JobPosting", key=p.id, props=upd,
                                           prov=Provenance(source=doc_id, extractor=EXTRACTOR, confidence=0.7,
                                                           evidence=" / ".join(upd.values()),
                                                           locator=f"{p.id} description")))
            if name and len(name) >= 2:
                pid = self.posts.get(norm_key(name)) or norm_key(name)
                place = self.occupations.place(name)
                n_placed += place is not None
                if pid not in posts_seen:
                    posts_seen.add(pid)
                    # stated by this batch even when the Post exists (a rerun retracts the previous run's facts)
                    recs.append(NodeRecord(label="Post", key=pid, props={"name": name}, prov=prov))
                    if place:
                        n_occ += 1
                        recs.append(RelRecord(type="IN_OCCUPATION", start_label="Post", start_key=pid,
                                              end_label="Occupation", end_key=place.code,
                                              props={"review": True} if place.review else {},
                                              prov=Provenance(source=doc_id, extractor=POSTS_EXTRACTOR,
                                                              confidence=place.confidence, evidence=place.evidence,
                                                              locator=f"{p.id} title ({place.method})")))
                recs.append(RelRecord(type="FOR_POST", start_label="JobPosting", start_key=p.id, end_label="Post",
                                      end_key=pid, prov=prov))
            found = self.skills(p.description, p.tags)
            done: set[str] = set()
            for s in found:
                sid = s["key"] if s["label"] == "Skill" else skill_id(s["name"])
                review = None if s["known"] else True  # a new term: lower confidence, Review queue
                if not s["in_graph"] or s["label"] != "Skill":
                    if sid not in skills_seen:
                        skills_seen.add(sid)
                        recs.append(NodeRecord(label="Skill", key=sid, prov=Provenance(
                            source=doc_id, extractor=s["extractor"], confidence=0.9 if s["known"] else 0.6,
                            evidence=s["name"] if s["known"] else s["evidence"],
                            locator=("tech_terms.csv" if s["label"] == "Skill" else f"graph {s['label']}") if s["known"]
                            else f"{p.id} {s['section']} chars {s['ev_start']}-{s['ev_end']} "
                                 f"(skill {s['start']}-{s['end']})"),
                            props={k: v for k, v in {"name": s["name"], "kind": _skill_kind(s), "review": review,
                                   "lang": "en" if re.fullmatch(r"[\x00-\x7f]+", s["name"]) else "zh"}.items()
                                   if v is not None}))
                where = s["section"] if s["field"] == "description" else "tags"
                props_prov = Provenance(source=doc_id, extractor=s["extractor"], confidence=s["confidence"],
                                        evidence=s["evidence"],
                                        locator=f"{p.id} {where} chars {s['ev_start']}-{s['ev_end']} "
                                                f"(skill {s['start']}-{s['end']})")
                recs.append(RelRecord(type="REQUIRES", start_label="JobPosting", start_key=p.id, end_label="Skill",
                                      end_key=sid, prov=props_prov, props={"review": review} if review else {}))
                if sid not in done:
                    done.add(sid)
                    top[s["name"]] = top.get(s["name"], 0) + 1
                    n_new += not s["known"]
            n_req += len(done)
            n_with += bool(done)
        report = {"postings": len(postings), "with_skills": n_with, "requires": n_req, "requires_new_terms": n_new,
                  "posts": len(posts_seen),
                  "posts_in_occupation": n_occ, "postings_in_occupation": n_placed,
                  "top_skills": dict(sorted(top.items(), key=lambda kv: -kv[1])[:10])}
        return recs, report


def _skill_kind(s: dict) -> str:
    if s["label"] == "Certificate" or s.get("kind") == "certificate":
        return "certificate"
    if s["label"] == "Course" or s.get("kind") in ("knowledge", "method", "standard"):
        return "knowledge"
    return "tool"


def _clause(norm: str, s: int, e: int) -> tuple[int, int]:
    """Bounds of the requirement clause around [s, e): list items and punctuation end clauses."""
    start = 0
    for m in _CLAUSE_END.finditer(norm, max(0, s - 300), s):
        start = m.end()
    m = _CLAUSE_END.search(norm, e)
    end = m.end() if m and m.group() in "。！？；;!?" else (m.start() if m else len(norm))
    while start < s and norm[start].isspace():
        start += 1
    return start, max(end, e)


# ------------------------------------------------------------------------------------ inputs
_COLS = {
    "id": ("id", "job_id", "编号", "职位编号", "岗位编号", "序号"),
    "title": ("title", "job_title", "position", "职位名称", "岗位名称", "职位", "岗位", "招聘岗位"),
    "description": ("description", "jd", "job_description", "职位描述", "岗位描述", "岗位职责", "职位要求", "任职要求",
                    "工作内容", "描述"),
    "company": ("company", "company_name", "公司名称", "企业名称", "公司", "企业", "招聘单位"),
    "city": ("city", "城市", "工作地点", "工作城市", "地点"),
    "education": ("education", "学历", "学历要求"),
    "experience": ("experience", "经验", "工作经验", "经验要求"),
    "salary": ("salary", "salary_raw", "薪资", "薪酬", "月薪", "工资"),
    "url": ("url", "post_url", "链接"),
    "date": ("date", "crawl_or_post_date", "发布日期", "日期"),
    "district": ("district", "区县", "区域"),
    "industry": ("company_industry", "industry", "行业", "公司行业", "所属行业"),
    "size": ("company_size", "公司规模", "规模"),
    "tags": ("tags", "技能标签", "标签"),
}


def _read_table(path: Path):
    """A user's posts file as a DataFrame of strings: CSV/TSV (separator read from the header line: comma, tab,
    semicolon or bar), Excel, a JSON array of postings (or an object holding one under ``data``/``records``/
    ``items``…), or JSON Lines (one posting per line). Nested objects become ``parent_child`` columns
    (``{"company": {"name": …}}`` → ``company_name``); a list value (skill tags) is joined with ", ".
    Raises ValueError naming the line / key when a JSON file is not a list of postings."""
    import io

    import pandas as pd

    from ingest.readers import decode_text, table_delimiter

    suf = path.suffix.lower()
    if suf in (".csv", ".tsv"):
        text = decode_text(path.read_bytes(), path)
        head = next((ln for ln in text.splitlines() if ln.strip()), "")
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=table_delimiter(head, suf))
    if suf in (".json", ".jsonl", ".ndjson"):
        return json_table(decode_text(path.read_bytes(), path), lines=suf != ".json")
    return pd.read_excel(path, dtype=str).fillna("")


def json_table(text: str, lines: bool):
    """JSON (an array of objects, or an object holding one) or JSON Lines → DataFrame of strings."""
    import json

    import pandas as pd

    if lines:
        records = []
        for n, ln in enumerate(text.splitlines(), start=1):
            if not ln.strip():
                continue
            try:
                obj = json.loads(ln)
            except json.JSONDecodeError as e:
                raise ValueError(f"line {n}: not JSON ({e.msg})") from None
            if not isinstance(obj, dict):
                raise ValueError(f"line {n}: a posting must be a JSON object, found {type(obj).__name__}")
            records.append(obj)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise ValueError(f"line {e.lineno}: not JSON ({e.msg})") from None
        if isinstance(data, dict):
            key = next((k for k in _JSON_LIST_KEYS if isinstance(data.get(k), list)), None)
            if key is None:
                lists = [k for k, v in data.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
                key = lists[0] if len(lists) == 1 else None
            if key is None:
                raise ValueError("expected a list of postings (a JSON array of objects, or an object holding one "
                                 f"under {'/'.join(_JSON_LIST_KEYS[:3])}…); found an object with keys "
                                 f"{list(data)[:8]}")
            data = data[key]
        if not isinstance(data, list):
            raise ValueError(f"expected a list of postings, found a JSON {type(data).__name__}")
        bad = next((i for i, x in enumerate(data) if not isinstance(x, dict)), None)
        if bad is not None:
            raise ValueError(f"posting {bad + 1}: a posting must be a JSON object, found {type(data[bad]).__name__}")
        records = data
    if not records:
        return pd.DataFrame()
    df = pd.json_normalize(records, sep="_")

    def item(x) -> str:  # a list item; an object in a list ([{"name": "Python"}]) reads as its values
        if isinstance(x, dict):
            return " ".join(item(v) for v in x.values() if item(v))
        return "" if x is None else str(x).strip()

    def cell(v) -> str:
        if isinstance(v, (list, tuple)):
            return ", ".join(t for t in (item(x) for x in v) if t)
        if v is None or (isinstance(v, float) and v != v):
            return ""
        return str(v)

    return df.apply(lambda col: col.map(cell)).astype(str)


def posts_columns(header: list[str]) -> dict[str, str]:
    """{field: the header's column} for the fields a posts table can carry (:data:`_COLS`, names in zh or en)."""
    low = {str(h).strip().lower(): h for h in header}
    out = {}
    for field, names in _COLS.items():
        for n in names:
            if n.lower() in low:
                out[field] = low[n.lower()]
                break
    return out


def city_gazetteer(store):
    """A :class:`ingest.vocab.places.CityGazetteer` of the graph's city Regions (None when there are none):
    a user's postings are placed in the regions the reference load wrote."""
    from ingest.vocab.places import CityGazetteer

    if store is None:
        return None
    rows = store.read("MATCH (r:Region) WHERE r.level = 'city' RETURN r.province AS p, r.name AS c", limit=100_000)
    return CityGazetteer((r["p"], r["c"]) for r in rows if r["p"] and r["c"]) if rows else None


def _user_table_batches(path: Path, ext: JobExtractor, store=None) -> Iterator[Batch]:
    try:
        df = _read_table(path)
    except Exception as e:  # unreadable table: one line
        yield reject_batch("jobs", Reject(file=str(path), reason=f"cannot read table ({type(e).__name__}: {e})"[:200]))
        return
    if df.empty:
        yield reject_batch("jobs", Reject(file=str(path), reason="no data rows (only a header)"))
        return
    cols = posts_columns(list(df.columns))
    missing = [f for f in ("title",) if f not in cols]
    if missing:
        yield reject_batch("jobs", Reject(file=str(path), field=",".join(missing),
                                          reason=f"missing column(s) {missing}; found {list(df.columns)[:12]}"))
        return
    digest = sha256_file(path)
    source = "user-" + digest[:12]
    recs: list = []
    rejects: list[Reject] = []
    postings: list[Posting] = []
    gaz = city_gazetteer(store)
    placed: set[tuple[str, str]] = set()
    unplaced: list[str] = []
    n_located = 0
    for i, row in enumerate(df.to_dict("records"), start=2):
        get = lambda f: (str(row.get(cols[f], "")).strip() or None) if f in cols else None  # noqa: E731
        title, desc, company = get("title"), get("description"), get("company")
        if not title:
            # a posting is its title; a row without one is reported (nothing to place in an occupation)
            why = "empty title (empty row)" if not (desc or company) else "empty title (posting kept out: no post to name)"
            rejects.append(Reject(file=str(path), row=i, field=cols["title"], reason=why))
            continue
        jid = job_posting_id(source, get("id") or i)
        prov = Provenance(source=digest, extractor=EXTRACTOR, confidence=1.0,
                          evidence=" | ".join(x for x in (title, company, get("city"), (desc or "")[:200]) if x),
                          locator=f"row {i}")
        hit = gaz.resolve(get("city")) if gaz and get("city") else None
        props = {"title": title, "description": desc, "company": company, "city": hit[1] if hit else get("city"),
                 "district": get("district"), "education": get("education"), "experience": get("experience"),
                 "salary": get("salary"), "url": get("url"), "date": get("date"), "industry_label": get("industry"),
                 "company_size": get("size")}
        recs.append(NodeRecord(label="JobPosting", key=jid, props={k: v for k, v in props.items() if v}, prov=prov))
        recs.append(RelRecord(type="DESCRIBES", start_label="Document", start_key=digest, end_label="JobPosting",
                              end_key=jid, prov=prov))
        rid = region_id(*hit) if hit else None
        if rid:
            n_located += 1
            recs.append(RelRecord(type="LOCATED_IN", start_label="JobPosting", start_key=jid, end_label="Region",
                                  end_key=rid, prov=prov))
        elif get("city"):
            unplaced.append(f"row {i}: {get('city')}")
        if company:
            try:
                fid = firm_id(company)
            except ValueError:
                fid = None
            if fid:
                recs.append(NodeRecord(label="Firm", key=fid, props={"name": company}, prov=prov))
                recs.append(RelRecord(type="POSTED", start_label="Firm", start_key=fid, end_label="JobPosting",
                                      end_key=jid, prov=prov))
                if rid and (fid, rid) not in placed:  # the employer is where it posts (one link per city)
                    placed.add((fid, rid))
                    recs.append(RelRecord(type="LOCATED_IN", start_label="Firm", start_key=fid, end_label="Region",
                                          end_key=rid, prov=Provenance(source=digest, extractor=EXTRACTOR,
                                                                       confidence=0.8, evidence=f"{company} | {get('city')}",
                                                                       locator=f"row {i}")))
        postings.append(Posting(jid, title, desc or "", get("education"), get("experience"), i, tags=get("tags")))
    extracted, report = ext.records(postings, digest, fill=True)
    report = {"rows": len(df), "rejected_rows": len(rejects), "postings_located": n_located, "city_unresolved": unplaced[:50],
              "regions_known": bool(gaz), **report}
    yield Batch(doc_id=digest, path=str(path), kind="jobs", records=[*recs, *extracted], rejects=rejects,
                title=path.name, language="zh", content_hash=digest, rows_read=len(df), report=report)


def _graph_batches(store, ext: JobExtractor, source_path: str) -> Iterator[Batch]:
    rows = store.read("MATCH (j:JobPosting) RETURN j.id AS id, j.title AS title, j.description AS d, "
                      "j.education AS edu, j.experience AS exp, j.source AS src ORDER BY j.id", limit=10_000_000)
    if not rows:
        yield reject_batch("jobs", Reject(file=source_path, reason="no JobPosting nodes in the graph: run "
                                                                   "`kg ingest reference --only jobs` first"))
        return
    for n, i in enumerate(range(0, len(rows), CHUNK), start=1):
        part = rows[i:i + CHUNK]
        postings = [Posting(r["id"], r["title"] or "", r["d"] or "", r["edu"], r["exp"]) for r in part]
        h = hashlib.sha256(f"{EXTRACTOR}|{ext.fingerprint}".encode())
        for p in postings:
            # education/experience are not hashed: this extractor fills them in when the source left them empty
            h.update(f"{p.id}\x1f{p.title}\x1f{p.description}\n".encode())
        doc_id = "jobs:" + h.hexdigest()[:32]
        recs, report = ext.records(postings, doc_id, fill=True)
        yield Batch(doc_id=doc_id, path=f"{source_path}#skills-{n}", kind="jobs", records=recs,
                    title=f"skills of job postings {part[0]['id']} … {part[-1]['id']}", language="zh",
                    content_hash=doc_id, rows_read=len(part), report=report)


def batches(paths: list[Path], store, options: dict) -> Iterator[Batch]:
    """``kg ingest [PATH…] --kind jobs`` (see the module doc)."""
    from kg.config import settings

    from ingest.reference.sources import JOB_FILES

    ref = Path(settings().reference_data)
    ref_files = {(ref / f).resolve() for f in JOB_FILES} | {(ref / "jobs").resolve()}
    paths = [Path(p) for p in paths or []]
    # the reference job files were loaded as JobPosting nodes by `kg ingest reference`: read them from the graph
    graph_mode = not paths or all(p.exists() and p.resolve() in ref_files for p in paths)
    ext = JobExtractor.from_store(store)
    if graph_mode:
        yield from _graph_batches(store, ext, "jobs/job_posts_cn.csv")
        return
    files, rejects = expand_paths(paths, TABLE_SUFFIXES)
    for r in rejects:
        yield reject_batch("jobs", r)
    for f in files:
        if f.resolve() in ref_files:
            yield from _graph_batches(store, ext, "jobs/job_posts_cn.csv")
        elif f.suffix.lower() not in TABLE_SUFFIXES:
            yield reject_batch("jobs", Reject(file=str(f), reason=f"not a table of posts ({', '.join(TABLE_SUFFIXES)})"))
        else:
            yield from _user_table_batches(f, ext, store)
