-- 0008_statistics_rollup: daily counts per network, so that statistics
-- read a few thousand rows instead of every case and referral.
--
-- stat_days holds, per network and local calendar day (Europe/Berlin), the
-- additive counts of the case and referral indicators (no ids, no personal
-- data).  Writes to cases, referrals and agencies mark the days they
-- change in stat_dirty; a statistics call first recomputes the marked days
-- and the request days of referrals that fell due since its network's last
-- refresh (stat_state), then sums stat_days into its periods.  A mark for
-- day '-infinity' (or no stat_state row) rebuilds all days.
CREATE TABLE stat_days (
  network_id uuid NOT NULL REFERENCES networks (id),
  day date NOT NULL,
  indicator text NOT NULL,
  breakdown text NOT NULL,
  value text NOT NULL,
  n bigint NOT NULL CHECK (n > 0),
  PRIMARY KEY (network_id, day, indicator, breakdown, value)
);
CREATE TABLE stat_state (
  network_id uuid PRIMARY KEY REFERENCES networks (id),
  refreshed_at timestamptz NOT NULL
);
CREATE TABLE stat_dirty (
  network_id uuid NOT NULL,
  day date NOT NULL
);
CREATE INDEX stat_dirty_network ON stat_dirty (network_id);

-- the statistics context of a network reads and rewrites its rollups;
-- every writer may mark a day (a network id and a day, nothing more)
ALTER TABLE stat_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE stat_days FORCE ROW LEVEL SECURITY;
CREATE POLICY stat_days_statistics ON stat_days
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on')
  WITH CHECK (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on');
ALTER TABLE stat_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE stat_state FORCE ROW LEVEL SECURITY;
CREATE POLICY stat_state_statistics ON stat_state
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on')
  WITH CHECK (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on');
ALTER TABLE stat_dirty ENABLE ROW LEVEL SECURITY;
ALTER TABLE stat_dirty FORCE ROW LEVEL SECURITY;
CREATE POLICY stat_dirty_mark ON stat_dirty FOR INSERT WITH CHECK (true);
CREATE POLICY stat_dirty_statistics ON stat_dirty FOR SELECT
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on');
CREATE POLICY stat_dirty_refresh ON stat_dirty FOR DELETE
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) = 'on');

-- the local day of t
CREATE FUNCTION lotse_day(t timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (t AT TIME ZONE 'Europe/Berlin')::date $$;

-- The triggers mark the days of changed rows (old and new versions) in
-- the writing transaction, so a refresh sees a mark no earlier than the
-- change.  An update that changes none of the counted facts marks nothing.
CREATE FUNCTION lotse_stat_mark_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stat_dirty SELECT DISTINCT c.network_id, lotse_day(t)
    FROM new_rows c, unnest(ARRAY[c.created_at, c.closed_at]) t
    WHERE t IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stat_dirty SELECT DISTINCT c.network_id, lotse_day(t)
    FROM old_rows c, unnest(ARRAY[c.created_at, c.closed_at]) t
    WHERE t IS NOT NULL;
  ELSE
    INSERT INTO stat_dirty SELECT DISTINCT o.network_id, lotse_day(t)
    FROM old_rows o JOIN new_rows n ON n.id = o.id,
         unnest(ARRAY[o.created_at, o.closed_at, n.created_at, n.closed_at]) t
    WHERE (o.created_at, o.closed_at, o.closure_reason, o.target_group, o.residence_status,
           o.municipality_ags, o.gender, o.nationality, o.birth_year, o.lead_agency_id)
          IS DISTINCT FROM
          (n.created_at, n.closed_at, n.closure_reason, n.target_group, n.residence_status,
           n.municipality_ags, n.gender, n.nationality, n.birth_year, n.lead_agency_id)
      AND t IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_stat_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_cases();
CREATE TRIGGER cases_stat_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_cases();
CREATE TRIGGER cases_stat_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_cases();

CREATE FUNCTION lotse_stat_mark_referrals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stat_dirty SELECT DISTINCT r.network_id, lotse_day(t)
    FROM new_rows r, unnest(ARRAY[r.requested_at, r.responded_at, r.closed_at]) t
    WHERE t IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stat_dirty SELECT DISTINCT r.network_id, lotse_day(t)
    FROM old_rows r, unnest(ARRAY[r.requested_at, r.responded_at, r.closed_at]) t
    WHERE t IS NOT NULL;
  ELSE
    INSERT INTO stat_dirty SELECT DISTINCT o.network_id, lotse_day(t)
    FROM old_rows o JOIN new_rows n ON n.id = o.id,
         unnest(ARRAY[o.requested_at, o.responded_at, o.closed_at,
                      n.requested_at, n.responded_at, n.closed_at]) t
    WHERE (o.requested_at, o.responded_at, o.closed_at, o.response_due_at, o.status, o.outcome,
           o.decline_reason, o.field_of_action, o.agreement_id, o.from_agency_id, o.to_agency_id)
          IS DISTINCT FROM
          (n.requested_at, n.responded_at, n.closed_at, n.response_due_at, n.status, n.outcome,
           n.decline_reason, n.field_of_action, n.agreement_id, n.from_agency_id, n.to_agency_id)
      AND t IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER referrals_stat_insert AFTER INSERT ON referrals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_referrals();
CREATE TRIGGER referrals_stat_update AFTER UPDATE ON referrals
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_referrals();
CREATE TRIGGER referrals_stat_delete AFTER DELETE ON referrals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lotse_stat_mark_referrals();

-- an agency's kind is a breakdown of every day: rebuild them all
CREATE FUNCTION lotse_stat_mark_agency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_dirty VALUES (NEW.network_id, '-infinity');
  RETURN NULL;
END $$;
CREATE TRIGGER agencies_stat_kind AFTER UPDATE OF kind ON agencies
  FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind) EXECUTE FUNCTION lotse_stat_mark_agency();

