// description: Firms in an industry (or any of its sub-industries) located in a region, with tags and job-posting counts.
// param: industry STRING required — GB/T 4754 code or name
// param: region STRING = '' — province or city (广东省, 深圳市 or 广东省/深圳市); empty = everywhere
// param: limit INT = 200 — maximum rows
// column: firm_id STRING — Firm id
// column: firm STRING — firm name
// column: region STRING — Region id the firm is located in
// column: industry_codes LIST — the firm's matching industry codes (sorted)
// column: tags LIST — firm tags such as 专精特新 (sorted)
// column: listed_code STRING — stock code when listed
// column: job_postings INT — job postings the firm published
// example: kg query firms_in_industry_region -p industry=39 -p region=广东省
MATCH (i:Industry)
WHERE i.code = $industry OR i.name = $industry
MATCH (f:Firm)-[:IN_INDUSTRY]->(s:Industry)-[:PART_OF*0..3]->(i)
MATCH (f)-[:LOCATED_IN]->(r:Region)
WHERE $region = '' OR r.id = $region OR r.name = $region OR r.province = $region OR r.id STARTS WITH ($region + '/')
WITH f, r, collect(DISTINCT s.code) AS industry_codes
OPTIONAL MATCH (f)-[:POSTED]->(j:JobPosting)
RETURN f.id AS firm_id, f.name AS firm, r.id AS region, industry_codes, f.tags AS tags, f.listed_code AS listed_code,
       count(j) AS job_postings
ORDER BY job_postings DESC, firm, firm_id
LIMIT $limit
