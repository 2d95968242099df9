// description: Policies that mention an industry–education measure (产教融合, 现代学徒制, 订单培养 …) with the sentence.
// param: measure STRING required — measure id, Chinese or English name
// column: measure STRING — measure name
// column: policy_id STRING — Policy id
// column: policy STRING — policy title
// column: date STRING — policy date
// column: article STRING — article
// column: sentence STRING — the sentence mentioning it
// example: kg query measure_policies -p measure=现代学徒制
MATCH (m:Measure)
WHERE m.id = $measure OR m.name_zh = $measure OR m.name_en = $measure OR $measure IN m.variants
MATCH (p:Policy)-[r:MENTIONS]->(m)
RETURN m.name_zh AS measure, p.id AS policy_id, p.title AS policy, p.date AS date, r.article AS article,
       r.sentence AS sentence
ORDER BY date DESC, policy_id, article
