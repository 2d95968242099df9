// description: Industries (GB/T 4754) a major serves, stated in a document or inferred — with extractor, confidence and evidence.
// param: major STRING required — major code or name
// column: code STRING — major code
// column: industry_code STRING — GB/T 4754 code
// column: industry STRING — industry name
// column: industry_level STRING — 门类/大类/中类/小类
// column: extractor STRING — extractor that stated or inferred the link
// column: confidence FLOAT — 0–1
// column: evidence STRING — the text the link came from
// example: kg query major_industries -p major=510301
MATCH (m:Major)
WHERE m.code = $major OR m.name = $major
MATCH (m)-[r:SERVES]->(i:Industry)
RETURN m.code AS code, i.code AS industry_code, i.name AS industry, i.level AS industry_level,
       r.extractor AS extractor, r.confidence AS confidence, r.evidence AS evidence
ORDER BY code, industry_code
