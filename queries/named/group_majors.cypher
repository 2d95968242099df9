// description: The majors of a professional group with their role and the industries each serves.
// param: professional_group STRING required — group id (e.g. 4144011113/通信技术) or group name
// param: college STRING = '' — college name or 学校标识码, to pick one group when several share the name
// column: group_id STRING — ProfessionalGroup id
// column: college STRING — college name
// column: code STRING — major code
// column: major STRING — major name
// column: role STRING — lead / member
// column: industries LIST — names of industries the major serves (sorted)
// example: kg query group_majors -p professional_group=通信技术专业群 -p college=深圳职业技术大学
MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c:College)
WHERE (g.id = $professional_group OR g.name = $professional_group)
  AND ($college = '' OR c.name = $college OR c.moe_code = $college OR $college IN c.aliases)
MATCH (g)-[i:INCLUDES]->(m:Major)
OPTIONAL MATCH (m)-[:SERVES]->(ind:Industry)
WITH g, c, i, m, collect(ind.name) AS industries
RETURN g.id AS group_id, c.name AS college, m.code AS code, m.name AS major, i.role AS role, industries
ORDER BY group_id, role, code
