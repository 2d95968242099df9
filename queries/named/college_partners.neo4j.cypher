// description: A college's partner firms (PARTNERS_WITH the college or one of its groups) with kind, period and activity.
// param: college STRING required — college name, alias or 学校标识码
// column: firm_id STRING — Firm id
// column: firm STRING — firm name
// column: partner_of STRING — the college or the group the partnership is with
// column: kind STRING — 订单班 / 现代学徒制 / 实训基地 / 产业学院 / 联合研发 …
// column: since STRING — start year
// column: until STRING — end year (empty = ongoing)
// column: internship_posts INT — internship posts offered
// column: courses_codeveloped INT — courses co-developed
// column: joint_projects INT — joint projects
// column: ip_output INT — patents/software copyrights etc.
// column: evaluation_scores STRING — year:score;… annual evaluation
// example: kg query college_partners -p college=深圳职业技术大学
MATCH (c:College)  // Neo4j: start from the college, not from every PARTNERS_WITH edge (no CALL {} in LadybugDB)
WHERE c.moe_code = $college OR c.name = $college OR $college IN c.aliases
CALL (c) {
  MATCH (f:Firm)-[r:PARTNERS_WITH]->(c)
  RETURN f, r, c AS x
  UNION ALL
  MATCH (f:Firm)-[r:PARTNERS_WITH]->(x:ProfessionalGroup)-[:BELONGS_TO]->(c)
  RETURN f, r, x
}
RETURN f.id AS firm_id, f.name AS firm, coalesce(x.name, x.id) AS partner_of, r.kind AS kind, r.since AS since,
       r.until AS until, r.internship_posts AS internship_posts, r.courses_codeveloped AS courses_codeveloped,
       r.joint_projects AS joint_projects, r.ip_output AS ip_output, r.evaluation_scores AS evaluation_scores
ORDER BY firm, partner_of, kind
