// description: A college's professional groups (双高 or user-defined) with their lead and member majors.
// param: college STRING required — college name, former name (alias) or 学校标识码, e.g. 深圳职业技术大学 or 4144011113
// column: college STRING — college name
// column: group_id STRING — ProfessionalGroup id
// column: group_name STRING — group name
// column: tier STRING — 双高 tier (A档/B档/C档) where known
// column: origin STRING — 双高 or user
// column: lead_major STRING — name of the lead major (role lead)
// column: majors LIST — names of all majors in the group (sorted)
// example: kg query college_groups -p college=深圳职业技术大学
MATCH (c:College)
WHERE c.moe_code = $college OR c.name = $college OR $college IN c.aliases
MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c)
OPTIONAL MATCH (g)-[i:INCLUDES]->(m:Major)
RETURN c.name AS college, g.id AS group_id, g.name AS group_name, g.tier AS tier, g.source_kind AS origin,
       min(CASE WHEN i.role = 'lead' THEN m.name ELSE NULL END) AS lead_major, collect(m.name) AS majors
ORDER BY group_name, group_id
