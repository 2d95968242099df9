"""Linked data: the OWL/RDFS ontology, SKOS taxonomies and SHACL shapes rendered from :mod:`kg.schema`,
and the mapping between graph rows and RDF (used by the exporters in :mod:`kg.export` and by the
importer ``ingest.rdf``).

IRIs (stable; one configurable base, env ``KG_IRI_BASE``, default ``https://example.org/kg/``):

* node ``<base><Label>/<key>`` — key percent-encoded (UTF-8, every byte outside ``A-Za-z0-9-_~``),
  e.g. ``<base>Major/510201``, ``<base>Region/%E5%B9%BF%E4%B8%9C%E7%9C%81``;
* relationship ``<start node IRI>/<TYPE>/<EndLabel>/<end key>`` (the reified statement, see below);
* provenance statement ``<node or relationship IRI>#prov-<n>`` (n = its position, 0-based);
* ontology terms ``<base>ontology#Major``, ``#name``, ``#PREPARES_FOR``; shapes ``<base>shapes#…``;
  concept schemes ``<base>scheme/industries|occupations|majors``.

How the property graph becomes RDF:

* a node is ``<n> a kg:<Label>`` with one datatype triple per property (``xsd:string``, ``xsd:integer``,
  ``xsd:double``, ``xsd:boolean``); list properties (aliases, tags, variants) are one ordered
  ``rdf:List``. Taxonomy nodes (industries, occupations, 专业大类/专业类/专业) are also ``skos:Concept`` s
  ``skos:inScheme`` their scheme, with ``skos:notation`` (the code), ``skos:prefLabel`` (the name, @zh)
  and ``skos:broader`` for PART_OF / IN_CLASS. Every node gets an ``rdfs:label`` (its name or title).
* a relationship is the asserted triple ``<a> kg:TYPE <b>`` **plus** a reified ``rdf:Statement``
  (``rdf:subject``/``rdf:predicate``/``rdf:object``) that carries the relationship's own properties
  (role, kind, char_start …). We chose classic reification over RDF-star because rdflib 7 cannot
  parse or serialise RDF-star, and pySHACL cannot validate it.
* provenance uses PROV-O *qualified derivations*: every provenance statement of a node or
  relationship (the JSON objects of its ``provenance`` property, in order) becomes
  ``<x> prov:qualifiedDerivation <x#prov-n>``, ``<x#prov-n> a prov:Derivation; prov:entity <source
  Document>; kg:evidence; kg:extractor; kg:confidence; kg:locator; kg:order n``, and every source also
  ``<x> prov:wasDerivedFrom <Document>``. The summary properties ``source``/``sources``/``evidence``/
  ``extractor``/``confidence``/``locator`` are *not* written: they are a function of the statements
  (:func:`kg.store.merge.merge_props`) and are recomputed on import, so nothing is lost.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any, Iterator, NamedTuple
from urllib.parse import quote, unquote

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD

from kg import schema

DEFAULT_BASE = "https://example.org/kg/"
ESCO = Namespace("http://data.europa.eu/esco/model#")

XSD_OF = {schema.STRING: XSD.string, schema.INT: XSD.integer, schema.FLOAT: XSD.double,
          schema.BOOL: XSD.boolean, schema.STRINGS: RDF.List}

# properties derived from the provenance statements (not exported; recomputed on import)
DERIVED_PROPS = ("source", "sources", "evidence", "extractor", "confidence", "locator", "provenance")

# --------------------------------------------------------------------- vocabulary choices
TAXONOMIES: dict[str, tuple[str, str, str]] = {  # scheme id → (zh, en, comment)
    "industries": ("国民经济行业分类（GB/T 4754-2017）",
                   "Industrial classification for national economic activities (GB/T 4754-2017)",
                   "门类 / 大类 / 中类 / 小类; skos:broader follows PART_OF."),
    "occupations": ("中华人民共和国职业分类大典（2022年版）",
                    "Occupational classification of the People's Republic of China (2022)",
                    "大类 / 中类 / 小类 / 细类 (occupations); skos:broader follows PART_OF."),
    "majors": ("职业教育专业目录（2021年）", "Vocational education major catalogue (2021)",
               "专业大类 → 专业类 → 专业; skos:broader follows PART_OF (专业类→专业大类) and IN_CLASS (专业→专业类)."),
}
SCHEME_OF: dict[str, str] = {"Industry": "industries", "Occupation": "occupations",
                             "MajorCategory": "majors", "MajorClass": "majors", "Major": "majors"}
TOP_CONCEPTS = {"MajorCategory"}
BROADER: set[tuple[str, str, str]] = {("PART_OF", "Industry", "Industry"), ("PART_OF", "Occupation", "Occupation"),
                                      ("PART_OF", "MajorClass", "MajorCategory"), ("IN_CLASS", "Major", "MajorClass")}

CLASS_ALIGN: dict[str, tuple[URIRef, ...]] = {
    "Region": (SDO.AdministrativeArea,),
    "College": (SDO.CollegeOrUniversity,),
    "Major": (SDO.EducationalOccupationalProgram,),
    "Course": (SDO.Course,),
    "Skill": (ESCO.Skill,),
    "Occupation": (SDO.Occupation, ESCO.Occupation),
    "Certificate": (SDO.EducationalOccupationalCredential,),
    "Firm": (SDO.Organization,),
    "JobPosting": (SDO.JobPosting,),
    "ResearchProject": (SDO.ResearchProject,),
    "EducationAlliance": (SDO.Organization,),
    "Policy": (SDO.Legislation,),
    "Document": (PROV.Entity, SDO.DigitalDocument),
}
REL_ALIGN: dict[str, tuple[tuple[URIRef, URIRef], ...]] = {  # type → ((relation, target), …)
    "HAS_COURSE": ((RDFS.subPropertyOf, SDO.hasCourse),),
    "TEACHES": ((RDFS.subPropertyOf, SDO.teaches),),
    "DEVELOPS": ((RDFS.subPropertyOf, SDO.teaches),),
    "REQUIRES": ((RDFS.subPropertyOf, ESCO.relatedEssentialSkill),),
    "IN_OCCUPATION": ((RDFS.subPropertyOf, SKOS.broadMatch),),
    "LOCATED_IN": ((RDFS.subPropertyOf, SDO.location),),
    "MEMBER_OF": ((RDFS.subPropertyOf, SDO.memberOf),),
    "POSTED": ((OWL.inverseOf, SDO.hiringOrganization),),
}
PROP_ALIGN: dict[str, tuple[URIRef, ...]] = {
    "name": (SDO.name,), "url": (SDO.url,), "description": (SDO.description,),
    "definition": (SKOS.definition,), "aliases": (), "name_en": (),
}

PROP_ZH: dict[str, str] = {
    "aliases": "别名", "article": "条款", "catalogue": "目录版本", "char_end": "结束字符位置",
    "char_start": "起始字符位置", "city": "城市", "code": "代码", "college_name": "院校名称", "company": "公司",
    "company_size": "公司规模", "competent_dept": "主管部门", "confidence": "置信度", "content_hash": "内容哈希",
    "courses_codeveloped": "共建课程数", "date": "日期", "definition": "定义", "description": "说明",
    "digital": "数字职业", "district": "区县", "education": "学历要求", "evaluation_scores": "评价得分",
    "evidence": "证据", "experience": "经验要求", "extractor": "抽取器", "funding": "经费", "green": "绿色职业",
    "id": "标识", "industry_label": "行业名称", "ingested_at": "导入时间", "internship_posts": "实习岗位数",
    "ip_output": "知识产权产出", "issuer": "发布机关", "joint_projects": "合作项目数", "kind": "类型",
    "lang": "语言", "language": "语言", "lead_major_code": "牵头专业代码", "level": "层次", "list_date": "上市日期",
    "listed_code": "股票代码", "moe_code": "学校标识码", "name": "名称", "name_en": "英文名称",
    "name_zh": "中文名称", "ownership": "性质", "path": "路径", "program_type": "项目类型", "province": "省份",
    "region": "地区", "review": "待审核", "role": "角色", "salary": "薪资", "sentence": "句子", "since": "起始时间",
    "size": "规模", "source_kind": "来源类型", "status": "状态", "tags": "标签", "target": "培养目标",
    "tasks": "主要工作任务", "tier": "档次", "title": "标题", "until": "截止时间", "url": "网址",
    "variants": "变体", "year": "年份", "year_added": "增设年份", "years": "修业年限", "locator": "位置",
    "order": "序号",
}
PROV_TERMS: dict[str, tuple[URIRef, str, str]] = {  # Derivation property → (range, en comment, _)
    "evidence": (XSD.string, "the exact sentence, table cell or row the statement was read from", ""),
    "extractor": (XSD.string, "the extractor that made the statement, name@version", ""),
    "confidence": (XSD.double, "how sure the extractor was, 0–1", ""),
    "locator": (XSD.string, "where in the source: row 12 / section 职业面向 / chars 10-42", ""),
    "order": (XSD.integer, "position of the statement among the fact's provenance statements (0-based)", ""),
}


# --------------------------------------------------------------------- IRIs
def iri_base(base: str | None = None) -> str:
    """The configured IRI base (``KG_IRI_BASE``), checked: absolute http(s) IRI ending in '/'."""
    b = base or os.environ.get("KG_IRI_BASE") or DEFAULT_BASE
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`#]+/", b):
        raise ValueError(f"KG_IRI_BASE must be an http(s) IRI ending in '/', without spaces or '#': {b!r}")
    return b


def encode_key(key: str) -> str:
    enc = quote(str(key), safe="")
    if enc in (".", ".."):  # never a path segment that IRI normalisation would remove
        enc = enc.replace(".", "%2E")
    return enc


class Vocab:
    """The namespaces and IRI makers for one base."""

    def __init__(self, base: str | None = None):
        self.base = iri_base(base)
        self.KG = Namespace(self.base + "ontology#")
        self.SHAPES = Namespace(self.base + "shapes#")
        self.ontology_iri = URIRef(self.base + "ontology")
        self._node_re = re.compile(re.escape(self.base) + r"([A-Za-z]+)/([^/#]+)$")

    def node(self, label: str, key: str) -> str:
        return f"{self.base}{label}/{encode_key(key)}"

    def rel(self, type_: str, start: str, start_key: str, end: str, end_key: str) -> str:
        return f"{self.node(start, start_key)}/{type_}/{end}/{encode_key(end_key)}"

    def document(self, source: str) -> str:
        return self.node("Document", source)

    def scheme(self, label: str) -> str:
        return f"{self.base}scheme/{SCHEME_OF[label]}"

    def cls(self, label: str) -> str:
        return str(self.KG[label])

    def prop(self, name: str) -> str:
        return str(self.KG[name])

    def parse_node(self, iri: str) -> tuple[str, str] | None:
        """``<base>Label/key`` → (label, key), or None if it is not a node IRI of this base."""
        m = self._node_re.match(str(iri))
        if not m or m.group(1) not in schema.NODE_BY_LABEL:
            return None
        return m.group(1), unquote(m.group(2))


def vocab(base: str | None = None) -> Vocab:
    return Vocab(base)


# --------------------------------------------------------------------- data → RDF terms
class IRI(str):
    """An IRI object (a plain ``str`` is never used as an object, to keep literals apart)."""


class Lit(NamedTuple):
    lex: str
    dt: str | None = None  # datatype IRI; None = xsd:string
    lang: str | None = None


@dataclass
class Resource:
    """One subject and its (predicate IRI, object) pairs; object = IRI | Lit | list[Lit] (an rdf:List)."""

    iri: str
    pairs: list[tuple[str, Any]]


RDF_TYPE, RDFS_LABEL = str(RDF.type), str(RDFS.label)


def literal(value: Any, type_: str) -> Lit:
    if type_ == schema.STRING:
        return Lit(str(value))
    if type_ == schema.INT:
        if isinstance(value, bool) or not isinstance(value, int):
            value = int(value)
        return Lit(str(value), str(XSD.integer))
    if type_ == schema.FLOAT:
        return Lit(repr(float(value)), str(XSD.double))
    if type_ == schema.BOOL:
        return Lit("true" if value else "false", str(XSD.boolean))
    raise ValueError(f"no literal for type {type_}")


def _prov_resources(v: Vocab, subject: str, statements: list[str] | None) -> tuple[list, list[Resource]]:
    pairs: list[tuple[str, Any]] = []
    out: list[Resource] = []
    seen: list[str] = []
    for i, js in enumerate(statements or []):
        d = json.loads(js) if isinstance(js, str) else dict(js)
        p = f"{subject}#prov-{i}"
        doc = v.document(d["source"])
        pairs.append((str(PROV.qualifiedDerivation), IRI(p)))
        if doc not in seen:
            seen.append(doc)
        rp = [(RDF_TYPE, IRI(str(PROV.Derivation))), (str(PROV.entity), IRI(doc)),
              (v.prop("extractor"), Lit(str(d["extractor"]))),
              (v.prop("confidence"), literal(d.get("confidence", 1.0), schema.FLOAT))]
        if d.get("evidence") is not None:
            rp.append((v.prop("evidence"), Lit(str(d["evidence"]))))
        if d.get("locator") is not None:
            rp.append((v.prop("locator"), Lit(str(d["locator"]))))
        rp.append((v.prop("order"), Lit(str(i), str(XSD.integer))))
        out.append(Resource(p, rp))
    pairs.extend((str(PROV.wasDerivedFrom), IRI(d)) for d in seen)
    return pairs, out


def node_resources(v: Vocab, label: str, row: dict) -> list[Resource]:
    """RDF resources for one node row (all declared properties; provenance as qualified derivations)."""
    nt = schema.node(label)
    key = str(row[nt.key])
    s = v.node(label, key)
    pairs: list[tuple[str, Any]] = [(RDF_TYPE, IRI(v.cls(label)))]
    display = next((row[p] for p in nt.search if row.get(p) not in (None, "", [])), None)
    if isinstance(display, list):
        display = display[0]
    if label in SCHEME_OF:
        pairs += [(RDF_TYPE, IRI(str(SKOS.Concept))), (str(SKOS.inScheme), IRI(v.scheme(label))),
                  (str(SKOS.notation), Lit(key))]
        if label in TOP_CONCEPTS:
            pairs.append((str(SKOS.topConceptOf), IRI(v.scheme(label))))
        if display is not None:
            pairs.append((str(SKOS.prefLabel), Lit(str(display), lang="zh")))
    if display is not None:
        pairs.append((RDFS_LABEL, Lit(str(display))))
    pairs.append((v.prop(nt.key), Lit(key)))
    for p, t in nt.props.items():
        val = row.get(p)
        if val is None:
            continue
        if t == schema.STRINGS:
            pairs.append((v.prop(p), [Lit(str(x)) for x in val]))
        else:
            pairs.append((v.prop(p), literal(val, t)))
    if row.get("review") is not None:
        pairs.append((v.prop("review"), literal(row["review"], schema.BOOL)))
    ppairs, extra = _prov_resources(v, s, row.get("provenance"))
    return [Resource(s, pairs + ppairs), *extra]


def rel_resources(v: Vocab, type_: str, start: str, end: str, row: dict) -> list[Resource]:
    """The asserted triple (+ skos:broader for taxonomies) and the reified statement with properties
    and provenance. ``row`` has ``from``/``to`` (endpoint keys) and the relationship's properties."""
    rt = schema.rel(type_)
    a, b = v.node(start, row["from"]), v.node(end, row["to"])
    asserted = [(v.prop(type_), IRI(b))]
    if (type_, start, end) in BROADER:
        asserted.append((str(SKOS.broader), IRI(b)))
    s = v.rel(type_, start, str(row["from"]), end, str(row["to"]))
    pairs: list[tuple[str, Any]] = [(RDF_TYPE, IRI(str(RDF.Statement))), (str(RDF.subject), IRI(a)),
                                    (str(RDF.predicate), IRI(v.prop(type_))), (str(RDF.object), IRI(b))]
    for p, t in rt.props.items():
        if row.get(p) is not None:
            pairs.append((v.prop(p), literal(row[p], t)))
    if row.get("review") is not None:
        pairs.append((v.prop("review"), literal(row["review"], schema.BOOL)))
    ppairs, extra = _prov_resources(v, s, row.get("provenance"))
    return [Resource(a, asserted), Resource(s, pairs + ppairs), *extra]


