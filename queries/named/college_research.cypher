// description: Research projects a college takes part in, with partner firms and topics.
// param: college STRING required — college name, alias or 学校标识码
// column: project_id STRING — ResearchProject id
// column: title STRING — project title
// column: kind STRING — 横向 / 纵向
// column: year INT — year
// column: role STRING — the college's role
// column: firms LIST — firms involved (sorted)
// column: topics LIST — industries and skills it is on (sorted)
// example: kg query college_research -p college=深圳职业技术大学
MATCH (c:College)
WHERE c.moe_code = $college OR c.name = $college OR $college IN c.aliases
MATCH (p:ResearchProject)-[inv:INVOLVES]->(c)
OPTIONAL MATCH (p)-[:INVOLVES]->(f:Firm)
WITH p, inv, collect(DISTINCT f.name) AS firms
OPTIONAL MATCH (p)-[:ON_TOPIC]->(t)
RETURN p.id AS project_id, p.title AS title, p.kind AS kind, p.year AS year, inv.role AS role, firms,
       collect(DISTINCT t.name) AS topics
ORDER BY year DESC, project_id
