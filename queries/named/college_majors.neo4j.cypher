// description: Majors a college offers — stated directly (OFFERS) or through one of its professional groups (INCLUDES).
// param: college STRING required — college name, alias or 学校标识码
// column: code STRING — major code (2021 catalogue)
// column: major STRING — major name
// column: level STRING — 中职 / 高职专科 / 高职本科
// column: offered BOOL — true when an OFFERS relationship states it
// column: groups LIST — names of the college's groups that include the major (sorted)
// example: kg query college_majors -p college=4144011113
MATCH (c:College)
WHERE c.moe_code = $college OR c.name = $college OR $college IN c.aliases
CALL (c) {
  MATCH (c)-[:OFFERS]->(m:Major) RETURN m
  UNION
  MATCH (c)<-[:BELONGS_TO]-(:ProfessionalGroup)-[:INCLUDES]->(m:Major) RETURN m
}
OPTIONAL MATCH (c)<-[:BELONGS_TO]-(g:ProfessionalGroup)-[:INCLUDES]->(m)
WITH c, m, collect(g.name) AS groups
RETURN m.code AS code, m.name AS major, m.level AS level,
       EXISTS { MATCH (c)-[:OFFERS]->(m) } AS offered, groups
ORDER BY code