# --------------------------------------------------------------------- RDF → rows (import)
@dataclass
class ParsedNode:
    label: str
    key: str
    props: dict[str, Any]
    provenance: list[dict]
    review: bool | None
    iri: str


@dataclass
class ParsedRel:
    type: str
    start: str
    start_key: str
    end: str
    end_key: str
    props: dict[str, Any]
    provenance: list[dict]
    review: bool | None
    iri: str


class RdfProblem(NamedTuple):
    subject: str
    field: str | None
    reason: str


def detect_vocab(g: Graph, base: str | None = None) -> Vocab:
    """The Vocab whose ontology namespace the graph uses (the configured base first, else the base of
    the first ``…/ontology#<Label>`` class found), so files exported under another base import too."""
    v = Vocab(base)
    labels = {URIRef(v.cls(lbl)) for lbl in schema.LABELS}
    if any(o in labels for o in g.objects(None, RDF.type)):
        return v
    for o in g.objects(None, RDF.type):
        m = re.fullmatch(r"(https?://.+/)ontology#([A-Za-z]+)", str(o))
        if m and m.group(2) in schema.NODE_BY_LABEL:
            return Vocab(m.group(1))
    return v


def _py(lit: Any, type_: str) -> Any:
    if not isinstance(lit, Literal):
        raise ValueError(f"expected a literal, found {lit}")
    if type_ == schema.STRING:
        return str(lit)
    if type_ == schema.INT:
        return int(str(lit))
    if type_ == schema.FLOAT:
        return float(str(lit))
    if type_ == schema.BOOL:
        s = str(lit).strip().lower()
        if s not in ("true", "false", "1", "0"):
            raise ValueError(f"not a boolean: {s!r}")
        return s in ("true", "1")
    raise ValueError(type_)


