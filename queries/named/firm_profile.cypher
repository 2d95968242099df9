// description: One firm at a glance: where it is, its industries, tags, listing, job postings and partnerships.
// param: firm STRING required — firm id, full name or a name it is also known by
// column: firm_id STRING — Firm id
// column: firm STRING — firm name
// column: region STRING — Region id
// column: industries LIST — industry names (sorted)
// column: tags LIST — tags such as 专精特新 (sorted)
// column: listed_code STRING — stock code
// column: job_postings INT — job postings published
// column: partners INT — colleges and groups it partners with
// example: kg query firm_profile -p firm=中兴通讯股份有限公司
MATCH (f:Firm)
WHERE f.id = $firm OR f.name = $firm OR $firm IN f.aliases
OPTIONAL MATCH (f)-[:LOCATED_IN]->(r:Region)
OPTIONAL MATCH (f)-[:IN_INDUSTRY]->(i:Industry)
WITH f, r, collect(DISTINCT i.name) AS industries
OPTIONAL MATCH (f)-[:POSTED]->(j:JobPosting)
WITH f, r, industries, count(DISTINCT j) AS job_postings
OPTIONAL MATCH (f)-[pw:PARTNERS_WITH]->()
RETURN f.id AS firm_id, f.name AS firm, r.id AS region, industries, f.tags AS tags, f.listed_code AS listed_code,
       job_postings, count(pw) AS partners
ORDER BY firm_id
