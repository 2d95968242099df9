// description: The 接续 (follow-on) chain around a major: majors that lead to it and majors it leads to, up to two steps (中职→高职专科→高职本科).
// param: major STRING required — major code or name
// column: major_code STRING — code of the major asked about
// column: direction STRING — from (feeds into the major) / to (the major leads to it)
// column: steps INT — 1 or 2
// column: code STRING — code of the linked major
// column: major STRING — name of the linked major
// column: level STRING — 中职 / 高职专科 / 高职本科
// example: kg query major_pathway -p major=510301
MATCH (m:Major)
WHERE m.code = $major OR m.name = $major
MATCH (n:Major)
WHERE EXISTS { MATCH (m)-[:LEADS_TO*1..2]->(n) } OR EXISTS { MATCH (n)-[:LEADS_TO*1..2]->(m) }
WITH m, n,
     EXISTS { MATCH (m)-[:LEADS_TO*1..2]->(n) } AS forward,
     EXISTS { MATCH (m)-[:LEADS_TO]->(n) } OR EXISTS { MATCH (n)-[:LEADS_TO]->(m) } AS direct
RETURN m.code AS major_code, CASE WHEN forward THEN 'to' ELSE 'from' END AS direction,
       CASE WHEN direct THEN 1 ELSE 2 END AS steps, n.code AS code, n.name AS major, n.level AS level
ORDER BY major_code, direction, steps, code
