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
// The firm is found first (index seeks on id and name, a scan of the aliases), so the postings are read
// from the firm and not sorted over every JobPosting.
CALL {
  MATCH (f:Firm {id: $firm}) RETURN f
  UNION
  MATCH (f:Firm {name: $firm}) RETURN f
  UNION
  MATCH (f:Firm) WHERE $firm IN f.aliases RETURN f
}
MATCH (f)-[:POSTED]->(j:JobPosting)
WITH j ORDER BY j.date DESC, j.id LIMIT $limit
OPTIONAL MATCH (j)-[:LOCATED_IN]->(r:Region)
OPTIONAL MATCH (j)-[:FOR_POST]->(p:Post)
WITH j, r, collect(DISTINCT p.name) AS posts
OPTIONAL MATCH (j)-[:REQUIRES]->(s:Skill)
RETURN j.id AS posting_id, j.title AS title, j.date AS date, r.id AS region, posts, collect(DISTINCT s.name) AS skills
ORDER BY date DESC, posting_id
