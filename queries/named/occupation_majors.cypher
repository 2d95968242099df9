// description: Majors that prepare for an occupation (专业—职业对照), by level.
// param: occupation STRING required — occupation code (e.g. 4-04-05-01) or name
// column: occupation_code STRING — occupation code
// column: occupation STRING — occupation name
// column: code STRING — major code
// column: major STRING — major name
// column: level STRING — major level
// example: kg query occupation_majors -p occupation=4-04-05-01
MATCH (o:Occupation)
WHERE o.code = $occupation OR o.name = $occupation
MATCH (m:Major)-[:PREPARES_FOR]->(o)
RETURN o.code AS occupation_code, o.name AS occupation, m.code AS code, m.name AS major, m.level AS level
ORDER BY occupation_code, level, code
