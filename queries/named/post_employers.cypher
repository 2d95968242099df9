// description: Who posts jobs for a post (岗位): firms with their number of postings, optionally in one region.
// param: post STRING required — post name (e.g. 网络优化工程师)
// param: region STRING = '' — province or city; empty = everywhere
// param: limit INT = 200 — maximum rows
// column: post STRING — post name
// column: firm_id STRING — Firm id
// column: firm STRING — firm name
// column: postings INT — job postings by the firm for the post (in the region)
// column: regions LIST — where those postings are (Region ids, sorted)
// example: kg query post_employers -p post=网络优化工程师 -p region=广东省
MATCH (p:Post)
WHERE p.id = $post OR p.name = $post
MATCH (f:Firm)-[:POSTED]->(j:JobPosting)-[:FOR_POST]->(p)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE $region = '' OR r.id = $region OR r.name = $region OR r.province = $region OR r.id STARTS WITH ($region + '/')
RETURN p.name AS post, f.id AS firm_id, f.name AS firm, count(DISTINCT j) AS postings, collect(DISTINCT r.id) AS regions
ORDER BY postings DESC, firm, firm_id
LIMIT $limit
