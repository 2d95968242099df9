// description: Shortest paths (at most 4 steps, either direction) between two entities, e.g. a college and a firm. All shortest paths are returned.
// param: source STRING required — first entity: its key (moe_code, code, id) or exact name/title
// param: target STRING required — second entity: key or exact name/title
// param: limit INT = 10 — maximum paths
// column: length INT — number of relationships
// column: nodes PATH — node names along the path, in order
// column: labels PATH — node labels along the path
// column: rels PATH — relationship types along the path
// example: kg query entity_path -p source=深圳职业技术大学 -p target=中兴通讯股份有限公司
// The path is bound as a relationship variable e, not p = (a)-[...]-(b): nodes(e) are the intermediate nodes
// only, and a and b are used through a few properties, so their scans read those columns; nodes(p) made
// LadybugDB read every property of every label for all ~190k candidate endpoints (province scale: 240 ms
// -> ~80 ms). Names and labels come from properties(list, 'prop'), never list_transform(nodes(...), x -> ...):
// in LadybugDB 0.22 a lambda over a node or relationship list returns values of other rows once a result
// has a few hundred paths (checked against nodes(p) read raw; tests/queries/test_named_rewrites.py).
MATCH (a)
WHERE a.name = $source OR a.title = $source OR a.id = $source OR a.code = $source OR a.moe_code = $source
MATCH (b)
WHERE b.name = $target OR b.title = $target OR b.id = $target OR b.code = $target OR b.moe_code = $target
MATCH (a)-[e* ALL SHORTEST 1..4]-(b)
WITH a, b, e, properties(nodes(e), 'name') AS n1, properties(nodes(e), 'title') AS n2, properties(nodes(e), 'name_zh') AS n3,
     properties(nodes(e), 'id') AS n4, properties(nodes(e), 'code') AS n5, properties(nodes(e), 'moe_code') AS n6
WITH length(e) AS length,
     list_concat(list_concat([coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code)],
                             list_transform(range(1, size(n1)), i -> coalesce(n1[i], n2[i], n3[i], n4[i], n5[i], n6[i]))),
                 [coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code)]) AS nodes,
     list_concat(list_concat([label(a)], properties(nodes(e), '_label')), [label(b)]) AS labels,
     properties(rels(e), '_label') AS rels
RETURN length, nodes, labels, rels
ORDER BY length, list_reduce(nodes, (s, x) -> s + ' > ' + x), list_reduce(rels, (s, x) -> s + ' > ' + x)
LIMIT $limit
