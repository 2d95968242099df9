// description: The posts (岗位) a major targets, each with its occupations and how many job postings ask for it.
// param: major STRING required — major code or name
// column: code STRING — major code
// column: post STRING — post name
// column: occupations LIST — occupation names the post belongs to (sorted)
// column: job_postings INT — number of job postings for the post
// example: kg query major_posts -p major=510301
MATCH (m:Major)
WHERE m.code = $major OR m.name = $major
MATCH (m)-[:TARGETS_POST]->(p:Post)
OPTIONAL MATCH (p)-[:IN_OCCUPATION]->(o:Occupation)
WITH m, p, collect(DISTINCT o.name) AS occupations
OPTIONAL MATCH (j:JobPosting)-[:FOR_POST]->(p)
RETURN m.code AS code, p.name AS post, occupations, count(DISTINCT j) AS job_postings
ORDER BY code, post
