// description: Shortest paths (at most 4 steps, either direction) between two entities, e.g. a college and a firm. All shortest paths are returned.
// param: source STRING required — first entity: its key (moe_code, code, id) or exact name/title
// param: target STRING required — second entity: key or exact name/title
// param: limit INT = 10 — maximum paths
// column: length INT — number of relationships
// column: nodes PATH — node names along the path, in order
// column: labels PATH — node labels along the path
// column: rels PATH — relationship types along the path
// example: kg query entity_path -p source=深圳职业技术大学 -p target=中兴通讯股份有限公司
// The endpoints are found label by label (an index seek on each label's key and name/title) instead of
// scanning every node; tests/queries/test_named_rewrites.py checks the labels and properties against kg/schema.py.
CALL {
  MATCH (a:Region) WHERE a.name = $source OR a.id = $source RETURN a
  UNION
  MATCH (a:College) WHERE a.name = $source OR a.moe_code = $source RETURN a
  UNION
  MATCH (a:ProfessionalGroup) WHERE a.name = $source OR a.id = $source RETURN a
  UNION
  MATCH (a:MajorCategory) WHERE a.name = $source OR a.code = $source RETURN a
  UNION
  MATCH (a:MajorClass) WHERE a.name = $source OR a.code = $source RETURN a
  UNION
  MATCH (a:Major) WHERE a.name = $source OR a.code = $source RETURN a
  UNION
  MATCH (a:Course) WHERE a.name = $source OR a.id = $source RETURN a
  UNION
  MATCH (a:Skill) WHERE a.name = $source OR a.id = $source RETURN a
  UNION
  MATCH (a:Post) WHERE a.name = $source OR a.id = $source RETURN a
  UNION
  MATCH (a:Occupation) WHERE a.name = $source OR a.code = $source RETURN a
  UNION
  MATCH (a:Certificate) WHERE a.name = $source OR a.id = $source RETURN a
  UNION
  MATCH (a:Industry) WHERE a.name = $source OR a.code = $source RETURN a
  UNION
  MATCH (a:Firm) WHERE a.name = $source OR a.id = $source RETURN a
  UNION
  MATCH (a:JobPosting) WHERE a.title = $source OR a.id = $source RETURN a
  UNION
  MATCH (a:ResearchProject) WHERE a.title = $source OR a.id = $source RETURN a
  UNION
  MATCH (a:Platform) WHERE a.name = $source OR a.id = $source RETURN a
  UNION
  MATCH (a:EducationAlliance) WHERE a.name = $source OR a.id = $source RETURN a
  UNION
  MATCH (a:Policy) WHERE a.title = $source OR a.id = $source RETURN a
  UNION
  MATCH (a:Measure) WHERE a.id = $source RETURN a
  UNION
  MATCH (a:Document) WHERE a.title = $source OR a.id = $source RETURN a
}
CALL {
  MATCH (b:Region) WHERE b.name = $target OR b.id = $target RETURN b
  UNION
  MATCH (b:College) WHERE b.name = $target OR b.moe_code = $target RETURN b
  UNION
  MATCH (b:ProfessionalGroup) WHERE b.name = $target OR b.id = $target RETURN b
  UNION
  MATCH (b:MajorCategory) WHERE b.name = $target OR b.code = $target RETURN b
  UNION
  MATCH (b:MajorClass) WHERE b.name = $target OR b.code = $target RETURN b
  UNION
  MATCH (b:Major) WHERE b.name = $target OR b.code = $target RETURN b
  UNION
  MATCH (b:Course) WHERE b.name = $target OR b.id = $target RETURN b
  UNION
  MATCH (b:Skill) WHERE b.name = $target OR b.id = $target RETURN b
  UNION
  MATCH (b:Post) WHERE b.name = $target OR b.id = $target RETURN b
  UNION
  MATCH (b:Occupation) WHERE b.name = $target OR b.code = $target RETURN b
  UNION
  MATCH (b:Certificate) WHERE b.name = $target OR b.id = $target RETURN b
  UNION
  MATCH (b:Industry) WHERE b.name = $target OR b.code = $target RETURN b
  UNION
  MATCH (b:Firm) WHERE b.name = $target OR b.id = $target RETURN b
  UNION
  MATCH (b:JobPosting) WHERE b.title = $target OR b.id = $target RETURN b
  UNION
  MATCH (b:ResearchProject) WHERE b.title = $target OR b.id = $target RETURN b
  UNION
  MATCH (b:Platform) WHERE b.name = $target OR b.id = $target RETURN b
  UNION
  MATCH (b:EducationAlliance) WHERE b.name = $target OR b.id = $target RETURN b
  UNION
  MATCH (b:Policy) WHERE b.title = $target OR b.id = $target RETURN b
  UNION
  MATCH (b:Measure) WHERE b.id = $target RETURN b
  UNION
  MATCH (b:Document) WHERE b.title = $target OR b.id = $target RETURN b
}
MATCH p = allShortestPaths((a)-[*..4]-(b))
WITH p, [x IN nodes(p) | coalesce(x.name, x.title, x.name_zh, x.id, x.code, x.moe_code)] AS names,
     [x IN nodes(p) | labels(x)[0]] AS labels, [r IN relationships(p) | type(r)] AS rels
RETURN length(p) AS length, names AS nodes, labels, rels
ORDER BY length, reduce(s = '', x IN names | s + ' > ' + x), reduce(s = '', x IN rels | s + ' > ' + x)
LIMIT $limit
