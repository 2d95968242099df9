"""``kg ingest --kind teaches``: courses and major abilities linked to the skills employers ask for.

Reads the graph (never writes to it here): every Course name, every major's ability sentences (Skill
nodes of kind ``ability`` that the major DEVELOPS, from the curriculum extractor) and the skills job
postings require (REQUIRES, counted per skill). Then, with
:class:`ingest.vocab.course_skills.CourseSkillMatcher`:

* ``TEACHES`` Course→Skill when the course name names the skill (evidence = the course name, locator =
  the term's characters, confidence 0.85 for a course whose whole subject is the skill, 0.8 for a
  vocabulary term in it, 0.7 for a demand term in it);
* ``DEVELOPS`` Major→Skill when an ability sentence of the major names a skill (evidence = the sentence;
  confidence 0.1 lower than for a course name).

A Chinese area or domain term that opens a longer course name and is followed by another head modifies it and
is not linked (``teaches@2``: "电子产品检验技术" does not teach 电子产品; a tool's name does: "Python程序设计").
Demand terms: vocabulary names and board tags required by ≥ 3 postings match anywhere in a name; open
phrases found in descriptions (review-flagged new terms) only as a course's whole subject. Skills named
only by the vocabulary are created (kind from ``tech_terms.csv``). One Batch; its Document
(``path = teaches#graph``) is the provenance source, so a rerun after new postings replaces it.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterator

from ingest.base import Batch, Reject
from ingest.extractor import reject_batch
from ingest.vocab.entities import load_tech_terms, skill_id
from ingest.nlp import norm_key
from kg.records import NodeRecord, Provenance, RelRecord

EXTRACTOR = "teaches@2"  # teaches@2: a domain noun opening a longer name is a modifier (head-final)
MIN_POSTINGS = 3

_DEMAND_Q = ("MATCH (j:JobPosting)-[r:REQUIRES]->(s:Skill) "
             "RETURN s.id AS id, s.name AS name, r.extractor AS extractor, r.review AS review, count(j) AS n")


def batches(paths: list[Path], store, options: dict) -> Iterator[Batch]:
    from ingest.vocab.course_skills import CourseSkillMatcher

    if paths:
        yield reject_batch("teaches", Reject(file=str(paths[0]), reason="takes no input files: it reads the "
                                                                        "graph's courses, abilities and postings"))
        return
    courses = store.read("MATCH (c:Course) RETURN c.id AS id, c.name AS name ORDER BY c.id", limit=None)
    abilities = store.read("MATCH (m:Major)-[:DEVELOPS]->(s:Skill) WHERE s.kind = 'ability' "
                           "RETURN m.code AS major, s.name AS text ORDER BY m.code, s.name", limit=None)
    strong: dict[str, int] = {}
    loose: dict[str, int] = {}
    ids: dict[str, str] = {}
    for r in store.read(_DEMAND_Q, limit=None):
        ids.setdefault(norm_key(r["name"] or r["id"]), r["id"])
        known = not r["review"] or r["extractor"] == "jobs-tags@1"
        bucket = strong if known else loose
        bucket[r["name"]] = bucket.get(r["name"], 0) + int(r["n"])
    if not courses:
        yield reject_batch("teaches", Reject(file="graph", reason="no Course nodes: run `kg ingest "
                                                                  "<curricula folder> --kind curriculum` first"))
        return
    matcher = CourseSkillMatcher.build([n for n, c in strong.items() if c >= MIN_POSTINGS],
                                       [n for n, c in loose.items() if c >= MIN_POSTINGS])
    kinds = {t.name: t.kind for t in load_tech_terms()}
    h = hashlib.sha256(EXTRACTOR.encode())
    for r in courses:
        h.update(f"c\x1f{r['id']}\x1f{r['name']}\n".encode())
    for r in abilities:
        h.update(f"a\x1f{r['major']}\x1f{r['text']}\n".encode())
    for n in sorted(matcher.demand) + sorted(matcher.core_only):
        h.update(f"d\x1f{n}\n".encode())
    doc_id = "teaches:" + h.hexdigest()[:32]
    recs: list = []
    made: set[str] = set()
    skills_linked: dict[str, int] = {}

    def skill(name: str, evidence: str, locator: str) -> str:
        sid = ids.get(norm_key(name)) or skill_id(name)
        if sid not in ids.values() and sid not in made:
            made.add(sid)
            recs.append(NodeRecord(label="Skill", key=sid, props={"name": name, "kind": kinds.get(name, "knowledge"),
                                                                  "lang": "en" if name.isascii() else "zh"},
                                   prov=Provenance(source=doc_id, extractor=EXTRACTOR, confidence=0.9,
                                                   evidence=evidence, locator=locator)))
        skills_linked[name] = skills_linked.get(name, 0) + 1
        return sid

    n_teaches = n_develops = 0
    for r in courses:
        name = r["name"] or r["id"]
        for x in matcher.find(name):
            loc = f"course {name} chars {x.start}-{x.end} ({x.method})"
            sid = skill(x.name, name, loc)
            recs.append(RelRecord(type="TEACHES", start_label="Course", start_key=r["id"], end_label="Skill",
                                  end_key=sid, prov=Provenance(source=doc_id, extractor=EXTRACTOR,
                                                               confidence=x.confidence, evidence=name, locator=loc)))
            n_teaches += 1
    seen: set[tuple[str, str]] = set()
    for r in abilities:
        for x in matcher.find(r["text"] or "", whole=False):
            sid = skill(x.name, r["text"], f"major {r['major']} ability")
            if (r["major"], sid) in seen:
                continue
            seen.add((r["major"], sid))
            recs.append(RelRecord(type="DEVELOPS", start_label="Major", start_key=r["major"], end_label="Skill",
                                  end_key=sid, prov=Provenance(
                                      source=doc_id, extractor=EXTRACTOR, confidence=round(x.confidence - 0.1, 2),
                                      evidence=r["text"], locator=f"major {r['major']} ability chars {x.start}-{x.end}")))
            n_develops += 1
    report = {"courses": len(courses), "abilities": len(abilities), "demand_terms": len(matcher.demand),
              "core_terms": len(matcher.core_only), "teaches": n_teaches, "develops": n_develops,
              "skills_new": len(made),
              "top_skills": dict(sorted(skills_linked.items(), key=lambda kv: -kv[1])[:10])}
    yield Batch(doc_id=doc_id, path="teaches#graph", kind="teaches", records=recs, title="courses and abilities → skills",
                language="zh", content_hash=doc_id, rows_read=len(courses) + len(abilities), report=report)
