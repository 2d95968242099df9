// description: How many majors serve each industry 门类 (GB/T 4754 sections), counting links to any sub-industry once per major.
// param: level STRING = '' — restrict to one major level (中职 / 高职专科 / 高职本科); empty = all
// column: industry_code STRING — 门类 letter
// column: industry STRING — 门类 name
// column: majors INT — distinct majors serving it
// column: stated_majors INT — of which with a stated (confidence ≥ 0.9) link
// example: kg query majors_per_industry -p level=高职专科
MATCH (m:Major)-[r:SERVES]->(s:Industry)-[:PART_OF*0..3]->(i:Industry)
WHERE i.level = '门类' AND ($level = '' OR m.level = $level)
WITH i, m, max(r.confidence) AS best
RETURN i.code AS industry_code, i.name AS industry, count(m) AS majors,
       sum(CASE WHEN best >= 0.9 THEN 1 ELSE 0 END) AS stated_majors
ORDER BY majors DESC, industry_code
