// description: A major's courses (专业基础课程 / 专业核心课程) with the evidence and source document.
// param: major STRING required — major code (e.g. 510203) or name
// column: code STRING — major code
// column: major STRING — major name
// column: course STRING — course name
// column: kind STRING — basic / core
// column: evidence STRING — text the fact was read from
// column: source STRING — source document id
// example: kg query major_courses -p major=510203
MATCH (m:Major)
WHERE m.code = $major OR m.name = $major
MATCH (m)-[r:HAS_COURSE]->(c:Course)
RETURN m.code AS code, m.name AS major, c.name AS course, r.kind AS kind, r.evidence AS evidence, r.source AS source
ORDER BY code, kind, course
