// description: Vocational certificates (职业类证书) listed for a major.
// param: major STRING required — major code or name
// column: code STRING — major code
// column: certificate STRING — certificate name
// column: kind STRING — 职业资格 / 职业技能等级
// column: evidence STRING — source text
// example: kg query major_certificates -p major=510301
MATCH (m:Major)
WHERE m.code = $major OR m.name = $major
MATCH (m)-[r:HAS_CERTIFICATE]->(c:Certificate)
RETURN m.code AS code, c.name AS certificate, c.kind AS kind, r.evidence AS evidence
ORDER BY code, certificate
