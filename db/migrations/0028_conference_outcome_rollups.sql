-- Conferences, decisions, outcomes and agreements in the daily rollups
-- (issue 21): the statistics counted them from their tables on every call
-- (STATS_LIVE), so a call's cost grew with everything ever stored.  Now
-- every indicator is read from stat_days; a write marks what it changes:
--   conferences        the days held (held_at) and cancelled (updated_at)
--   decisions          the day made (created_at); the state (open, done,
--                      dropped, overdue) is as of the last recount of that
--                      day, and the refresh recounts the days of open
--                      decisions that fell due since the last one
--   agreements         the day activated; the row carries its validity
--                      ('from>until') so the active agreements of any
--                      period are summed from the rollups
--   analyses and       the case or conference they belong to
--   participants       (stat_dirty_objects): an outcome lies on the day of
--                      a case's latest analysis or its closing, the
--                      participants on the day the conference was held,
--                      and which days those are only the refresh may read
--                      (it runs in the statistics context, which sees the
--                      network's rows; a writer may not see them all)

CREATE INDEX conferences_network_held ON conferences (network_id, held_at) WHERE status = 'held';
CREATE INDEX conferences_network_cancelled ON conferences (network_id, updated_at) WHERE status = 'cancelled';
CREATE INDEX decisions_network_created ON conference_decisions (network_id, created_at);
CREATE INDEX decisions_network_open_due ON conference_decisions (network_id, due_on) WHERE status = 'open';
CREATE INDEX analyses_network_created ON potential_analyses (network_id, created_at);
CREATE INDEX agreements_network_activated ON agreements (network_id, activated_at) WHERE status = 'active';

CREATE TABLE stat_dirty_objects (
  network_id uuid NOT NULL,
  object_id uuid NOT NULL
);
CREATE INDEX stat_dirty_objects_network ON stat_dirty_objects (network_id);
ALTER TABLE stat_dirty_objects ENABLE ROW LEVEL SECURITY;
ALTER TABLE stat_dirty_objects FORCE ROW LEVEL SECURITY;
CREATE POLICY stat_dirty_objects_mark ON stat_dirty_objects FOR INSERT WITH CHECK (true);
CREATE POLICY stat_dirty_objects_refresh ON stat_dirty_objects FOR ALL
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on');
GRANT SELECT, INSERT, DELETE ON stat_dirty_objects TO lotse_app;
INSERT INTO data_map_tables VALUES ('stat_dirty_objects', NULL);
INSERT INTO data_map VALUES
  ('stat_dirty_objects', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('stat_dirty_objects', 'object_id', 'none', 'none', 'keep', NULL, NULL, true);

-- Marks the days of the changed rows: TG_ARGV[0] the timestamp columns
-- whose local days are marked (comma-separated), TG_ARGV[1] the columns an
-- update must change to count (the row's counted facts).
CREATE FUNCTION lotse_stat_mark_days() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cols text[] := string_to_array(TG_ARGV[0], ',');
  facts text[] := string_to_array(TG_ARGV[1], ',');
  single text := (SELECT string_agg(format('r.%I', c), ', ') FROM unnest(cols) c);
  pairs text := (SELECT string_agg(format('o.%1$I, n.%1$I', c), ', ') FROM unnest(cols) c);
BEGIN
  IF TG_OP = 'UPDATE' THEN
    EXECUTE format('INSERT INTO stat_dirty SELECT DISTINCT o.network_id, lotse_day(t) '
                   'FROM old_rows o JOIN new_rows n ON n.id = o.id, unnest(ARRAY[%s]) t '
                   'WHERE (%s) IS DISTINCT FROM (%s) AND t IS NOT NULL', pairs,
                   (SELECT string_agg(format('o.%I', c), ', ') FROM unnest(facts) c),
                   (SELECT string_agg(format('n.%I', c), ', ') FROM unnest(facts) c));
  ELSE
    EXECUTE format('INSERT INTO stat_dirty SELECT DISTINCT r.network_id, lotse_day(t) '
                   'FROM %I r, unnest(ARRAY[%s]) t WHERE t IS NOT NULL',
                   CASE TG_OP WHEN 'INSERT' THEN 'new_rows' ELSE 'old_rows' END, single);
  END IF;
  RETURN NULL;
END $$;

-- Marks the objects (TG_ARGV[0]: the column naming the case or conference)
-- of the inserted, changed or deleted rows.
CREATE FUNCTION lotse_stat_mark_objects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('INSERT INTO stat_dirty_objects SELECT DISTINCT r.network_id, r.%I FROM %I r',
                 TG_ARGV[0], CASE TG_OP WHEN 'INSERT' THEN 'new_rows' ELSE 'old_rows' END);
  IF TG_OP = 'UPDATE' THEN
    EXECUTE format('INSERT INTO stat_dirty_objects SELECT DISTINCT r.network_id, r.%I FROM new_rows r', TG_ARGV[0]);
  END IF;
  RETURN NULL;
END $$;

DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT tab, kind, concat_ws(', ', quote_literal(arg0), quote_literal(arg1)) AS args FROM (VALUES
      ('conferences', 'days', 'held_at,updated_at', 'status,held_at,updated_at'),
      ('conference_decisions', 'days', 'created_at', 'status,due_on,created_at,record_key'),
      ('agreements', 'days', 'activated_at', 'status,activated_at,valid_from,valid_until'),
      ('potential_analyses', 'days', 'created_at', 'case_id,created_at,assessed_on,german_level,employment_status'),
      ('potential_analyses', 'objects', 'case_id', NULL),
      ('conference_participants', 'objects', 'conference_id', NULL)) v(tab, kind, arg0, arg1) LOOP
    EXECUTE format('CREATE TRIGGER %1$s_stat_%2$s_insert AFTER INSERT ON %1$I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_%2$s(%3$s)', t.tab, t.kind, t.args);
    EXECUTE format('CREATE TRIGGER %1$s_stat_%2$s_update AFTER UPDATE ON %1$I '
                   'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_%2$s(%3$s)', t.tab, t.kind, t.args);
    EXECUTE format('CREATE TRIGGER %1$s_stat_%2$s_delete AFTER DELETE ON %1$I REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_%2$s(%3$s)', t.tab, t.kind, t.args);
  END LOOP;
END $$;

-- rebuilt with the new indicators on each network's next statistics call
TRUNCATE stat_days, stat_state, stat_dirty;
