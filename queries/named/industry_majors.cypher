// description: Majors that serve an industry or any of its sub-industries (GB/T 4754 hierarchy), with how the link was made.
// param: industry STRING required — GB/T 4754 code (I, 65, 651, 6513) or industry name
// param: level STRING = '' — restrict to one major level (中职 / 高职专科 / 高职本科); empty = all
// column: industry_code STRING — the industry asked about
// column: code STRING — major code
// column: major STRING — major name
// column: level STRING — major level
// column: via_codes LIST — the (sub-)industry codes the major is linked to (sorted)
// column: stated BOOL — at least one link was stated (not only inferred)
// example: kg query industry_majors -p industry=65
MATCH (i:Industry)
WHERE i.code = $industry OR i.name = $industry
MATCH (m:Major)-[r:SERVES]->(s:Industry)-[:PART_OF*0..3]->(i)
WHERE $level = '' OR m.level = $level
WITH i, m, collect(DISTINCT s.code) AS via_codes, max(r.confidence) AS best
RETURN i.code AS industry_code, m.code AS code, m.name AS major, m.level AS level, via_codes, best >= 0.9 AS stated
ORDER BY industry_code, code
