// description: Colleges located in a province or city, with level, ownership and how many professional groups each has.
// param: region STRING required — province or city (广东省, 深圳市, 广东省/深圳市)
// param: level STRING = '' — 本科 / 专科; empty = both
// column: moe_code STRING — 学校标识码
// column: college STRING — college name
// column: level STRING — 本科 / 专科
// column: ownership STRING — 公办 / 民办
// column: region STRING — Region id
// column: groups INT — professional groups of the college
// example: kg query region_colleges -p region=江苏省 -p level=专科
MATCH (c:College)-[:LOCATED_IN]->(r:Region)
WHERE (r.id = $region OR r.name = $region OR r.province = $region OR r.id STARTS WITH ($region + '/'))
  AND ($level = '' OR c.level = $level)
OPTIONAL MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c)
RETURN c.moe_code AS moe_code, c.name AS college, c.level AS level, c.ownership AS ownership, r.id AS region,
       count(g) AS groups
ORDER BY groups DESC, moe_code
