"""Synthetic province/national-scale graphs for benchmarks, built around the *real* taxonomies.

The real backbone — majors (2021 catalogue), occupations (2022), GB/T 4754 industries, regions and the
real colleges of one province (or the whole country) — is read from a graph that has the reference data
loaded (:meth:`Taxonomy.from_store`), or, when no such graph is at hand, straight from the reference
files (:meth:`Taxonomy.from_files`). Around it the generator invents professional groups, courses,
skills, posts, certificates, firms, job posts, partnerships, research projects, platforms and alliances,
with skewed (Zipf) degrees: a few firms post most jobs, a few skills are required everywhere.

Everything invented is labelled: its provenance ``source`` is ``synthetic:<scale>:<seed>`` (a
``Document`` node of that id, kind ``synthetic``, describes the run), its key starts with ``syn:`` and
firm names say 合成 (synthetic). Copied taxonomy nodes keep their real keys and their real provenance.
The output goes to its own graph file (``kg bench generate --out``), never into the reference graph.

Generation is deterministic per ``(scale, seed)``: each part draws from its own random stream seeded
from the seed and the part's name, and parts are produced lazily in chunks (the national scale does
not fit in memory as Python dicts at once).
"""
from __future__ import annotations

import collections
import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from kg import schema
from kg.codes import region_id, region_parts
from kg.records import Provenance, statements_of

EXTRACTOR = "synthetic@1"
CHUNK = 50_000  # rows per part chunk handed to the store
UNLIMITED = 10**9  # store.read(limit=None) means "the default row limit", not "no limit"


@dataclass(frozen=True)
class Scale:
    """How many of each generated thing; degrees are means of skewed distributions."""

    name: str
    colleges: int
    groups: int
    courses: int
    firms: int
    projects: int
    skills: int
    posts: int
    certificates: int
    job_posts: int
    platforms: int
    alliances: int
    offers_per_college: int = 40
    majors_per_group: int = 5
    courses_per_major: float = 1.5  # each course belongs to ~1.5 majors
    skills_per_course: int = 4
    skills_per_major: int = 10
    posts_per_major: int = 5
    skills_per_post: int = 8
    skills_per_job: int = 4
    industries_per_firm: float = 1.3
    partners_per_firm: float = 0.4
    industries_per_major: int = 3
    occupations_per_major: int = 3
    certificates_per_major: int = 2
    national: bool = False


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", colleges=6, groups=12, courses=300, firms=400, projects=20, skills=200, posts=60,
                  certificates=20, job_posts=600, platforms=6, alliances=2, offers_per_college=12,
                  skills_per_major=1, posts_per_major=1, industries_per_major=1, occupations_per_major=1,
                  certificates_per_major=1),
    "province": Scale("province", colleges=100, groups=600, courses=20_000, firms=50_000, projects=2_000,
                      skills=6_000, posts=3_000, certificates=500, job_posts=100_000, platforms=300,
                      alliances=30),
    "national": Scale("national", colleges=1_000, groups=6_000, courses=200_000, firms=500_000,
                      projects=20_000, skills=20_000, posts=10_000, certificates=2_000, job_posts=1_000_000,
                      platforms=3_000, alliances=300, national=True),
}
DEFAULT_PROVINCE = "广东省"


