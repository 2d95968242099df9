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
// One branch per relationship type, in the order of the type names, rendered from kg/schema.py when the library
// loads ({{document_facts_branches}}: queries/library.py), each sorted and limited on its own: UNION ALL streams its branches
// in order, so the outer LIMIT stops once enough facts are found and a document citing a million facts
// costs the first types only. The rows come out in ORDER BY type, from_label, from_name, to_label, to_name.
CALL {
{{document_facts_branches}}
}
RETURN type, from_label, from_name, to_label, to_name, r.evidence AS evidence, r.confidence AS confidence, r.extractor AS extractor
LIMIT $limit
