// description: A firm's job postings with the post each is for and the skills it requires.
// param: firm STRING required — firm id, full name or alias
// param: limit INT = 200 — maximum rows
// column: posting_id STRING — JobPosting id
// column: title STRING — posting title
// column: date STRING — posting date
// column: region STRING — Region id
// column: posts LIST — posts (岗位) the posting is for (sorted)
// column: skills LIST — skills required (sorted)
// example: kg query firm_job_posts -p firm=300454.SZ
MATCH (f:Firm)
WHERE f.id = $firm OR f.name = $firm OR $firm IN f.aliases
MATCH (f)-[:POSTED]->(j:JobPosting)
WITH j ORDER BY j.date DESC, j.id LIMIT $limit
OPTIONAL MATCH (j)-[:LOCATED_IN]->(r:Region)
OPTIONAL MATCH (j)-[:FOR_POST]->(p:Post)
WITH j, r, collect(DISTINCT p.name) AS posts
OPTIONAL MATCH (j)-[:REQUIRES]->(s:Skill)
RETURN j.id AS posting_id, j.title AS title, j.date AS date, r.id AS region, posts, collect(DISTINCT s.name) AS skills
ORDER BY date DESC, posting_id
