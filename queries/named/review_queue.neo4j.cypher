// description: The review queue: entities flagged review=true (proposed by an extractor, fuzzy matches, firms created from partnership files), newest evidence first.
// param: label STRING = '' — only this label (e.g. Firm); empty = all
// param: limit INT = 200 — maximum rows
// column: label STRING — node label
// column: key STRING — node key
// column: name STRING — display name
// column: extractor STRING — extractor that proposed it
// column: confidence FLOAT — 0–1
// column: evidence STRING — evidence text
// column: source STRING — source document id
// example: kg query review_queue -p label=Firm
MATCH (n)
WHERE n.review = true AND ($label = '' OR labels(n)[0] = $label)
RETURN labels(n)[0] AS label, coalesce(n.id, n.code, n.moe_code) AS key, coalesce(n.name, n.title, n.name_zh) AS name,
       n.extractor AS extractor, n.confidence AS confidence, n.evidence AS evidence, n.source AS source
ORDER BY label, key
LIMIT $limit
