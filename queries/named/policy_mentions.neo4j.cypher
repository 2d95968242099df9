// description: What a policy mentions (industries, majors, occupations, measures, colleges, firms, regions) with the article, sentence and character span as evidence.
// param: policy STRING required — policy id or (part of) its title, e.g. 职业教育法
// column: policy STRING — policy title
// column: target_label STRING — label of the mentioned entity
// column: target STRING — its name
// column: article STRING — article (条) the mention is in
// column: sentence STRING — the sentence
// column: char_start INT — start offset in the document
// column: char_end INT — end offset
// column: confidence FLOAT — 0–1
// column: extractor STRING — extractor name@version
// example: kg query policy_mentions -p policy=职业教育法
MATCH (p:Policy)
WHERE p.id = $policy OR p.title CONTAINS $policy
MATCH (p)-[r:MENTIONS]->(t)
RETURN p.title AS policy, labels(t)[0] AS target_label, coalesce(t.name, t.name_zh, t.title, t.id) AS target,
       r.article AS article, r.sentence AS sentence, r.char_start AS char_start, r.char_end AS char_end,
       r.confidence AS confidence, r.extractor AS extractor
ORDER BY policy, char_start, target_label, target
