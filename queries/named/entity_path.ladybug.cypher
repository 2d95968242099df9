// description: Shortest paths (at most 4 steps, either direction) between two entities, e.g. a college and a firm. All shortest paths are returned.
// param: source STRING required — first entity: its key (moe_code, code, id) or exact name/title
// param: target STRING required — second entity: key or exact name/title
// param: limit INT = 10 — maximum paths
// column: length INT — number of relationships
// column: nodes PATH — node names along the path, in order
// column: labels PATH — node labels along the path
// column: rels PATH — relationship types along the path
// example: kg query entity_path -p source=深圳职业技术大学 -p target=中兴通讯股份有限公司
MATCH (a)
WHERE a.name = $source OR a.title = $source OR a.id = $source OR a.code = $source OR a.moe_code = $source
MATCH (b)
WHERE b.name = $target OR b.title = $target OR b.id = $target OR b.code = $target OR b.moe_code = $target
MATCH p = (a)-[* ALL SHORTEST 1..4]-(b)
RETURN length(p) AS length, list_transform(nodes(p), x -> coalesce(x.name, x.title, x.name_zh, x.id, x.code, x.moe_code)) AS nodes,
       list_transform(nodes(p), x -> label(x)) AS labels, list_transform(rels(p), r -> label(r)) AS rels
ORDER BY length, list_reduce(list_transform(nodes(p), x -> coalesce(x.name, x.title, x.name_zh, x.id, x.code, x.moe_code)), (s, x) -> s + ' > ' + x),
         list_reduce(list_transform(rels(p), r -> label(r)), (s, x) -> s + ' > ' + x)
LIMIT $limit
