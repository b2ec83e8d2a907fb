-- Goals and barriers in the daily rollups (issue 21): the statistics
-- counted them from their tables on every call, so a call's cost grew with
-- every goal and barrier ever stored.  Like cases and referrals (0008),
-- every write marks the days it changes and a statistics call counts only
-- the marked days again.  A goal counts as set on the day it was created,
-- achieved on the day it was achieved, not achieved on the day it was last
-- changed while not achieved; a barrier on the day it was reported.
CREATE INDEX goals_network_created ON goals (network_id, created_at);
CREATE INDEX goals_network_achieved ON goals (network_id, achieved_at) WHERE status = 'achieved';
CREATE INDEX goals_network_missed ON goals (network_id, updated_at) WHERE status = 'not_achieved';

CREATE FUNCTION lotse_stat_mark_goals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stat_dirty SELECT DISTINCT g.network_id, lotse_day(t)
    FROM new_rows g, unnest(ARRAY[g.created_at, g.achieved_at, g.updated_at]) t WHERE t IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stat_dirty SELECT DISTINCT g.network_id, lotse_day(t)
    FROM old_rows g, unnest(ARRAY[g.created_at, g.achieved_at, g.updated_at]) t WHERE t IS NOT NULL;
  ELSE
    INSERT INTO stat_dirty SELECT DISTINCT o.network_id, lotse_day(t)
    FROM old_rows o JOIN new_rows n ON n.id = o.id,
         unnest(ARRAY[o.created_at, o.achieved_at, o.updated_at, n.created_at, n.achieved_at, n.updated_at]) t
    WHERE (o.status, o.field_of_action, o.created_at, o.achieved_at, o.updated_at, o.record_key)
          IS DISTINCT FROM (n.status, n.field_of_action, n.created_at, n.achieved_at, n.updated_at, n.record_key)
      AND t IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER goals_stat_insert AFTER INSERT ON goals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_goals();
CREATE TRIGGER goals_stat_update AFTER UPDATE ON goals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_goals();
CREATE TRIGGER goals_stat_delete AFTER DELETE ON goals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_goals();

CREATE FUNCTION lotse_stat_mark_barriers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stat_dirty SELECT DISTINCT b.network_id, lotse_day(b.created_at) FROM new_rows b;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stat_dirty SELECT DISTINCT b.network_id, lotse_day(b.created_at) FROM old_rows b;
  ELSE
    INSERT INTO stat_dirty SELECT DISTINCT o.network_id, lotse_day(t)
    FROM old_rows o JOIN new_rows n ON n.id = o.id, unnest(ARRAY[o.created_at, n.created_at]) t
    WHERE (o.code, o.field_of_action, o.source, o.created_at, o.record_key)
          IS DISTINCT FROM (n.code, n.field_of_action, n.source, n.created_at, n.record_key);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER barriers_stat_insert AFTER INSERT ON barriers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_barriers();
CREATE TRIGGER barriers_stat_update AFTER UPDATE ON barriers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_barriers();
CREATE TRIGGER barriers_stat_delete AFTER DELETE ON barriers REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_barriers();

-- rebuilt with goals and barriers on each network's next statistics call
TRUNCATE stat_days, stat_state, stat_dirty;
