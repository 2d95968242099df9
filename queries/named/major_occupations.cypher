// description: Occupations (职业分类大典 2022) a major prepares for, with the digital/green flags.
// param: major STRING required — major code or name
// column: code STRING — major code
// column: occupation_code STRING — occupation code, e.g. 4-04-05-01
// column: occupation STRING — occupation name
// column: digital BOOL — a digital occupation (S)
// column: green BOOL — a green occupation (L)
// column: source STRING — source document id
// example: kg query major_occupations -p major=软件技术
MATCH (m:Major)
WHERE m.code = $major OR m.name = $major
MATCH (m)-[r:PREPARES_FOR]->(o:Occupation)
RETURN m.code AS code, o.code AS occupation_code, o.name AS occupation, o.digital AS digital, o.green AS green,
       r.source AS source
ORDER BY code, occupation_code
