// description: Skills and abilities a major develops — stated (DEVELOPS) or taught by one of its courses (TEACHES).
// param: major STRING required — major code or name
// column: code STRING — major code
// column: skill STRING — skill name
// column: developed BOOL — stated as a 主要专业能力要求 of the major
// column: courses LIST — the major's courses that teach the skill (sorted)
// example: kg query major_skills -p major=软件技术
MATCH (m:Major)
WHERE m.code = $major OR m.name = $major
OPTIONAL MATCH (m)-[:DEVELOPS]->(t:Skill)
WITH m, collect(t.id) AS developed
OPTIONAL MATCH (m)-[:HAS_COURSE]->(c:Course)-[:TEACHES]->(s:Skill)
WITH m, developed, s, collect(c.name) AS courses
WITH m, developed, collect(s.id) AS seen, collect({skill: s.name, developed: s.id IN developed, courses: courses}) AS found
OPTIONAL MATCH (m)-[:DEVELOPS]->(x:Skill)
WHERE NOT x.id IN seen
WITH m, found, collect({skill: x.name, developed: true, courses: CAST([] AS STRING[])}) AS extra
UNWIND found + extra AS r
WITH m, r
WHERE r.skill IS NOT NULL
RETURN m.code AS code, r.skill AS skill, r.developed AS developed, r.courses AS courses
ORDER BY code, skill
