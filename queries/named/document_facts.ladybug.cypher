// description: Every relationship stated by one source document (its provenance lists the document), with the evidence — to audit what an ingest wrote.
// param: document STRING required — Document id (sha256 or ref:<path>)
// param: limit INT = 500 — maximum rows
// column: type STRING — relationship type
// column: from_label STRING — start label
// column: from_name STRING — start node name
// column: to_label STRING — end label
// column: to_name STRING — end node name
// column: evidence STRING — evidence text
// column: confidence FLOAT — 0–1
// column: extractor STRING — extractor
// example: kg query document_facts -p document=fixture:tests/queries
// Two stages (queries/library.py): the first finds the relationship types the first $limit rows can come
// from (rows sort by type first), the second reads only those. A document stating a province's 1 M
// synthetic facts: its first 500 rows are BELONGS_TO, so 600 edges get their end names fetched and
// sorted instead of 1 M. The type list must be a parameter: LadybugDB pushes a parameter into the scan
// but not a list computed earlier in the same statement (measured: no gain in one statement). The type test
// comes in its own WHERE before the source test: in one WHERE LadybugDB evaluates both on every edge
// (second stage 101 → 73 ms on the province graph).
MATCH ()-[r]->()
WHERE r.source = $document OR $document IN r.sources
WITH label(r) AS t, count(*) AS n
WITH collect({t: t, n: n}) AS per_type
UNWIND per_type AS x
UNWIND per_type AS y
WITH x.t AS t, sum(CASE WHEN y.t < x.t THEN y.n ELSE 0 END) AS before
WHERE before < $limit
RETURN collect(t) AS types
;
MATCH (a)-[r]->(b)
WHERE label(r) IN $types
WITH a, r, b
WHERE r.source = $document OR $document IN r.sources
RETURN label(r) AS type, label(a) AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name,
       label(b) AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name,
       r.evidence AS evidence, r.confidence AS confidence, r.extractor AS extractor
ORDER BY type, from_label, from_name, to_label, to_name
LIMIT $limit
