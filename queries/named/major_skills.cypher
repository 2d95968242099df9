// description: Skills and abilities a major develops — stated (DEVELOPS) or taught by one of its courses (TEACHES).
// param: major STRING required — major code or name
// column: code STRING — major code
// column: skill STRING — skill name
// column: developed BOOL — stated as a 主要专业能力要求 of the major
// column: courses LIST — the major's courses that teach the skill (sorted)
// example: kg query major_skills -p major=软件技术
MATCH (m:Major)
WHERE m.code = $major OR m.name = $major
MATCH (s:Skill)
WHERE EXISTS { MATCH (m)-[:DEVELOPS]->(s) } OR EXISTS { MATCH (m)-[:HAS_COURSE]->(:Course)-[:TEACHES]->(s) }
OPTIONAL MATCH (m)-[:HAS_COURSE]->(c:Course)-[:TEACHES]->(s)
WITH m, s, collect(c.name) AS courses
RETURN m.code AS code, s.name AS skill, EXISTS { MATCH (m)-[:DEVELOPS]->(s) } AS developed, courses
ORDER BY code, skill
