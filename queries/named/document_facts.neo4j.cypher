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
// One branch per relationship type, in the order of the type names (tests/queries/test_named_rewrites.py
// checks the list against kg/schema.py), each sorted and limited on its own: UNION ALL streams its branches
// in order, so the outer LIMIT stops once enough facts are found and a document citing a million facts
// costs the first types only. The rows come out in ORDER BY type, from_label, from_name, to_label, to_name.
CALL {
  MATCH (a)-[r:APPLIES_TO]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'APPLIES_TO' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:BELONGS_TO]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'BELONGS_TO' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:BRANCH_OF]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'BRANCH_OF' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:CO_BUILDS]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'CO_BUILDS' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:DESCRIBES]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'DESCRIBES' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:DEVELOPS]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'DEVELOPS' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:FOR_POST]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'FOR_POST' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:HAS_CERTIFICATE]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'HAS_CERTIFICATE' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:HAS_COURSE]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'HAS_COURSE' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:HOSTS]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'HOSTS' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:INCLUDES]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'INCLUDES' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:INVOLVES]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'INVOLVES' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:IN_CLASS]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'IN_CLASS' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:IN_INDUSTRY]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'IN_INDUSTRY' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:IN_OCCUPATION]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'IN_OCCUPATION' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:ISSUED_BY]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'ISSUED_BY' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:LEADS_TO]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'LEADS_TO' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:LOCATED_IN]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'LOCATED_IN' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:MEMBER_OF]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'MEMBER_OF' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:MENTIONS]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'MENTIONS' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:OFFERS]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'OFFERS' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:ON_TOPIC]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'ON_TOPIC' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:PARTNERS_WITH]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'PARTNERS_WITH' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:PART_OF]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'PART_OF' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:POSTED]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'POSTED' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:PREPARES_FOR]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'PREPARES_FOR' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:REQUIRES]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'REQUIRES' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:SAME_AS]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'SAME_AS' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:SERVES]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'SERVES' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:TARGETS_POST]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'TARGETS_POST' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
  UNION ALL
  MATCH (a)-[r:TEACHES]->(b)
  WHERE r.source = $document OR $document IN r.sources
  RETURN 'TEACHES' AS type, labels(a)[0] AS from_label, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, labels(b)[0] AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, r
  ORDER BY from_label, from_name, to_label, to_name
  LIMIT $limit
}
RETURN type, from_label, from_name, to_label, to_name, r.evidence AS evidence, r.confidence AS confidence, r.extractor AS extractor
LIMIT $limit