def _one(g: Graph, s, p):
    vals = list(g.objects(s, p))
    if len(vals) > 1:
        raise ValueError(f"{len(vals)} values where one is allowed")
    return vals[0] if vals else None


def _derivations(g: Graph, v: Vocab, s) -> list[dict]:
    out = []
    for d in g.objects(s, PROV.qualifiedDerivation):
        ent = _one(g, d, PROV.entity)
        if ent is None:
            raise ValueError(f"provenance statement {d} has no prov:entity")
        parsed = v.parse_node(str(ent))
        source = parsed[1] if parsed and parsed[0] == "Document" else str(ent)
        item: dict[str, Any] = {"source": source}
        for name in ("evidence", "extractor", "locator"):
            val = _one(g, d, v.KG[name])
            if val is not None:
                item[name] = str(val)
        conf = _one(g, d, v.KG.confidence)
        if conf is not None:
            item["confidence"] = float(str(conf))
        order = _one(g, d, v.KG.order)
        out.append((int(str(order)) if order is not None else 1 << 30, str(d), item))
    out.sort(key=lambda x: (x[0], x[1]))
    return [x[2] for x in out]


def _props(g: Graph, v: Vocab, s, declared: dict[str, str]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for p, t in declared.items():
        if t == schema.STRINGS:
            head = _one(g, s, v.KG[p])
            if head is not None:
                if isinstance(head, Literal):  # a bare literal instead of a list: one value
                    props[p] = [str(head)]
                else:
                    props[p] = [_py(x, schema.STRING) for x in Collection(g, head)]
            continue
        val = _one(g, s, v.KG[p])
        if val is not None:
            props[p] = _py(val, t)
    return props


def parse_graph(g: Graph, v: Vocab) -> tuple[list[ParsedNode], list[ParsedRel], list[RdfProblem]]:
    """Nodes and relationships described in an RDF graph written by the exporter (or by hand:
    a bare ``<a> kg:TYPE <b>`` triple without a reified statement is a relationship too)."""
    nodes: list[ParsedNode] = []
    rels: list[ParsedRel] = []
    problems: list[RdfProblem] = []
    where: dict[str, tuple[str, str]] = {}
    for nt in schema.NODES:
        for s in sorted(set(g.subjects(RDF.type, v.KG[nt.label])), key=str):
            try:
                keylit = _one(g, s, v.KG[nt.key])
                if keylit is None:
                    parsed = v.parse_node(str(s))
                    if not parsed or parsed[0] != nt.label:
                        raise ValueError(f"no kg:{nt.key} (the key)")
                    key = parsed[1]
                else:
                    key = str(keylit)
                if not key:
                    raise ValueError(f"empty kg:{nt.key} (the key)")
                props = _props(g, v, s, nt.props)
                review = _one(g, s, v.KG.review)
                nodes.append(ParsedNode(nt.label, key, props, _derivations(g, v, s),
                                        _py(review, schema.BOOL) if review is not None else None, str(s)))
                where[str(s)] = (nt.label, key)
            except (ValueError, TypeError) as e:
                problems.append(RdfProblem(str(s), nt.key, str(e)))

    def endpoint(o) -> tuple[str, str] | None:
        return where.get(str(o)) or v.parse_node(str(o))

    reified: set[tuple[str, str, str]] = set()
    for st in sorted(set(g.subjects(RDF.type, RDF.Statement)), key=str):
        pred = _one(g, st, RDF.predicate)
        type_ = str(pred)[len(str(v.KG)):] if pred is not None and str(pred).startswith(str(v.KG)) else None
        if type_ not in schema.REL_BY_TYPE:
            continue  # some other reified statement
        try:
            a, b = endpoint(_one(g, st, RDF.subject)), endpoint(_one(g, st, RDF.object))
            if a is None or b is None:
                raise ValueError("subject or object is not a node of this graph")
            schema.check_pair(type_, a[0], b[0])
            props = _props(g, v, st, schema.rel(type_).props)
            review = _one(g, st, v.KG.review)
            rels.append(ParsedRel(type_, a[0], a[1], b[0], b[1], props, _derivations(g, v, st),
                                  _py(review, schema.BOOL) if review is not None else None, str(st)))
            reified.add((str(_one(g, st, RDF.subject)), type_, str(_one(g, st, RDF.object))))
        except (ValueError, TypeError) as e:
            problems.append(RdfProblem(str(st), type_, str(e)))
    for rt in schema.RELS:  # asserted triples without a reified statement
        for s, o in g.subject_objects(v.KG[rt.type]):
            if (str(s), rt.type, str(o)) in reified:
                continue
            a, b = endpoint(s), endpoint(o)
            if a is None or b is None or (a[0], b[0]) not in rt.pairs:
                problems.append(RdfProblem(str(s), rt.type, f"kg:{rt.type} to {o}: endpoints are not "
                                                           f"nodes of an allowed pair {rt.pairs}"))
                continue
            rels.append(ParsedRel(rt.type, a[0], a[1], b[0], b[1], {}, [], None, f"{s} {rt.type} {o}"))
    return nodes, rels, problems


# --------------------------------------------------------------------- ontology
def _prop_usage() -> dict[str, dict]:
    """datatype property name → {"type", "domains" (class labels or 'Statement'), "key_of"}."""
    use: dict[str, dict] = {}
    for nt in schema.NODES:
        for p, t in {nt.key: schema.STRING, **nt.props}.items():
            u = use.setdefault(p, {"type": t, "domains": [], "key_of": []})
            if u["type"] != t:
                raise ValueError(f"property {p!r} is {u['type']} and {t}: RDF needs one type per name")
            u["domains"].append(nt.label)
            if p == nt.key:
                u["key_of"].append(nt.label)
    for rt in schema.RELS:
        for p, t in rt.props.items():
            u = use.setdefault(p, {"type": t, "domains": [], "key_of": []})
            if u["type"] != t:
                raise ValueError(f"property {p!r} is {u['type']} and {t}: RDF needs one type per name")
            if "Statement" not in u["domains"]:
                u["domains"].append("Statement")
    return use


def _union(g: Graph, members: list[URIRef]) -> URIRef | BNode:
    if len(members) == 1:
        return members[0]
    u = BNode()
    g.add((u, RDF.type, OWL.Class))
    lst = BNode()
    Collection(g, lst, members)
    g.add((u, OWL.unionOf, lst))
    return u


def _bind(g: Graph, v: Vocab) -> None:
    g.bind("kg", v.KG)
    g.bind("kgsh", v.SHAPES)
    for p, ns in (("owl", OWL), ("rdf", RDF), ("rdfs", RDFS), ("xsd", XSD), ("skos", SKOS), ("prov", PROV),
                  ("schema", SDO), ("sh", SH), ("esco", ESCO)):
        g.bind(p, ns, override=True, replace=True)


def ontology_graph(base: str | None = None) -> Graph:
    """The OWL/RDFS ontology + SKOS concept schemes rendered from the schema."""
    v = Vocab(base)
    K = v.KG
    g = Graph()
    _bind(g, v)
    o = v.ontology_iri
    g.add((o, RDF.type, OWL.Ontology))
    g.add((o, RDFS.label, Literal("产教融合知识图谱本体", lang="zh")))
    g.add((o, RDFS.label, Literal("Industry–education knowledge graph ontology", lang="en")))
    g.add((o, RDFS.comment, Literal(
        "Rendered from kg/schema.py by kg.rdf.ontology_graph(); do not edit by hand (run `kg ontology "
        "--out kg/ontology.ttl`). Relationships are asserted triples and reified rdf:Statements that carry "
        "their properties; provenance is PROV-O qualified derivations (prov:qualifiedDerivation).", lang="en")))
    for nt in schema.NODES:
        c = K[nt.label]
        g.add((c, RDF.type, OWL.Class))
        g.add((c, RDFS.label, Literal(nt.zh, lang="zh")))
        g.add((c, RDFS.label, Literal(nt.en, lang="en")))
        g.add((c, RDFS.comment, Literal(((nt.doc + " ") if nt.doc else "") + f"Key: kg:{nt.key}.", lang="en")))
        g.add((c, RDFS.isDefinedBy, o))
        for sup in CLASS_ALIGN.get(nt.label, ()):
            g.add((c, RDFS.subClassOf, sup))
        if nt.label in SCHEME_OF:
            g.add((c, RDFS.subClassOf, SKOS.Concept))
    for sid, (zh, en, comment) in TAXONOMIES.items():
        sc = URIRef(f"{v.base}scheme/{sid}")
        g.add((sc, RDF.type, SKOS.ConceptScheme))
        g.add((sc, RDFS.label, Literal(zh, lang="zh")))
        g.add((sc, RDFS.label, Literal(en, lang="en")))
        g.add((sc, SKOS.prefLabel, Literal(zh, lang="zh")))
        g.add((sc, RDFS.comment, Literal(comment, lang="en")))
    for rt in schema.RELS:
        p = K[rt.type]
        g.add((p, RDF.type, OWL.ObjectProperty))
        g.add((p, RDFS.label, Literal(rt.zh or rt.type, lang="zh")))
        g.add((p, RDFS.label, Literal(rt.en or rt.type, lang="en")))
        pairs = ", ".join(f"{a}→{b}" for a, b in rt.pairs)
        props = f" Properties (on the reified rdf:Statement): {', '.join(rt.props)}." if rt.props else ""
        g.add((p, RDFS.comment, Literal(((rt.doc + " ") if rt.doc else "") + f"Connects {pairs}.{props}",
                                        lang="en")))
        g.add((p, RDFS.isDefinedBy, o))
        starts = list(dict.fromkeys(a for a, _ in rt.pairs))
        ends = list(dict.fromkeys(b for _, b in rt.pairs))
        g.add((p, RDFS.domain, _union(g, [K[x] for x in starts])))
        g.add((p, RDFS.range, _union(g, [K[x] for x in ends])))
        for rel_, target in REL_ALIGN.get(rt.type, ()):
            g.add((p, rel_, target))
    for name, u in sorted(_prop_usage().items()):
        p = K[name]
        g.add((p, RDF.type, OWL.DatatypeProperty))
        if u["type"] != schema.STRINGS:
            g.add((p, RDF.type, OWL.FunctionalProperty))
        g.add((p, RDFS.label, Literal(PROP_ZH.get(name, name), lang="zh")))
        g.add((p, RDFS.label, Literal(name.replace("_", " "), lang="en")))
        doms = [RDF.Statement if d == "Statement" else K[d] for d in u["domains"]]
        g.add((p, RDFS.domain, _union(g, doms)))
        g.add((p, RDFS.range, XSD_OF[u["type"]]))
        comment = ""
        if u["key_of"]:
            comment += f"The key of {', '.join(u['key_of'])}. "
        if u["type"] == schema.STRINGS:
            comment += "An ordered list of strings (one rdf:List). "
        if "Statement" in u["domains"]:
            comment += "On a relationship it is a property of the reified rdf:Statement. "
        if comment:
            g.add((p, RDFS.comment, Literal(comment.strip(), lang="en")))
        for sup in PROP_ALIGN.get(name, ()):
            g.add((p, RDFS.subPropertyOf, sup))
        g.add((p, RDFS.isDefinedBy, o))
    for name, (rng, comment, _) in PROV_TERMS.items():
        p = K[name]
        if (p, RDF.type, OWL.DatatypeProperty) not in g:
            g.add((p, RDF.type, OWL.DatatypeProperty))
            g.add((p, RDFS.label, Literal(PROP_ZH.get(name, name), lang="zh")))
            g.add((p, RDFS.label, Literal(name, lang="en")))
            g.add((p, RDFS.isDefinedBy, o))
        g.add((p, RDFS.domain, PROV.Derivation))
        g.add((p, RDFS.range, rng))
        g.add((p, RDFS.comment, Literal(f"On a provenance statement (prov:Derivation): {comment}.", lang="en")))
    p = K.review
    g.add((p, RDF.type, OWL.DatatypeProperty))
    g.add((p, RDFS.label, Literal(PROP_ZH["review"], lang="zh")))
    g.add((p, RDFS.label, Literal("review", lang="en")))
    g.add((p, RDFS.range, XSD.boolean))
    g.add((p, RDFS.comment, Literal("Proposed by an extractor with low confidence; waits in the review queue.",
                                    lang="en")))
    g.add((p, RDFS.isDefinedBy, o))
    return g


# --------------------------------------------------------------------- SHACL shapes
SHAPE_IGNORED = (RDF.type, RDFS.label, SKOS.prefLabel, SKOS.notation, SKOS.inScheme, SKOS.broader,
                 SKOS.topConceptOf, PROV.wasDerivedFrom)


def _pshape(g: Graph, shape: URIRef, path, message: str, **constraints) -> URIRef:
    g.add((shape, RDF.type, SH.PropertyShape))
    g.add((shape, SH.path, path))
    g.add((shape, SH.message, Literal(message, lang="en")))
    for k, val in constraints.items():
        g.add((shape, SH[k], val))
    return shape


def _datatype_shape(g: Graph, v: Vocab, shape: URIRef, owner: str, prop: str, type_: str, *,
                    required: bool = False) -> URIRef:
    if type_ == schema.STRINGS:
        return _pshape(g, shape, v.KG[prop], f"{owner}: {prop} must be one list of strings (rdf:List)",
                       maxCount=Literal(1), node=v.SHAPES.StringList)
    extra: dict[str, Any] = {"maxCount": Literal(1), "datatype": XSD_OF[type_]}
    if required:
        extra.update(minCount=Literal(1), minLength=Literal(1))
        msg = f"{owner}: needs exactly one key {prop} (a non-empty string)"
    else:
        msg = f"{owner}: {prop} must be a single {XSD_OF[type_].split('#')[-1]} value"
    return _pshape(g, shape, v.KG[prop], msg, **extra)


def shapes_graph(base: str | None = None) -> Graph:
    """SHACL shapes rendered from the schema: keys present, datatypes, cardinalities, endpoint classes,
    closed shapes (no undeclared property), provenance on every fact."""
    v = Vocab(base)
    K, S = v.KG, v.SHAPES
    g = Graph()
    _bind(g, v)

    # helpers: one "is a <Label>" shape per label (for sh:or over several end classes)
    for nt in schema.NODES:
        g.add((S[f"Is{nt.label}"], RDF.type, SH.NodeShape))
        g.add((S[f"Is{nt.label}"], SH["class"], K[nt.label]))
    # rdf:List of strings
    sl = S.StringList
    g.add((sl, RDF.type, SH.NodeShape))
    members = S["StringList-members"]
    path = BNode()
    zero = BNode()
    g.add((zero, SH.zeroOrMorePath, RDF.rest))
    Collection(g, path, [zero, RDF.first])
    _pshape(g, members, path, "list members must be strings", datatype=XSD.string)
    g.add((sl, SH.property, members))

    def prov_shape(owner: str, shape: URIRef) -> URIRef:
        return _pshape(g, shape, PROV.qualifiedDerivation,
                       f"{owner}: every fact needs at least one provenance statement (prov:qualifiedDerivation)",
                       minCount=Literal(1), **{"class": PROV.Derivation})

    for nt in schema.NODES:
        ns = S[nt.label]
        owner = f"{nt.en} ({nt.zh})"
        g.add((ns, RDF.type, SH.NodeShape))
        g.add((ns, SH.targetClass, K[nt.label]))
        g.add((ns, RDFS.label, Literal(f"{nt.zh} / {nt.en}")))
        g.add((ns, SH.closed, Literal(True)))
        ignored = BNode()  # one list per shape, so each is written inline
        Collection(g, ignored, list(SHAPE_IGNORED))
        g.add((ns, SH.ignoredProperties, ignored))
        g.add((ns, SH.property, _datatype_shape(g, v, S[f"{nt.label}-{nt.key}"], owner, nt.key, schema.STRING,
                                                required=True)))
        for p, t in nt.props.items():
            g.add((ns, SH.property, _datatype_shape(g, v, S[f"{nt.label}-{p}"], owner, p, t)))
        g.add((ns, SH.property, _datatype_shape(g, v, S[f"{nt.label}-review"], owner, "review", schema.BOOL)))
        g.add((ns, SH.property, prov_shape(owner, S[f"{nt.label}-provenance"])))
        for rt in schema.RELS:
            ends = [b for a, b in rt.pairs if a == nt.label]
            if not ends:
                continue
            ps = S[f"{nt.label}-{rt.type}"]
            names = ends[0] if len(ends) == 1 else "one of " + ", ".join(ends)
            constraints: dict[str, Any] = {"nodeKind": SH.IRI}
            if len(ends) == 1:
                constraints["class"] = K[ends[0]]
            else:
                alts = BNode()
                Collection(g, alts, [S[f"Is{e}"] for e in ends])
                constraints["or"] = alts
            _pshape(g, ps, K[rt.type], f"{owner}: {rt.type} must point to a node of class {names}", **constraints)
            g.add((ns, SH.property, ps))

    # reified relationships
    rs = S.Relationship
    g.add((rs, RDF.type, SH.NodeShape))
    g.add((rs, SH.targetClass, RDF.Statement))
    g.add((rs, RDFS.label, Literal("relationship (reified rdf:Statement)")))
    g.add((rs, SH.closed, Literal(True)))
    rl = BNode()
    Collection(g, rl, [RDF.type, PROV.wasDerivedFrom])
    g.add((rs, SH.ignoredProperties, rl))
    preds = BNode()
    Collection(g, preds, [K[r.type] for r in schema.RELS])
    owner = "relationship"
    for name, pth, cons in (
        ("subject", RDF.subject, {"nodeKind": SH.IRI}),
        ("predicate", RDF.predicate, {"in": preds}),
        ("object", RDF.object, {"nodeKind": SH.IRI}),
    ):
        g.add((rs, SH.property, _pshape(g, S[f"Relationship-{name}"], pth,
                                        f"relationship: needs exactly one rdf:{name}"
                                        + (" that is a declared relationship type" if name == "predicate" else ""),
                                        minCount=Literal(1), maxCount=Literal(1), **cons)))
    for p, u in sorted(_prop_usage().items()):
        if "Statement" in u["domains"]:
            g.add((rs, SH.property, _datatype_shape(g, v, S[f"Relationship-{p}"], owner, p, u["type"])))
    g.add((rs, SH.property, _datatype_shape(g, v, S["Relationship-review"], owner, "review", schema.BOOL)))
    g.add((rs, SH.property, prov_shape(owner, S["Relationship-provenance"])))

    # provenance statements
    ds = S.Derivation
    g.add((ds, RDF.type, SH.NodeShape))
    g.add((ds, SH.targetClass, PROV.Derivation))
    g.add((ds, RDFS.label, Literal("provenance statement (prov:Derivation)")))
    g.add((ds, SH.closed, Literal(True)))
    dl = BNode()
    Collection(g, dl, [RDF.type])
    g.add((ds, SH.ignoredProperties, dl))
    owner = "provenance statement"
    g.add((ds, SH.property, _pshape(g, S["Derivation-entity"], PROV.entity,
                                    f"{owner}: needs exactly one source document (prov:entity)",
                                    minCount=Literal(1), maxCount=Literal(1), nodeKind=SH.IRI)))
    g.add((ds, SH.property, _pshape(g, S["Derivation-extractor"], K.extractor,
                                    f"{owner}: needs exactly one extractor (name@version)",
                                    minCount=Literal(1), maxCount=Literal(1), datatype=XSD.string,
                                    minLength=Literal(1))))
    g.add((ds, SH.property, _pshape(g, S["Derivation-confidence"], K.confidence,
                                    f"{owner}: needs exactly one confidence, a double between 0 and 1",
                                    minCount=Literal(1), maxCount=Literal(1), datatype=XSD.double,
                                    minInclusive=Literal(0.0), maxInclusive=Literal(1.0))))
    for name in ("evidence", "locator"):
        g.add((ds, SH.property, _pshape(g, S[f"Derivation-{name}"], K[name],
                                        f"{owner}: {name} must be at most one string",
                                        maxCount=Literal(1), datatype=XSD.string)))
    g.add((ds, SH.property, _pshape(g, S["Derivation-order"], K.order,
                                    f"{owner}: needs exactly one order (an integer)",
                                    minCount=Literal(1), maxCount=Literal(1), datatype=XSD.integer)))
    return g


def stable_turtle(g: Graph) -> str:
    """Turtle that is the same text on every run (blank nodes relabelled canonically first)."""
    c = to_canonical_graph(g)
    c.namespace_manager = g.namespace_manager
    return c.serialize(format="turtle")


def ontology_turtle(base: str | None = None) -> str:
    return stable_turtle(ontology_graph(base))


def shapes_turtle(base: str | None = None) -> str:
    return stable_turtle(shapes_graph(base))


def iter_pairs(resources: list[Resource]) -> Iterator[tuple[str, str, Any]]:
    for r in resources:
        for p, o in r.pairs:
            yield r.iri, p, o


# --------------------------------------------------------------------- files and validation
RDF_FILE_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml",
                    ".owl": "xml", ".xml": "xml", ".n3": "n3"}