# ------------------------------------------------------------------------------------------ taxonomy
@dataclass
class Taxonomy:
    """The real backbone: rows ready for ``upsert_nodes`` / ``upsert_relationships`` (with provenance).

    ``nodes[label]`` → rows; ``rels[(type, start, end)]`` → rows. ``colleges`` are the chosen real
    colleges (all provinces' when ``province`` is None), ``cities`` the region ids they and the firms
    are located in.
    """

    origin: str
    nodes: dict[str, list[dict]] = field(default_factory=dict)
    rels: dict[tuple[str, str, str], list[dict]] = field(default_factory=dict)
    major_class: dict[str, str] = field(default_factory=dict)
    college_city: dict[str, str] = field(default_factory=dict)

    def keys(self, label: str) -> list[str]:
        k = schema.key_of(label)
        return [r[k] for r in self.nodes.get(label, [])]

    @property
    def higher_vocational_majors(self) -> list[str]:
        """高职专科 majors (codes 41xxxx–59xxxx), the ones vocational colleges group and offer."""
        return [c for c in self.keys("Major") if c[:1] in "45"]

    @property
    def occupations(self) -> list[str]:
        """细类 (leaf) occupation codes, e.g. 2-02-10-03."""
        return [c for c in self.keys("Occupation") if c.count("-") == 3 and not c.endswith("-00")]

    def industries(self, digits: int) -> list[str]:
        """GB/T 4754 codes with ``digits`` digits (2 = 大类, 4 = 小类)."""
        return [c for c in self.keys("Industry") if len(c) == digits and c.isdigit()]

    @property
    def cities(self) -> list[str]:
        return sorted(set(self.college_city.values()))

    # ---------------------------------------------------------------- from a graph with reference data
    @classmethod
    def from_store(cls, store, province: str | None, colleges: int) -> "Taxonomy":
        """Read the taxonomies (and the province's real colleges) from a reference graph."""
        tx = cls(origin="graph")
        for label in ("Region", "MajorCategory", "MajorClass", "Major", "Occupation", "Industry"):
            tx.nodes[label] = [_node_row(r["n"]) for r in store.read(f"MATCH (n:{label}) RETURN n", limit=UNLIMITED)]
        q = ("MATCH (c:College)-[:LOCATED_IN]->(r:Region) RETURN c AS c, r.id AS city ORDER BY c.moe_code")
        chosen = _choose_colleges([(_node_row(r["c"]), r["city"]) for r in store.read(q, limit=UNLIMITED)],
                                  province, colleges)
        tx.nodes["College"] = [c for c, _ in chosen]
        tx.college_city = {c["moe_code"]: city for c, city in chosen}
        for t, a, b in (("PART_OF", "Region", "Region"), ("PART_OF", "Industry", "Industry"),
                        ("PART_OF", "Occupation", "Occupation"), ("PART_OF", "MajorClass", "MajorCategory"),
                        ("IN_CLASS", "Major", "MajorClass"), ("PREPARES_FOR", "Major", "Occupation"),
                        ("LEADS_TO", "Major", "Major"), ("LOCATED_IN", "College", "Region")):
            ak, bk = schema.key_of(a), schema.key_of(b)
            rows = store.read(f"MATCH (a:{a})-[r:{t}]->(b:{b}) RETURN a.{ak} AS f, b.{bk} AS t, r AS r "
                              f"ORDER BY f, t", limit=UNLIMITED)
            out = []
            for r in rows:
                if a == "College" and r["f"] not in tx.college_city:
                    continue
                out.append(_rel_row(r["f"], r["t"], r["r"], t))
            if out:
                tx.rels[(t, a, b)] = out
        tx.major_class = {r["from"]: r["to"] for r in tx.rels.get(("IN_CLASS", "Major", "MajorClass"), [])}
        if not tx.higher_vocational_majors or not tx.occupations or not tx.industries(4) or not chosen:
            raise ValueError("the reference graph lacks majors, occupations, industries or colleges "
                             "(run `kg ingest reference` into it first)")
        return tx

    # ---------------------------------------------------------------- from the reference files
    @classmethod
    def from_files(cls, folder: str | Path, province: str | None, colleges: int) -> "Taxonomy":
        """Read the taxonomies straight from the reference CSVs (when no reference graph is at hand).

        Only codes, names, levels and hierarchies are read; each row keeps its real file and row as
        provenance (``ref:<path>``, ``row N``).
        """
        folder = Path(folder)
        tx = cls(origin="files")
        ext = "synthetic.taxonomy-files@1"

        def prov(rel: str, i: int, evidence: str) -> list[Provenance]:
            return [Provenance(source=f"ref:{rel}", evidence=evidence[:200], extractor=ext, locator=f"row {i}")]

        nodes: dict[str, dict[str, dict]] = {lb: {} for lb in ("Region", "MajorCategory", "MajorClass",
                                                               "Major", "Occupation", "Industry", "College")}
        rels: dict[tuple[str, str, str], dict[tuple[str, str], dict]] = {}

        def rel(t: str, a: str, b: str, f: str, to: str, p: list) -> None:
            rels.setdefault((t, a, b), {}).setdefault((f, to), {"from": f, "to": to, "_prov": p})

        # majors (2021 catalogue)
        path = "catalog/vocational_major_catalog_2021.csv"
        for i, r in enumerate(_csv(folder / path), start=2):
            code, name, kind = r["majorCode"].strip(), r["majorName"].strip(), r["itemLevel"]
            p = prov(path, i, ",".join(r.values()))
            if kind == "CATEGORY":
                nodes["MajorCategory"].setdefault(code, {"code": code, "name": name, "level": r["educationLevel"],
                                                         "_prov": p})
            elif kind == "CLASS":
                nodes["MajorClass"].setdefault(code, {"code": code, "name": name, "level": r["educationLevel"],
                                                      "_prov": p})
                rel("PART_OF", "MajorClass", "MajorCategory", code, r["categoryCode"].strip(), p)
            else:
                nodes["Major"].setdefault(code, {"code": code, "name": name, "level": r["educationLevel"],
                                                 "_prov": p})
                rel("IN_CLASS", "Major", "MajorClass", code, r["classCode"].strip(), p)
        # occupations (2022)
        path = "occupations/occupational_classification_2022.csv"
        occ_rows = list(_csv(folder / path))
        for i, r in enumerate(occ_rows, start=2):
            code = r["code"].strip()
            nodes["Occupation"][code] = {"code": code, "name": r["name"].strip(), "level": r["level"],
                                         "_prov": prov(path, i, r["name"])}
        for i, r in enumerate(occ_rows, start=2):
            code = r["code"].strip()
            parts = code.split("-")
            nz = [k for k, x in enumerate(parts) if x.strip("0")]
            if len(nz) > 1:
                parent = "-".join(parts[:nz[-1]] + ["00"] * (len(parts) - nz[-1]))
                if parent in nodes["Occupation"]:
                    rel("PART_OF", "Occupation", "Occupation", code, parent, prov(path, i, r["name"]))
        # industries (GB/T 4754-2017)
        path = "industries/gbt4754_2017.csv"
        for i, r in enumerate(_csv(folder / path), start=2):
            code = r["code"].strip()
            nodes["Industry"][code] = {"code": code, "name": r["name_zh"].strip(), "level": r["level_name"],
                                       "_prov": prov(path, i, r["name_zh"])}
            lv = int(r["level"])
            parent = {2: r["section"], 3: r["division"], 4: r["group"] or r["division"]}.get(lv, "")
            parent = (parent or "").strip()
            if lv == 4 and parent not in nodes["Industry"]:
                parent = r["division"].strip()
            if parent and parent != code:
                rel("PART_OF", "Industry", "Industry", code, parent, prov(path, i, r["name_zh"]))
        rels[("PART_OF", "Industry", "Industry")] = {
            k: v for k, v in rels.get(("PART_OF", "Industry", "Industry"), {}).items() if v["to"] in nodes["Industry"]}
        # colleges (MOE list) and their regions
        path = "colleges/moe_regular_hei_2025.csv"
        listed = []
        for i, r in enumerate(_csv(folder / path), start=2):
            prov_name, city = r["province"].strip(), r["city"].strip()
            city_id = region_id(prov_name, city)
            p = prov(path, i, ",".join(r.values()))
            nodes["Region"].setdefault(prov_name, {"id": prov_name, "name": prov_name, "level": "province",
                                                   "province": prov_name, "_prov": p})
            if city_id != prov_name:
                nodes["Region"].setdefault(city_id, {"id": city_id, "name": region_parts(city_id)[1], "level": "city",
                                                     "province": prov_name, "_prov": p})
                rel("PART_OF", "Region", "Region", city_id, prov_name, p)
            listed.append(({"moe_code": r["moe_code"].strip(), "name": r["name"].strip(), "level": r["level"],
                            "province": prov_name, "city": city, "competent_dept": r["competent_dept"],
                            "ownership": "民办" if "民办" in (r.get("remark") or "") else "公办", "_prov": p},
                           city_id))
        chosen = _choose_colleges(listed, province, colleges)
        nodes["College"] = {c["moe_code"]: c for c, _ in chosen}
        for c, city in chosen:
            rel("LOCATED_IN", "College", "Region", c["moe_code"], city, c["_prov"])
        tx.college_city = {c["moe_code"]: city for c, city in chosen}
        tx.nodes = {lb: list(v.values()) for lb, v in nodes.items()}
        tx.rels = {k: list(v.values()) for k, v in rels.items()}
        tx.major_class = {r["from"]: r["to"] for r in tx.rels[("IN_CLASS", "Major", "MajorClass")]}
        return tx


