-- A report that joined another report's problem (any member of a problem except its anchor) carries that
-- problem's id, kept by est.intake.dedup whenever links change. Every analysis query leaves these reports out with
-- `i.duplicate_of IS NULL` (est.picture.filters.where_clause): free, where an anti-join on problem_links cost
-- 30-50 ms per query at 1M rows.
ALTER TABLE incidents ADD COLUMN duplicate_of BIGINT;
UPDATE incidents SET duplicate_of = d.problem_id
FROM (SELECT l.incident_id, l.problem_id FROM problem_links l JOIN problems p ON p.id = l.problem_id
      WHERE l.incident_id <> p.anchor_incident_id) d
WHERE incidents.id = d.incident_id;
