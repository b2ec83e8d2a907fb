-- Intake and follow-up assessments (issue 22): a potential analysis is the
-- case's intake (at most one) or a follow-up; the outcome indicators compare
-- the intake with the latest follow-up.  Existing analyses: each case's
-- first (by assessment date, then creation) is its intake.
ALTER TABLE potential_analyses ADD COLUMN kind text NOT NULL DEFAULT 'follow_up'
  CHECK (kind IN ('intake', 'follow_up'));
INSERT INTO data_map VALUES
  ('potential_analyses', 'kind', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false);
ALTER TABLE potential_analyses NO FORCE ROW LEVEL SECURITY;
UPDATE potential_analyses a SET kind = 'intake' FROM (
  SELECT DISTINCT ON (case_id) id FROM potential_analyses ORDER BY case_id, assessed_on, created_at, id) f
WHERE a.id = f.id;
ALTER TABLE potential_analyses FORCE ROW LEVEL SECURITY;
CREATE UNIQUE INDEX analyses_one_intake ON potential_analyses (case_id) WHERE kind = 'intake';

-- the kind is one of the facts the outcome rollups count (0028)
DROP TRIGGER potential_analyses_stat_days_update ON potential_analyses;
CREATE TRIGGER potential_analyses_stat_days_update AFTER UPDATE ON potential_analyses
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION lotse_stat_mark_days('created_at', 'case_id,created_at,assessed_on,german_level,employment_status,kind');
TRUNCATE stat_days, stat_state, stat_dirty, stat_dirty_objects;