def _csv(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f)


def _choose_colleges(listed: list[tuple[dict, str]], province: str | None, n: int) -> list[tuple[dict, str]]:
    """The province's real colleges (专科 first, then 本科; by MOE code) — or the whole country's."""
    pool = [x for x in listed if province is None or x[0].get("province") == province or
            x[1].split("/")[0] == province]
    pool.sort(key=lambda x: (0 if x[0].get("level") == "专科" else 1, x[0]["moe_code"]))
    if province is None:  # spread over provinces: round-robin by province
        by_prov: dict[str, list] = {}
        for x in pool:
            by_prov.setdefault(x[1].split("/")[0], []).append(x)
        pool = [x for group in _round_robin(list(by_prov.values())) for x in group]
    return pool[:n]


def _round_robin(lists: list[list]) -> Iterator[list]:
    i = 0
    while any(i < len(x) for x in lists):
        yield [x[i] for x in lists if i < len(x)]
        i += 1


def _node_row(n: dict) -> dict:
    """A node read from a graph → a row that re-creates it with its real provenance."""
    label = n.get("_label")
    props = schema.node(label).props if label else {}
    row = {k: v for k, v in n.items() if k in props or k == schema.key_of(label)}
    row["_prov"] = [json.loads(s) for s in statements_of(n)] or [
        {"source": n.get("source") or "unknown", "extractor": n.get("extractor") or "unknown"}]
    return row


def _rel_row(f: str, t: str, r: dict, type_: str) -> dict:
    props = schema.rel(type_).props
    row = {"from": f, "to": t, **{k: v for k, v in (r or {}).items() if k in props}}
    row["_prov"] = [json.loads(s) for s in statements_of(r or {})] or [
        {"source": (r or {}).get("source") or "unknown", "extractor": (r or {}).get("extractor") or "unknown"}]
    return row


# ------------------------------------------------------------------------------------------ generator
@dataclass
class Part:
    """One table's worth of rows: nodes of ``label`` or relationships ``type`` start→end."""

    name: str
    kind: str  # "nodes" | "rels"
    label: str | None = None
    type: str | None = None
    start: str | None = None
    end: str | None = None
    rows: list[dict] = field(default_factory=list)

    @property
    def target(self) -> str:
        return self.label if self.kind == "nodes" else f"{self.type}({self.start}->{self.end})"


def source_id(scale: str, seed: int) -> str:
    return f"synthetic:{scale}:{seed}"