def parse_file(path, fmt: str | None = None) -> Graph:
    """Parse an RDF file (format from the suffix unless given). Raises ValueError with one clear line."""
    from pathlib import Path

    path = Path(path)
    fmt = fmt or RDF_FILE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF file type {path.suffix!r} (use {', '.join(sorted(RDF_FILE_FORMATS))})")
    g = Graph()
    try:
        g.parse(str(path), format=fmt)
    except Exception as e:  # rdflib raises many exception types
        msg = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise ValueError(f"{path}: not valid {fmt}: {msg[:300]}") from None
    return g


_REL_IRI = r"([A-Za-z]+)/([^/#]+)/([A-Z_]+)/([A-Za-z]+)/([^/#]+)"


def describe_iri(v: Vocab, term: Any) -> str:
    """A focus node in words: 'Major 510203', 'relationship (Major 510203)-[:PREPARES_FOR]->(…)',
    'provenance statement 1 of …'."""
    if isinstance(term, BNode):
        return "an anonymous node (e.g. a list cell)"
    if isinstance(term, Literal):
        s = str(term)
        return repr(s if len(s) <= 80 else s[:77] + "...")
    iri = str(term)
    m = re.fullmatch(r"(.+)#prov-(\d+)", iri)
    if m:
        return f"provenance statement {m.group(2)} of {describe_iri(v, URIRef(m.group(1)))}"
    m = re.fullmatch(re.escape(v.base) + _REL_IRI, iri)
    if m:
        return (f"relationship ({m.group(1)} {unquote(m.group(2))})-[:{m.group(3)}]->"
                f"({m.group(4)} {unquote(m.group(5))})")
    parsed = v.parse_node(iri)
    if parsed:
        return f"{parsed[0]} {parsed[1]}"
    for ns, p in ((str(v.KG), "kg:"), (str(PROV), "prov:"), (str(RDF), "rdf:"), (str(SKOS), "skos:")):
        if iri.startswith(ns):
            return p + iri[len(ns):]
    return f"<{iri}>"


