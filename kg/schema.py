"""The one declaration of the graph: labels, keys, typed properties, relationship types.

Everything else is rendered from here: LadybugDB DDL (:func:`ladybug_ddl`), Neo4j constraints and
indexes (:func:`neo4j_ddl`), the RDF ontology and SHACL shapes (``kg.rdf``). The contract is
``shared/design/SCHEMA.md``; names follow it exactly. Properties were added (never renamed or dropped):

* every node and relationship carries the provenance properties ``source`` (first document id),
  ``evidence``, ``extractor``, ``confidence``, ``locator`` (those of the most confident statement),
  and — only when the fact has **more than one** statement — ``sources`` (every document id that stated
  it) and ``provenance`` (one JSON object per statement: source, evidence, extractor, confidence,
  locator), so a fact seen in several sources keeps all of them. A fact with one statement (nearly
  all: 1 M of a province's 1 M edges) stores no list: its summary properties *are* the statement,
  and ``kg.records.statements_of`` / ``with_statements`` rebuild the list, byte for byte as
  ``Provenance.to_json`` writes it. (Storing a one-element list of a unique JSON text per fact cost
  LadybugDB's COPY 8.5 s per million edges against 3.0 s for the compact form.) Cypher that asks
  "which facts did document D state" writes ``r.source = $d OR $d IN r.sources``;
* ``Major.year_added`` / ``Major.catalogue`` record majors added after 2021;
* ``Region.province`` lets a city be grouped without a hop;
* ``Occupation.aliases`` keeps the job titles the classification file maps to an occupation;
* ``review`` flags nodes/edges proposed by an extractor with low confidence (the Review queue).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

# property types (LadybugDB names; Neo4j is schemaless for them)
STRING, INT, FLOAT, BOOL, STRINGS = "STRING", "INT64", "DOUBLE", "BOOLEAN", "STRING[]"

PROVENANCE_PROPS: dict[str, str] = {
    "source": STRING,
    "sources": STRINGS,
    "evidence": STRING,
    "extractor": STRING,
    "confidence": FLOAT,
    "locator": STRING,
    "provenance": STRINGS,
    "review": BOOL,
}


@dataclass(frozen=True)
class NodeType:
    label: str
    key: str
    props: dict[str, str]
    zh: str
    en: str
    doc: str = ""
    search: tuple[str, ...] = ("name",)  # properties a search box looks at

    @property
    def all_props(self) -> dict[str, str]:
        return {self.key: STRING, **self.props, **PROVENANCE_PROPS}

    @property
    def color(self) -> str:
        """The colour the explorer draws this label in."""
        return NODE_COLORS[self.label]


@dataclass(frozen=True)
class RelType:
    type: str
    pairs: tuple[tuple[str, str], ...]
    props: dict[str, str] = field(default_factory=dict)
    zh: str = ""
    en: str = ""
    doc: str = ""

    @property
    def all_props(self) -> dict[str, str]:
        return {**self.props, **PROVENANCE_PROPS}


NODES: tuple[NodeType, ...] = (
    NodeType("Region", "id", {"name": STRING, "level": STRING, "province": STRING, "name_en": STRING},
             "地区", "Region", "A province, city or district; id is the path, e.g. 广东省/广州市."),
    NodeType("College", "moe_code", {"name": STRING, "aliases": STRINGS, "level": STRING,
                                     "ownership": STRING, "province": STRING, "city": STRING,
                                     "competent_dept": STRING, "name_en": STRING},
             "院校", "College", "A college or university; key is the MOE 学校标识码.", ("name", "aliases")),
    NodeType("ProfessionalGroup", "id", {"name": STRING, "lead_major_code": STRING, "source_kind": STRING,
                                         "tier": STRING, "program_type": STRING, "college_name": STRING},
             "专业群", "Professional group",
             "A college's cluster of majors built around an industrial chain (双高 or user-defined). "
             "SCHEMA.md calls the origin `source` (双高/user); it is `source_kind` here because `source` is "
             "the provenance property on every node."),
    NodeType("MajorCategory", "code", {"name": STRING, "level": STRING},
             "专业大类", "Major category"),
    NodeType("MajorClass", "code", {"name": STRING, "level": STRING},
             "专业类", "Major class"),
    NodeType("Major", "code", {"name": STRING, "level": STRING, "years": STRING, "year_added": INT,
                               "catalogue": STRING, "name_en": STRING, "target": STRING},
             "专业", "Major", "A major in the 2021 vocational catalogue (or added since)."),
    NodeType("Course", "id", {"name": STRING}, "课程", "Course"),
    NodeType("Skill", "id", {"name": STRING, "lang": STRING, "kind": STRING}, "能力/技能", "Skill"),
    NodeType("Post", "id", {"name": STRING}, "岗位", "Post"),
    NodeType("Occupation", "code", {"name": STRING, "level": STRING, "definition": STRING, "tasks": STRING,
                                    "digital": BOOL, "green": BOOL, "aliases": STRINGS},
             "职业", "Occupation", "An occupation of the 2022 national classification (职业分类大典).",
             ("name", "aliases")),
    NodeType("Certificate", "id", {"name": STRING, "kind": STRING}, "证书", "Certificate"),
    NodeType("Industry", "code", {"name": STRING, "name_en": STRING, "level": STRING, "description": STRING},
             "行业", "Industry", "A GB/T 4754-2017 industry (门类/大类/中类/小类).", ("name", "name_en")),
    NodeType("Firm", "id", {"name": STRING, "name_en": STRING, "aliases": STRINGS, "province": STRING,
                            "city": STRING, "listed_code": STRING, "tags": STRINGS, "size": STRING,
                            "ownership": STRING, "industry_label": STRING, "list_date": STRING},
             "企业", "Firm", "A company; id is the credit code, stock code or normalised full name.",
             ("name", "name_en", "aliases")),
    NodeType("JobPosting", "id", {"title": STRING, "url": STRING, "date": STRING, "salary": STRING,
                                  "education": STRING, "experience": STRING, "description": STRING,
                                  "company": STRING, "city": STRING, "district": STRING,
                                  "industry_label": STRING, "company_size": STRING},
             "招聘信息", "Job posting", search=("title",)),
    NodeType("ResearchProject", "id", {"title": STRING, "kind": STRING, "year": INT, "funding": FLOAT},
             "科研项目", "Research project", search=("title",)),
    NodeType("Platform", "id", {"name": STRING, "kind": STRING}, "平台", "Platform"),
    NodeType("EducationAlliance", "id", {"name": STRING, "kind": STRING}, "职教集团/联合体", "Education alliance"),
    NodeType("Policy", "id", {"title": STRING, "issuer": STRING, "date": STRING, "level": STRING,
                              "language": STRING, "region": STRING},
             "政策", "Policy", search=("title",)),
    NodeType("Measure", "id", {"name_zh": STRING, "name_en": STRING, "variants": STRINGS},
             "产教融合举措", "Measure", search=("name_zh", "name_en")),
    NodeType("Document", "id", {"path": STRING, "kind": STRING, "title": STRING, "language": STRING,
                                "ingested_at": STRING, "content_hash": STRING, "status": STRING},
             "文档", "Document", "A source document; id is the sha256 of its content (or ref:<path>).",
             ("title", "path")),
)

_R = RelType
RELS: tuple[RelType, ...] = (
    _R("PART_OF", (("Region", "Region"), ("Industry", "Industry"), ("Occupation", "Occupation"),
                   ("MajorClass", "MajorCategory")), zh="属于", en="part of"),
    _R("IN_CLASS", (("Major", "MajorClass"),), zh="所属专业类", en="in class"),
    _R("LOCATED_IN", (("College", "Region"), ("Firm", "Region"), ("JobPosting", "Region")),
       zh="位于", en="located in"),
    _R("BELONGS_TO", (("ProfessionalGroup", "College"),), zh="隶属", en="belongs to"),
    _R("INCLUDES", (("ProfessionalGroup", "Major"),), {"role": STRING}, zh="包含", en="includes"),
    _R("OFFERS", (("College", "Major"),), zh="开设", en="offers"),
    _R("HAS_COURSE", (("Major", "Course"),), {"kind": STRING}, zh="开设课程", en="has course"),
    _R("DEVELOPS", (("Major", "Skill"),), zh="培养能力", en="develops"),
    _R("TEACHES", (("Course", "Skill"),), zh="讲授", en="teaches"),
    _R("PREPARES_FOR", (("Major", "Occupation"),), zh="面向职业", en="prepares for"),
    _R("TARGETS_POST", (("Major", "Post"),), zh="面向岗位", en="targets post"),
    _R("IN_OCCUPATION", (("Post", "Occupation"),), zh="归属职业", en="in occupation"),
    _R("REQUIRES", (("Post", "Skill"), ("JobPosting", "Skill")), zh="要求", en="requires"),
    _R("HAS_CERTIFICATE", (("Major", "Certificate"),), zh="职业类证书", en="has certificate"),
    _R("LEADS_TO", (("Major", "Major"),), zh="接续", en="leads to"),
    _R("SERVES", (("Major", "Industry"), ("ProfessionalGroup", "Industry")),
       {"level": STRING, "signals": STRING, "evidence_items": STRINGS}, zh="服务产业", en="serves"),
    _R("IN_INDUSTRY", (("Firm", "Industry"),), zh="所属行业", en="in industry"),
    _R("POSTED", (("Firm", "JobPosting"),), zh="发布", en="posted"),
    _R("BRANCH_OF", (("Firm", "Firm"),), zh="分支机构", en="branch of",
       doc="Added: a branch (…分公司, …营销服务部) and the firm it belongs to."),
    _R("SAME_AS", (("Firm", "Firm"),), zh="可能同一企业", en="possibly same as",
       doc="Added: a job board's brand name and a full name it may stand for (several candidates: review)."),
    _R("FOR_POST", (("JobPosting", "Post"),), zh="招聘岗位", en="for post"),
    _R("PARTNERS_WITH", (("Firm", "College"), ("Firm", "ProfessionalGroup")),
       {"kind": STRING, "since": STRING, "until": STRING, "status": STRING, "internship_posts": INT,
        "courses_codeveloped": INT, "joint_projects": INT, "ip_output": INT, "evaluation_scores": STRING},
       zh="合作", en="partners with"),
    _R("INVOLVES", (("ResearchProject", "College"), ("ResearchProject", "Firm")), {"role": STRING},
       zh="参与", en="involves"),
    _R("ON_TOPIC", (("ResearchProject", "Industry"), ("ResearchProject", "Skill")), zh="主题", en="on topic"),
    _R("MEMBER_OF", (("College", "EducationAlliance"), ("Firm", "EducationAlliance")), {"role": STRING},
       zh="成员", en="member of"),
    _R("HOSTS", (("College", "Platform"),), zh="主办", en="hosts"),
    _R("CO_BUILDS", (("Firm", "Platform"),), zh="共建", en="co-builds"),
    _R("ISSUED_BY", (("Policy", "College"), ("Policy", "Firm"), ("Policy", "Region")), zh="发布机关",
       en="issued by"),
    _R("APPLIES_TO", (("Policy", "Region"),), zh="适用地区", en="applies to"),
    _R("MENTIONS", tuple(("Policy", t) for t in ("Industry", "Major", "Occupation", "Measure", "College",
                                                  "Firm", "Region", "EducationAlliance")),
       {"char_start": INT, "char_end": INT, "article": STRING, "sentence": STRING}, zh="提及", en="mentions"),
    _R("DESCRIBES", (("Document", "Policy"), ("Document", "Firm"), ("Document", "JobPosting")),
       zh="描述", en="describes", doc="Added: links a source document to the record it describes."),
)

NODE_BY_LABEL: dict[str, NodeType] = {n.label: n for n in NODES}
REL_BY_TYPE: dict[str, RelType] = {r.type: r for r in RELS}
LABELS: tuple[str, ...] = tuple(NODE_BY_LABEL)
REL_TYPES: tuple[str, ...] = tuple(REL_BY_TYPE)


def node(label: str) -> NodeType:
    try:
        return NODE_BY_LABEL[label]
    except KeyError:
        raise KeyError(f"unknown node label {label!r}; known: {', '.join(LABELS)}") from None


def rel(type_: str) -> RelType:
    try:
        return REL_BY_TYPE[type_]
    except KeyError:
        raise KeyError(f"unknown relationship type {type_!r}; known: {', '.join(REL_TYPES)}") from None


def list_props(props: dict[str, str]) -> set[str]:
    """The properties in ``props`` that hold lists of strings (merged as ordered unions)."""
    return {p for p, t in props.items() if t == STRINGS}


def key_of(label: str) -> str:
    return node(label).key


def check_pair(type_: str, start: str, end: str) -> None:
    if (start, end) not in rel(type_).pairs:
        raise ValueError(f"{type_} does not connect {start}->{end}; allowed: {rel(type_).pairs}")


def _validate() -> None:
    for r in RELS:
        for a, b in r.pairs:
            node(a), node(b)


_validate()


# ---------------------------------------------------------------- renderers
def ladybug_ddl() -> list[str]:
    """CREATE NODE/REL TABLE statements (idempotent with IF NOT EXISTS)."""
    out = []
    for n in NODES:
        cols = ", ".join(f"{p} {t}" for p, t in n.all_props.items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {n.label}({cols}, PRIMARY KEY ({n.key}))")
    for r in RELS:
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in r.pairs)
        cols = "".join(f", {p} {t}" for p, t in r.all_props.items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS {r.type}({pairs}{cols})")
    return out


def neo4j_ddl() -> list[str]:
    """Uniqueness constraints on every key + indexes on searched properties (idempotent)."""
    out = []
    for n in NODES:
        out.append(f"CREATE CONSTRAINT {n.label.lower()}_key IF NOT EXISTS "
                   f"FOR (x:{n.label}) REQUIRE x.{n.key} IS UNIQUE")
        for p in n.search:
            if p != n.key and n.all_props.get(p) == STRING:
                out.append(f"CREATE INDEX {n.label.lower()}_{p} IF NOT EXISTS FOR (x:{n.label}) ON (x.{p})")
    for r in RELS:
        out.append(f"CREATE INDEX {r.type.lower()}_source IF NOT EXISTS FOR ()-[x:{r.type}]-() ON (x.source)")
    return out


def describe() -> Iterable[str]:
    """Human-readable schema summary (used by ``kg schema``)."""
    for n in NODES:
        yield f"(:{n.label} {{{n.key}}}) {n.zh}/{n.en}: {', '.join(n.props)}"
    for r in RELS:
        pairs = ", ".join(f"{a}->{b}" for a, b in r.pairs)
        yield f"[:{r.type}] {pairs}" + (f" {{{', '.join(r.props)}}}" if r.props else "")


def node_key(node: dict) -> str | None:
    """The key value of a node dict as returned by ``store.read`` (``_label`` + properties)."""
    label = node.get("_label")
    if label in NODE_BY_LABEL:
        k = node.get(key_of(label))
        return None if k is None else str(k)
    return None


#: the properties a node's display name is taken from, first present wins (then its key)
NAME_PROPS: tuple[str, ...] = ("name", "title", "name_zh", "name_en")


def node_name(node: dict) -> str:
    """The display name of a node dict (``name``, ``title``, ``name_zh``, ``name_en``, then its key)."""
    for p in NAME_PROPS:
        if node.get(p):
            return str(node[p])
    return node_key(node) or "?"


#: the key properties of all labels, in the order a query coalesces them when the label is not known
KEY_PROPS: tuple[str, ...] = ("id", "code", "moe_code")
#: the properties a query takes a node's display name from, first present wins (then its key)
CYPHER_NAME_PROPS: tuple[str, ...] = ("name", "title", "name_zh")


def key_expr(var: str) -> str:
    """Cypher for the key of node ``var`` whatever its label: ``coalesce(n.id, n.code, n.moe_code)``."""
    return f"coalesce({', '.join(f'{var}.{p}' for p in KEY_PROPS)})"


def name_expr(var: str) -> str:
    """Cypher for the display name of node ``var`` whatever its label (name, title, name_zh, then its key)."""
    return f"coalesce({', '.join(f'{var}.{p}' for p in (*CYPHER_NAME_PROPS, *KEY_PROPS))})"


#: one colour per node type (colour-blind-friendly-ish, distinct on white): the explorer's graphs and legends
NODE_COLORS: dict[str, str] = {
    "Region": "#9e9e9e", "College": "#1f77b4", "ProfessionalGroup": "#17becf", "MajorCategory": "#aec7e8",
    "MajorClass": "#c5b0d5", "Major": "#2ca02c", "Course": "#98df8a", "Skill": "#bcbd22", "Post": "#ff7f0e",
    "Occupation": "#ffbb78", "Certificate": "#e377c2", "Industry": "#d62728", "Firm": "#8c564b",
    "JobPosting": "#c49c94", "ResearchProject": "#9467bd", "Platform": "#f7b6d2", "EducationAlliance": "#6b6ecf",
    "Policy": "#393b79", "Measure": "#637939", "Document": "#dbdb8d",
}


def _validate_metadata() -> None:
    missing = [n.label for n in NODES if n.label not in NODE_COLORS]
    odd_keys = [n.label for n in NODES if n.key not in KEY_PROPS]
    if missing or odd_keys:
        raise ValueError(f"schema: labels without a colour {missing}, keys outside KEY_PROPS {odd_keys}")


_validate_metadata()