class Generator:
    """``Generator(taxonomy, "province", seed=42).parts()`` → the whole graph as :class:`Part` chunks.

    Taxonomy parts come first, then generated nodes, then generated relationships (so every
    relationship's endpoints already exist when it is written).
    """

    def __init__(self, taxonomy: Taxonomy, scale: str | Scale = "province", seed: int = 42, chunk: int = CHUNK):
        self.tx = taxonomy
        self.scale = SCALES[scale] if isinstance(scale, str) else scale
        self.seed = int(seed)
        self.chunk = chunk
        self.source = source_id(self.scale.name, self.seed)
        s = self.scale
        # generated keys: deterministic from the index
        self.keys = {
            "ProfessionalGroup": [f"syn:group:{i:06d}" for i in range(s.groups)],
            "Course": [f"syn:course:{i:07d}" for i in range(s.courses)],
            "Skill": [f"syn:skill:{i:06d}" for i in range(s.skills)],
            "Post": [f"syn:post:{i:06d}" for i in range(s.posts)],
            "Certificate": [f"syn:cert:{i:05d}" for i in range(s.certificates)],
            "Firm": [f"syn:firm:{i:07d}" for i in range(s.firms)],
            "JobPosting": [f"syn:job:{i:08d}" for i in range(s.job_posts)],
            "ResearchProject": [f"syn:project:{i:06d}" for i in range(s.projects)],
            "Platform": [f"syn:platform:{i:05d}" for i in range(s.platforms)],
            "EducationAlliance": [f"syn:alliance:{i:04d}" for i in range(s.alliances)],
        }
        self.colleges = taxonomy.keys("College")
        self.majors_hv = taxonomy.higher_vocational_majors
        self.majors = taxonomy.keys("Major")
        self.occupations = taxonomy.occupations
        self.ind4 = taxonomy.industries(4)
        self.ind2 = taxonomy.industries(2)
        self.cities = taxonomy.cities
        self.names = {lb: {r[schema.key_of(lb)]: r.get("name") or "" for r in taxonomy.nodes.get(lb, [])}
                      for lb in ("Major", "Occupation", "Industry", "College", "Region")}
        self._cache: dict[str, Any] = {}

    # -------------------------------------------------------------- randomness
    def rng(self, part: str) -> np.random.Generator:
        h = int.from_bytes(hashlib.sha256(f"{self.seed}:{self.scale.name}:{part}".encode()).digest()[:8], "big")
        return np.random.default_rng(h)

    @staticmethod
    def zipf(rng: np.random.Generator, n: int, size: int, a: float = 1.05) -> np.ndarray:
        """``size`` indices into ``range(n)`` with power-law popularity (a random item order)."""
        w = 1.0 / np.arange(1, n + 1) ** a
        order = rng.permutation(n)
        return order[rng.choice(n, size=size, p=w / w.sum())]

    def prov(self, part: str, i: int, evidence: str | None = None) -> Provenance:
        return Provenance(source=self.source, extractor=EXTRACTOR, evidence=evidence, locator=f"{part} {i}")

    # -------------------------------------------------------------- the parts
    def parts(self) -> Iterator[Part]:
        yield from self._taxonomy_parts()
        yield Part("document", "nodes", label="Document", rows=[{
            "id": self.source, "path": self.source, "kind": "synthetic", "status": "complete",
            "title": f"synthetic {self.scale.name}-scale graph, seed {self.seed} (generated for benchmarks; not real data)",
            "_prov": [Provenance(source=self.source, extractor=EXTRACTOR, evidence=f"taxonomy from {self.tx.origin}")]}])
        for name, label, fn in self._node_specs():
            yield from self._chunked(Part(name, "nodes", label=label), fn())
        for name, t, a, b, fn in self._rel_specs():
            yield from self._chunked(Part(name, "rels", type=t, start=a, end=b), fn())

    def counts(self) -> dict[str, int]:
        """{part target: rows} without building rows for the big parts twice (used by reports)."""
        out: dict[str, int] = {}
        for p in self.parts():
            out[p.target] = out.get(p.target, 0) + len(p.rows)
        return out

    def _chunked(self, template: Part, rows: Iterator[dict]) -> Iterator[Part]:
        buf: list[dict] = []
        for r in rows:
            buf.append(r)
            if len(buf) >= self.chunk:
                yield Part(template.name, template.kind, template.label, template.type, template.start,
                           template.end, buf)
                buf = []
        if buf:
            yield Part(template.name, template.kind, template.label, template.type, template.start,
                       template.end, buf)

    def _taxonomy_parts(self) -> Iterator[Part]:
        for label in ("Region", "MajorCategory", "MajorClass", "Major", "Occupation", "Industry", "College"):
            rows = self.tx.nodes.get(label) or []
            if rows:
                yield from self._chunked(Part(f"taxonomy:{label}", "nodes", label=label), iter(rows))
        for (t, a, b), rows in self.tx.rels.items():
            yield from self._chunked(Part(f"taxonomy:{t}:{a}->{b}", "rels", type=t, start=a, end=b), iter(rows))

    # -------------------------------------------------------------- nodes
    def _node_specs(self):
        return [
            ("groups", "ProfessionalGroup", self._groups),
            ("courses", "Course", lambda: self._simple("Course", "courses", "课程", self._course_name)),
            ("skills", "Skill", lambda: self._simple("Skill", "skills", "能力", self._skill_name,
                                                     extra=lambda i: {"lang": "zh", "kind": ("ability", "knowledge", "tool")[i % 3]})),
            ("posts", "Post", lambda: self._simple("Post", "posts", "岗位", self._post_name)),
            ("certificates", "Certificate", lambda: self._simple("Certificate", "certificates", "证书",
                                                                 lambda i: f"合成职业技能等级证书{i:05d}",
                                                                 extra=lambda i: {"kind": "职业技能等级"})),
            ("firms", "Firm", self._firms),
            ("job_posts", "JobPosting", self._job_posts),
            ("projects", "ResearchProject", self._projects),
            ("platforms", "Platform", lambda: self._simple("Platform", "platforms", "平台", lambda i: f"合成产教融合平台{i:05d}",
                                                           extra=lambda i: {"kind": ("产业学院", "实训基地", "技术服务平台", "协同创新中心", "产教融合园区")[i % 5]})),
            ("alliances", "EducationAlliance", lambda: self._simple("EducationAlliance", "alliances", "联合体",
                                                                    lambda i: f"合成职教集团{i:04d}",
                                                                    extra=lambda i: {"kind": ("职教集团", "市域产教联合体", "行业产教融合共同体")[i % 3]})),
        ]

    def _pick(self, part: str, pool: list[str], n: int) -> list[str]:
        rng = self.rng(part)
        return [pool[i] for i in rng.integers(0, len(pool), n)] if pool else []

    def _course_name(self, i: int) -> str:
        m = self._anchor("course-major", self.majors, self.scale.courses)[i]
        return f"{self.names['Major'].get(m, '专业')}课程{i:06d}"

    def _skill_name(self, i: int) -> str:
        ind = self._anchor("skill-industry", self.ind4, self.scale.skills)[i]
        return f"{self.names['Industry'].get(ind, '行业')}能力{i:05d}"

    def _post_name(self, i: int) -> str:
        occ = self._anchor("post-occupation", self.occupations, self.scale.posts)[i]
        return f"{self.names['Occupation'].get(occ, '职业')}岗{i:05d}"

    def _anchor(self, part: str, pool: list[str], n: int) -> list[str]:
        if part not in self._cache:
            self._cache[part] = self._pick(part, pool, n)
        return self._cache[part]

    def _simple(self, label: str, part: str, _zh: str, name, extra=None) -> Iterator[dict]:
        key = schema.key_of(label)
        for i, k in enumerate(self.keys[label]):
            nm = name(i)
            yield {key: k, "name": nm, **(extra(i) if extra else {}), "_prov": [self.prov(part, i, nm)]}

    def group_college(self) -> list[str]:
        if "group-college" not in self._cache:
            rng = self.rng("group-college")
            n = len(self.colleges)
            # every college gets at least one group, the rest go by a skewed draw
            base = list(range(min(n, self.scale.groups)))
            rest = self.zipf(rng, n, max(0, self.scale.groups - len(base)), a=0.8).tolist()
            self._cache["group-college"] = [self.colleges[i] for i in base + rest]
        return self._cache["group-college"]

    def group_majors(self) -> list[list[str]]:
        """Per group: lead major first, then members of the same 专业类 where there are any."""
        if "group-majors" not in self._cache:
            rng = self.rng("group-majors")
            by_class: dict[str, list[str]] = {}
            for m in self.majors_hv:
                by_class.setdefault(self.tx.major_class.get(m, ""), []).append(m)
            out = []
            for _ in range(self.scale.groups):
                lead = self.majors_hv[int(rng.integers(len(self.majors_hv)))]
                same = [m for m in by_class.get(self.tx.major_class.get(lead, ""), []) if m != lead]
                k = int(min(len(same), max(1, rng.poisson(self.scale.majors_per_group - 1))))
                members = [same[j] for j in rng.choice(len(same), size=k, replace=False)] if k else []
                out.append([lead, *members])
            self._cache["group-majors"] = out
        return self._cache["group-majors"]

    def _groups(self) -> Iterator[dict]:
        colleges = self.group_college()
        for i, (k, majors) in enumerate(zip(self.keys["ProfessionalGroup"], self.group_majors())):
            lead = majors[0]
            name = f"{self.names['Major'].get(lead, lead)}专业群"
            yield {"id": k, "name": name, "lead_major_code": lead, "source_kind": "synthetic",
                   "tier": ("A档", "B档", "C档")[i % 3], "program_type": "合成（基准测试）",
                   "college_name": self.names["College"].get(colleges[i], ""), "_prov": [self.prov("groups", i, name)]}

    def firm_city(self) -> np.ndarray:
        if "firm-city" not in self._cache:
            self._cache["firm-city"] = self.zipf(self.rng("firm-city"), len(self.cities), self.scale.firms, a=1.2)
        return self._cache["firm-city"]

    def _firms(self) -> Iterator[dict]:
        rng = self.rng("firm-props")
        city = self.firm_city()
        tag_draw = rng.random(self.scale.firms)
        size = rng.choice(["少于50人", "50-150人", "150-500人", "500-2000人", "2000人以上"], self.scale.firms,
                          p=[0.45, 0.25, 0.15, 0.1, 0.05])
        own = rng.choice(["民营企业", "国有企业", "外资企业", "合资企业"], self.scale.firms, p=[0.7, 0.15, 0.1, 0.05])
        for i, k in enumerate(self.keys["Firm"]):
            c = self.cities[city[i]]
            prov_name, _, city_name = c.partition("/")
            tags = ["专精特新"] if tag_draw[i] < 0.05 else (["上市公司"] if tag_draw[i] > 0.98 else None)
            name = f"{city_name or prov_name}合成企业{i:07d}有限公司"
            yield {"id": k, "name": name, "province": prov_name, "city": city_name or prov_name, "tags": tags,
                   "size": str(size[i]), "ownership": str(own[i]), "_prov": [self.prov("firms", i, name)]}

    def job_firm(self) -> np.ndarray:
        if "job-firm" not in self._cache:
            self._cache["job-firm"] = self.zipf(self.rng("job-firm"), self.scale.firms, self.scale.job_posts, a=1.1)
        return self._cache["job-firm"]

    def job_post(self) -> np.ndarray:
        if "job-post" not in self._cache:
            self._cache["job-post"] = self.zipf(self.rng("job-post"), self.scale.posts, self.scale.job_posts, a=1.0)
        return self._cache["job-post"]

    def _job_posts(self) -> Iterator[dict]:
        rng = self.rng("job-props")
        n = self.scale.job_posts
        firm, post, city = self.job_firm(), self.job_post(), self.firm_city()
        lo = rng.integers(3, 20, n)
        edu = rng.choice(["大专", "本科", "中专", "不限"], n, p=[0.45, 0.35, 0.1, 0.1])
        exp = rng.choice(["经验不限", "1-3年", "3-5年", "应届毕业生"], n)
        day = rng.integers(0, 365, n)
        post_names = {}
        for i, k in enumerate(self.keys["JobPosting"]):
            p = int(post[i])
            if p not in post_names:
                post_names[p] = self._post_name(p)
            c = self.cities[city[firm[i]]]
            title = post_names[p].rsplit("岗", 1)[0]
            desc = (f"岗位职责：负责{title}相关工作。任职要求：{edu[i]}及以上学历，{exp[i]}，"
                    f"熟悉相关技术与规范，具备良好的沟通能力。（合成数据，仅用于基准测试）")
            yield {"id": k, "title": title, "date": f"2024-{1 + int(day[i]) // 31:02d}-{1 + int(day[i]) % 28:02d}",
                   "salary": f"{lo[i]}k-{lo[i] + int(lo[i] // 2) + 2}k", "education": str(edu[i]),
                   "experience": str(exp[i]), "description": desc, "company": f"合成企业{int(firm[i]):07d}",
                   "city": c.partition("/")[2] or c, "_prov": [self.prov("job_posts", i, title)]}

    def _projects(self) -> Iterator[dict]:
        rng = self.rng("project-props")
        n = self.scale.projects
        year = rng.integers(2015, 2026, n)
        fund = np.round(rng.lognormal(3.0, 1.0, n), 1)
        for i, k in enumerate(self.keys["ResearchProject"]):
            title = f"合成横向科研项目{i:06d}"
            yield {"id": k, "title": title, "kind": "横向" if i % 4 else "纵向", "year": int(year[i]),
                   "funding": float(fund[i]), "_prov": [self.prov("projects", i, title)]}

    # -------------------------------------------------------------- relationships
    def _rel_specs(self):
        s = self.scale
        K = self.keys
        return [
            ("group-college", "BELONGS_TO", "ProfessionalGroup", "College", self._belongs_to),
            ("group-major", "INCLUDES", "ProfessionalGroup", "Major", self._includes),
            ("college-major", "OFFERS", "College", "Major", self._offers),
            ("group-industry", "SERVES", "ProfessionalGroup", "Industry",
             lambda: self._pairs("group-industry", K["ProfessionalGroup"], self.ind2, s.groups * 3, a=1.0)),
            ("major-industry", "SERVES", "Major", "Industry",
             lambda: self._pairs("major-industry", self.majors, self.ind2, len(self.majors) * s.industries_per_major, a=1.0)),
            ("major-course", "HAS_COURSE", "Major", "Course", self._has_course),
            ("course-skill", "TEACHES", "Course", "Skill",
             lambda: self._pairs("course-skill", K["Course"], K["Skill"], s.courses * s.skills_per_course)),
            ("major-skill", "DEVELOPS", "Major", "Skill",
             lambda: self._pairs("major-skill", self.majors, K["Skill"], len(self.majors) * s.skills_per_major)),
            ("major-post", "TARGETS_POST", "Major", "Post",
             lambda: self._pairs("major-post", self.majors, K["Post"], len(self.majors) * s.posts_per_major)),
            ("major-occupation", "PREPARES_FOR", "Major", "Occupation", self._prepares_for),
            ("post-occupation", "IN_OCCUPATION", "Post", "Occupation", self._in_occupation),
            ("post-skill", "REQUIRES", "Post", "Skill",
             lambda: self._pairs("post-skill", K["Post"], K["Skill"], s.posts * s.skills_per_post)),
            ("major-certificate", "HAS_CERTIFICATE", "Major", "Certificate",
             lambda: self._pairs("major-certificate", self.majors, K["Certificate"],
                                 len(self.majors) * s.certificates_per_major)),
            ("firm-region", "LOCATED_IN", "Firm", "Region",
             lambda: self._aligned("firm-region", K["Firm"], [self.cities[c] for c in self.firm_city()])),
            ("firm-industry", "IN_INDUSTRY", "Firm", "Industry",
             lambda: self._pairs("firm-industry", K["Firm"], self.ind4, int(s.firms * s.industries_per_firm),
                                 a=1.0, cover_start=True)),
            ("firm-job", "POSTED", "Firm", "JobPosting",
             lambda: self._aligned("firm-job", [K["Firm"][i] for i in self.job_firm()], K["JobPosting"])),
            ("job-region", "LOCATED_IN", "JobPosting", "Region",
             lambda: self._aligned("job-region", K["JobPosting"],
                                   [self.cities[self.firm_city()[f]] for f in self.job_firm()])),
            ("job-post", "FOR_POST", "JobPosting", "Post",
             lambda: self._aligned("job-post", K["JobPosting"], [K["Post"][p] for p in self.job_post()])),
            ("job-skill", "REQUIRES", "JobPosting", "Skill",
             lambda: self._pairs("job-skill", K["JobPosting"], K["Skill"], s.job_posts * s.skills_per_job)),
            ("firm-college", "PARTNERS_WITH", "Firm", "College",
             lambda: self._partners("firm-college", self.colleges, int(s.firms * s.partners_per_firm * 0.4))),
            ("firm-group", "PARTNERS_WITH", "Firm", "ProfessionalGroup",
             lambda: self._partners("firm-group", K["ProfessionalGroup"], int(s.firms * s.partners_per_firm * 0.6))),
            ("project-college", "INVOLVES", "ResearchProject", "College",
             lambda: self._pairs("project-college", K["ResearchProject"], self.colleges, s.projects, a=0.9,
                                 props=lambda i: {"role": "lead"})),
            ("project-firm", "INVOLVES", "ResearchProject", "Firm",
             lambda: self._pairs("project-firm", K["ResearchProject"], K["Firm"], s.projects * 2,
                                 props=lambda i: {"role": "partner"})),
            ("project-industry", "ON_TOPIC", "ResearchProject", "Industry",
             lambda: self._pairs("project-industry", K["ResearchProject"], self.ind4, s.projects)),
            ("project-skill", "ON_TOPIC", "ResearchProject", "Skill",
             lambda: self._pairs("project-skill", K["ResearchProject"], K["Skill"], s.projects)),
            ("college-alliance", "MEMBER_OF", "College", "EducationAlliance",
             lambda: self._pairs("college-alliance", self.colleges, K["EducationAlliance"], len(self.colleges) * 3,
                                 props=lambda i: {"role": "member"})),
            ("firm-alliance", "MEMBER_OF", "Firm", "EducationAlliance",
             lambda: self._pairs("firm-alliance", K["Firm"], K["EducationAlliance"], s.alliances * 100,
                                 props=lambda i: {"role": "member"})),
            ("college-platform", "HOSTS", "College", "Platform",
             lambda: self._aligned("college-platform", [self.colleges[i % len(self.colleges)]
                                                        for i in range(s.platforms)], K["Platform"])),
            ("firm-platform", "CO_BUILDS", "Firm", "Platform",
             lambda: self._pairs("firm-platform", K["Firm"], K["Platform"], s.platforms * 2)),
        ]

    def _row(self, part: str, i: int, f: str, t: str, props: dict | None = None) -> dict:
        return {"from": f, "to": t, **(props or {}), "_prov": [self.prov(part, i)]}

    def _aligned(self, part: str, starts: list[str], ends: list[str]) -> Iterator[dict]:
        for i, (f, t) in enumerate(zip(starts, ends)):
            yield self._row(part, i, f, t)

    def _pairs(self, part: str, starts: list[str], ends: list[str], n: int, a: float = 1.05,
               props=None, cover_start: bool = False) -> Iterator[dict]:
        """``n`` distinct start→end pairs: starts uniform (or each start once first), ends Zipf."""
        if not starts or not ends or n <= 0:
            return
        rng = self.rng(part)
        if cover_start:
            si = np.concatenate([np.arange(len(starts)), rng.integers(0, len(starts), max(0, n - len(starts)))])
        else:
            si = rng.integers(0, len(starts), n)
        ei = self.zipf(rng, len(ends), len(si), a=a)
        code = si.astype(np.int64) * len(ends) + ei
        _, first = np.unique(code, return_index=True)
        first.sort()
        for j, idx in enumerate(first):
            yield self._row(part, j, starts[si[idx]], ends[ei[idx]], props(j) if props else None)

    def _belongs_to(self) -> Iterator[dict]:
        yield from self._aligned("group-college", self.keys["ProfessionalGroup"], self.group_college())

    def _includes(self) -> Iterator[dict]:
        i = 0
        for g, majors in zip(self.keys["ProfessionalGroup"], self.group_majors()):
            for j, m in enumerate(majors):
                yield self._row("group-major", i, g, m, {"role": "lead" if j == 0 else "member"})
                i += 1

    def _offers(self) -> Iterator[dict]:
        """Each college offers its groups' majors plus a skewed draw of other 高职 majors."""
        rng = self.rng("college-major")
        offered: dict[str, dict[str, None]] = {c: {} for c in self.colleges}
        for c, majors in zip(self.group_college(), self.group_majors()):
            offered[c].update(dict.fromkeys(majors))
        for c in self.colleges:
            extra = self.zipf(rng, len(self.majors_hv), self.scale.offers_per_college, a=0.9)
            offered[c].update(dict.fromkeys(self.majors_hv[i] for i in extra))
        i = 0
        for c in self.colleges:
            for m in offered[c]:
                yield self._row("college-major", i, c, m)
                i += 1

    def _has_course(self) -> Iterator[dict]:
        """Each course belongs to its anchor major (named after it) and sometimes to more."""
        rng = self.rng("major-course")
        anchors = self._anchor("course-major", self.majors, self.scale.courses)
        idx = {m: i for i, m in enumerate(self.majors)}
        extra_n = int(self.scale.courses * (self.scale.courses_per_major - 1))
        si = np.concatenate([np.array([idx[m] for m in anchors], dtype=np.int64),
                             rng.integers(0, len(self.majors), extra_n)])
        ci = np.concatenate([np.arange(self.scale.courses), self.zipf(rng, self.scale.courses, extra_n)])
        code = si * self.scale.courses + ci
        _, first = np.unique(code, return_index=True)
        first.sort()
        kinds = ("basic", "core")
        for j, k in enumerate(first):
            yield self._row("major-course", j, self.majors[si[k]], self.keys["Course"][ci[k]], {"kind": kinds[j % 2]})

    def _prepares_for(self) -> Iterator[dict]:
        if ("PREPARES_FOR", "Major", "Occupation") in self.tx.rels:
            return  # the real crosswalk came with the taxonomy
        yield from self._pairs("major-occupation", self.majors, self.occupations,
                              len(self.majors) * self.scale.occupations_per_major)

    def _in_occupation(self) -> Iterator[dict]:
        anchors = self._anchor("post-occupation", self.occupations, self.scale.posts)
        yield from self._aligned("post-occupation", self.keys["Post"], anchors)

    def _partners(self, part: str, targets: list[str], n: int) -> Iterator[dict]:
        """Firm→college/group partnerships: a few firms partner widely; records have activity numbers."""
        rng = self.rng(part)
        fi = self.zipf(rng, self.scale.firms, n, a=0.9)
        ti = self.zipf(rng, len(targets), n, a=0.7)
        code = fi.astype(np.int64) * len(targets) + ti
        _, first = np.unique(code, return_index=True)
        first.sort()
        kinds = ("订单班", "现代学徒制", "实训基地", "产业学院", "联合研发")
        since = rng.integers(2012, 2025, n)
        acts = rng.poisson(2.0, (n, 4))
        for j, k in enumerate(first):
            yield self._row(part, j, self.keys["Firm"][fi[k]], targets[ti[k]], {
                "kind": kinds[int(k) % 5], "since": str(int(since[k])), "status": "active" if k % 7 else "ended",
                "internship_posts": int(acts[k, 0]) * 5, "courses_codeveloped": int(acts[k, 1]),
                "joint_projects": int(acts[k, 2]), "ip_output": int(acts[k, 3])})


