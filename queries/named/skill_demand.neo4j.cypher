// description: The skills most often required by job postings in a region.
// param: region STRING = '' — province or city; empty = everywhere
// param: limit INT = 50 — maximum rows
// column: skill STRING — skill name
// column: postings INT — job postings requiring it
// column: firms INT — distinct firms behind those postings
// example: kg query skill_demand -p region=深圳市
MATCH (j:JobPosting)-[:REQUIRES]->(s:Skill)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE $region = '' OR r.id = $region OR r.name = $region OR r.province = $region OR r.id STARTS WITH ($region + '/')
OPTIONAL MATCH (f:Firm)-[:POSTED]->(j)
RETURN s.name AS skill, count(DISTINCT j) AS postings, count(DISTINCT f) AS firms
ORDER BY postings DESC, skill
LIMIT $limit