-- In the statistics context the per-agency read policies step aside
-- before their per-row consent checks (which are OR-ed with the counting
-- policies and cost seconds over a million rows); the counting policies of
-- 0006 decide alone.
ALTER POLICY cases_read ON cases
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) IS DISTINCT FROM 'on'
         AND (lead_agency_id = lotse_agency()
              OR EXISTS (SELECT 1 FROM consents k
                         WHERE k.case_id = cases.id AND k.revoked_at IS NULL AND k.valid_from <= now()
                           AND (k.valid_until IS NULL OR k.valid_until > now())
                           AND (k.recipient_agency_id = lotse_agency() OR k.whole_network))));
ALTER POLICY goals_category ON goals
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) IS DISTINCT FROM 'on'
         AND lotse_sees(case_id, 'plan'));
ALTER POLICY analyses_category ON potential_analyses
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) IS DISTINCT FROM 'on'
         AND lotse_sees(case_id, 'potential'));
ALTER POLICY conference_decisions_plan ON conference_decisions
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) IS DISTINCT FROM 'on'
         AND lotse_sees(case_id, 'plan'));
ALTER POLICY conferences_taking_part ON conferences
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) IS DISTINCT FROM 'on'
         AND (organiser_agency_id = lotse_agency()
              OR EXISTS (SELECT 1 FROM conference_participants p
                         WHERE p.conference_id = conferences.id AND p.agency_id = lotse_agency())));

-- the day ranges a refresh reads
CREATE INDEX cases_network_created ON cases (network_id, created_at);
CREATE INDEX cases_network_closed ON cases (network_id, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX referrals_network_requested ON referrals (network_id, requested_at);
CREATE INDEX referrals_network_responded ON referrals (network_id, responded_at)
  WHERE responded_at IS NOT NULL;
CREATE INDEX referrals_network_closed ON referrals (network_id, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX referrals_network_unanswered ON referrals (network_id, response_due_at)
  WHERE responded_at IS NULL;

GRANT EXECUTE ON FUNCTION lotse_day(timestamptz) TO lotse_app;
GRANT SELECT, INSERT, DELETE ON stat_days TO lotse_app;
GRANT SELECT, INSERT, UPDATE ON stat_state TO lotse_app;
GRANT SELECT, INSERT, DELETE ON stat_dirty TO lotse_app;