# ------------------------------------------------------------------------------------------ writing
def load_taxonomy(scale: str, *, store=None, reference_data: str | Path | None = None,
                  province: str | None = DEFAULT_PROVINCE) -> Taxonomy:
    """The taxonomy for ``scale``: from ``store`` if it holds the reference data, else from the files."""
    sc = SCALES[scale]
    prov_filter = None if sc.national else province
    if store is not None:
        try:
            return Taxonomy.from_store(store, prov_filter, sc.colleges)
        except ValueError:
            if reference_data is None:
                raise
    if reference_data is None:
        raise ValueError("no reference graph and no reference data folder given")
    return Taxonomy.from_files(reference_data, prov_filter, sc.colleges)


def write_parts(store, parts, *, progress=None, atomic: bool = True) -> dict:
    """Write parts through the store's own API (one transaction per part chunk). Returns counts.

    ``atomic=False``: the bulk path, :meth:`Store.upsert_many` — no transaction around a part (each
    statement of an upsert commits on its own; for new rows the embedded store writes a whole part with
    one COPY, itself atomic, and LadybugDB 0.22 commits a COPY much faster outside an explicit
    transaction: province ~30 % less CPU), and the next part is prepared while this one is written."""
    out: dict[str, Any] = {"nodes": {}, "relationships": {}, "skipped": 0}

    def account(p, res) -> None:
        if p.kind == "nodes":
            out["nodes"][p.label] = out["nodes"].get(p.label, 0) + res
        else:
            out["relationships"][p.type] = out["relationships"].get(p.type, 0) + res[0]
            out["skipped"] += len(res[1])
        if progress:
            progress(p)

    if not atomic:  # the store's bulk path: the next part is prepared while this one is written
        pending: collections.deque = collections.deque()  # parts handed to upsert_many, results to come

        def batches():
            for p in parts:  # streamed: a generator's chunks are not all held at once
                pending.append(p)
                yield ("nodes", p.label, p.rows) if p.kind == "nodes" else ("rels", p.type, p.start, p.end, p.rows)

        for res in store.upsert_many(batches()):
            account(pending.popleft(), res)
        return out
    for p in parts:
        with store.transaction():
            res = (store.upsert_nodes(p.label, p.rows) if p.kind == "nodes"
                   else store.upsert_relationships(p.type, p.rows, p.start, p.end))
        account(p, res)
    return out


def generate_graph(out_store, taxonomy: Taxonomy, scale: str = "province", seed: int = 42, *,
                   progress=None) -> dict:
    """Generate the synthetic graph into ``out_store`` (a fresh store of its own, schema applied)."""
    gen = Generator(taxonomy, scale, seed)
    summary = write_parts(out_store, gen.parts(), progress=progress, atomic=False)
    summary.update(scale=scale, seed=seed, source=gen.source, taxonomy=taxonomy.origin,
                   colleges=len(gen.colleges))
    return summary
