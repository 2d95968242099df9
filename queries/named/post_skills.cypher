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
MATCH (s:Skill)
WHERE EXISTS { MATCH (p)-[:REQUIRES]->(s) } OR EXISTS { MATCH (p)<-[:FOR_POST]-(:JobPosting)-[:REQUIRES]->(s) }
OPTIONAL MATCH (p)<-[:FOR_POST]-(j:JobPosting)-[:REQUIRES]->(s)
WITH p, s, count(DISTINCT j) AS postings
RETURN p.name AS post, s.name AS skill, EXISTS { MATCH (p)-[:REQUIRES]->(s) } AS stated, postings
ORDER BY post, postings DESC, skill
LIMIT $limit