@dataclass
class Violation:
    severity: str
    focus: str
    where: str
    message: str
    path: str | None
    value: str | None
    component: str

    def line(self) -> str:
        return f"{self.where}: {self.message}" + (f" (found {self.value})" if self.value else "")


def validate(data: Graph, base: str | None = None) -> dict:
    """pySHACL over ``data`` with the shapes of its base, plus the asserted-triple check. Returns ``{"conforms", "violations",
    "warnings", "results": [Violation …], "triples", "seconds"}``."""
    import time

    from pyshacl import validate as shacl_validate

    t0 = time.perf_counter()
    v = detect_vocab(data, base)
    conforms, rg, _ = shacl_validate(data, shacl_graph=shapes_graph(v.base), inference="none",
                                     abort_on_first=False, allow_warnings=True, advanced=False)
    results = []
    for r in rg.subjects(RDF.type, SH.ValidationResult):
        focus = rg.value(r, SH.focusNode)
        path = rg.value(r, SH.resultPath)
        value = rg.value(r, SH.value)
        comp = str(rg.value(r, SH.sourceConstraintComponent) or "").split("#")[-1]
        sev = str(rg.value(r, SH.resultSeverity) or SH.Violation).split("#")[-1]
        path_s = describe_iri(v, path) if isinstance(path, URIRef) else None
        if comp == "ClosedConstraintComponent":
            msg = f"property {path_s} is not declared for this kind of node (typo, or a property of another label?)"
        else:
            msg = str(rg.value(r, SH.resultMessage) or comp)
            msg = msg.split(": ", 1)[1] if re.match(r"^[^:]{1,60}: ", msg) else msg
        results.append(Violation(sev, str(focus), describe_iri(v, focus), msg, path_s,
                                 describe_iri(v, value) if value is not None else None, comp))
    # one check SHACL core cannot express: the reified statement's triple must be asserted. As a
    # SHACL-SPARQL constraint pySHACL re-parses the query for every statement (~0.1 s each: hours for
    # the reference graph), so it runs here, directly on the graph.
    for st in data.subjects(RDF.type, RDF.Statement):
        s_, p_, o_ = data.value(st, RDF.subject), data.value(st, RDF.predicate), data.value(st, RDF.object)
        if None not in (s_, p_, o_) and (s_, p_, o_) not in data:
            results.append(Violation("Violation", str(st), describe_iri(v, st),
                                     "the reified statement's triple is not asserted "
                                     "(rdf:subject rdf:predicate rdf:object is missing)", None, None,
                                     "AssertedTripleCheck"))
    results.sort(key=lambda x: (x.severity != "Violation", x.message, x.where))
    n_viol = sum(1 for x in results if x.severity == "Violation")
    return {"conforms": bool(conforms) and n_viol == 0, "violations": n_viol,
            "warnings": sum(1 for x in results if x.severity != "Violation"), "results": results,
            "triples": len(data), "iri_base": v.base, "seconds": round(time.perf_counter() - t0, 3)}


if __name__ == "__main__":  # python -m kg.rdf → write kg/ontology.ttl and kg/shapes.ttl (default base)
    from pathlib import Path

    here = Path(__file__).resolve().parent
    (here / "ontology.ttl").write_text(ontology_turtle(DEFAULT_BASE), encoding="utf-8")
    (here / "shapes.ttl").write_text(shapes_turtle(DEFAULT_BASE), encoding="utf-8")
    print(f"wrote {here / 'ontology.ttl'} and {here / 'shapes.ttl'}")
