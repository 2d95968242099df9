// description: Skills a post requires — stated for the post and counted over the job postings for it.
// param: post STRING required — post name
// param: limit INT = 100 — maximum rows (most asked first)
// column: post STRING — post name
// column: skill STRING — skill name
// column: stated BOOL — a Post REQUIRES Skill relationship exists
// column: postings INT — job postings for the post that require the skill
// example: kg query post_skills -p post=软件开发工程师
MATCH (p:Post)
WHERE p.id = $post OR p.name = $post
OPTIONAL MATCH (p)-[:REQUIRES]->(t:Skill)
WITH p, collect(t.id) AS stated
OPTIONAL MATCH (p)<-[:FOR_POST]-(j:JobPosting)-[:REQUIRES]->(s:Skill)
WITH p, stated, s, count(DISTINCT j) AS postings
WITH p, stated, collect(s.id) AS seen, collect({skill: s.name, stated: s.id IN stated, postings: postings}) AS found
OPTIONAL MATCH (p)-[:REQUIRES]->(x:Skill)
WHERE NOT x.id IN seen
WITH p, found, collect({skill: x.name, stated: true, postings: 0}) AS extra
UNWIND found + extra AS r
WITH p, r
WHERE r.skill IS NOT NULL
RETURN p.name AS post, r.skill AS skill, r.stated AS stated, r.postings AS postings
ORDER BY post, postings DESC, skill
LIMIT $limit
