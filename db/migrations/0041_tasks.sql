-- Tasks and reminders (issue 23, item 2).  A task is open work on a case
-- for one agency (and optionally one person of it, by the subject of
-- their token): a follow-up someone set (kind follow_up, a title of the
-- plan), or a reminder Lotse sets by itself (lotse_generate_reminders):
--   consent_expiring    a consent in force ends within the horizon: the lead
--   residence_expiring  the residence permit ends within the horizon: the
--                       lead and every agency whose consent covers residence
--   referral_overdue    a requested referral is past its answer date: the receiver
--   decision_due        an open conference decision is due within the horizon:
--                       its responsible agency
-- A reminder names its source (consent, case, referral, decision) and is
-- closed by the next run once its cause is gone.  Visibility: the assigned
-- and the creating agency, while they see the case in the task's category
-- (plan for follow-ups, referrals and decisions, residence for permits,
-- the case itself for consents: those go to the lead).
CREATE TABLE tasks (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id          uuid NOT NULL REFERENCES networks (id),
  case_id             uuid NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('follow_up', 'consent_expiring', 'residence_expiring',
                                                    'referral_overdue', 'decision_due')),
  category            text CHECK (category IN ('residence', 'plan')),
  source_id           uuid,
  title               text CHECK (length(title) BETWEEN 1 AND 300),
  description         text CHECK (length(description) BETWEEN 1 AND 5000),
  due_on              date,
  assigned_agency_id  uuid NOT NULL,
  assignee            text CHECK (length(assignee) BETWEEN 1 AND 200),
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  closed_at           timestamptz,
  announced           text NOT NULL DEFAULT 'none' CHECK (announced IN ('none', 'due', 'overdue')),
  created_by_agency   uuid,
  created_by          text NOT NULL,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, case_id) REFERENCES cases (network_id, id),
  FOREIGN KEY (network_id, assigned_agency_id) REFERENCES agencies (network_id, id),
  CHECK ((kind = 'follow_up') = (source_id IS NULL)),
  CHECK (kind = 'follow_up' OR (title IS NULL AND description IS NULL)),
  CHECK (kind <> 'follow_up' OR category = 'plan'), -- its title is required by the API, erased by anonymization
  CHECK ((status = 'open') = (closed_at IS NULL))
);
-- one reminder per cause, agency and date: generation on several instances at once adds none twice
CREATE UNIQUE INDEX tasks_one_reminder ON tasks (kind, source_id, assigned_agency_id, due_on)
  WHERE source_id IS NOT NULL;
CREATE INDEX tasks_worklist ON tasks (assigned_agency_id, (coalesce(due_on, 'infinity'::date)), id)
  WHERE status = 'open';
CREATE INDEX tasks_case ON tasks (case_id, created_at);

-- Which networks' reminders run now: an instance locks a network's row
-- (FOR UPDATE SKIP LOCKED), so two instances never work one network at once.
CREATE TABLE reminder_runs (
  network_id  uuid PRIMARY KEY REFERENCES networks (id),
  last_run_at timestamptz
);

ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
CREATE POLICY tasks_read ON tasks FOR SELECT
  USING (network_id = lotse_network()
         AND (assigned_agency_id = lotse_agency() OR created_by_agency = lotse_agency())
         AND lotse_sees(case_id, category));
CREATE POLICY tasks_insert ON tasks FOR INSERT
  WITH CHECK (network_id = lotse_network() AND kind = 'follow_up'
              AND created_by_agency = lotse_agency() AND lotse_sees(case_id, category));
CREATE POLICY tasks_update ON tasks FOR UPDATE
  USING (network_id = lotse_network()
         AND (assigned_agency_id = lotse_agency() OR created_by_agency = lotse_agency())
         AND lotse_sees(case_id, category))
  WITH CHECK (network_id = lotse_network());
DO $$
BEGIN
  -- the owner: anonymization and export of one case (0016), and the reminders' run of one network
  EXECUTE format('CREATE POLICY whole_case ON tasks TO %I USING (network_id = lotse_network() '
                 'AND coalesce(current_setting(''lotse.whole_case'', true), '''') <> '''')', current_user);
END $$;
GRANT SELECT, INSERT, UPDATE ON tasks TO lotse_app;

INSERT INTO data_map_tables VALUES ('tasks', 'case_id = $1'), ('reminder_runs', NULL);
INSERT INTO data_map VALUES
  ('tasks', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('tasks', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('tasks', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('tasks', 'kind', 'case', 'structured', 'keep', NULL, 'tasks', true),
  ('tasks', 'category', 'none', 'none', 'keep', NULL, NULL, true),
  ('tasks', 'source_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('tasks', 'title', 'plan', 'free_text', 'erase', NULL, 'tasks', false),
  ('tasks', 'description', 'plan', 'free_text', 'erase', NULL, 'tasks', false),
  -- a permit's reminder is due the day the permit ends (a residence quasi-identifier)
  ('tasks', 'due_on', 'residence', 'quasi_identifier', 'erase', NULL, 'tasks', true),
  ('tasks', 'assigned_agency_id', 'none', 'none', 'keep', NULL, 'tasks', true),
  ('tasks', 'assignee', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('tasks', 'status', 'case', 'structured', 'keep', NULL, 'tasks', true),
  ('tasks', 'closed_at', 'none', 'none', 'keep', NULL, 'tasks', true),
  ('tasks', 'announced', 'none', 'none', 'keep', NULL, NULL, false),
  ('tasks', 'created_by_agency', 'none', 'none', 'keep', NULL, NULL, true),
  ('tasks', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('tasks', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('tasks', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('tasks', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('reminder_runs', 'network_id', 'none', 'none', 'keep', NULL, NULL, false),
  ('reminder_runs', 'last_run_at', 'none', 'none', 'keep', NULL, NULL, false);

-- One run of a network's reminders, for lotse maintenance and every
-- instance's timer: skipped (NULL) when another run holds the network or
-- one ran less than p_min_gap ago.  Adds the reminders whose cause holds
-- (each with task.created), closes those whose cause is gone (reminders
-- only; with task.updated), and announces the open tasks of every kind
-- that fell due (task.due) or are overdue (task.overdue), each once.
-- Runs as the owner; the events name no agency (actor "reminders").
CREATE FUNCTION lotse_generate_reminders(p_network uuid, p_days integer, p_min_gap interval)
  RETURNS TABLE (created integer, closed integer, announced integer)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_today date := lotse_day(now());
  v_net text := current_setting('lotse.network_id', true);
  v_whole text := current_setting('lotse.whole_case', true);
BEGIN
  INSERT INTO reminder_runs (network_id) VALUES (p_network) ON CONFLICT DO NOTHING;
  PERFORM 1 FROM reminder_runs r WHERE r.network_id = p_network
     AND (r.last_run_at IS NULL OR r.last_run_at <= now() - p_min_gap) FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  UPDATE reminder_runs SET last_run_at = now() WHERE network_id = p_network;
  -- the owner reads and writes the network's rows through the whole_case policies (0016)
  PERFORM set_config('lotse.network_id', p_network::text, true);
  PERFORM set_config('lotse.whole_case', 'reminders', true);

  WITH due AS (
    SELECT c.id AS case_id, 'consent_expiring' AS kind, NULL::text AS category, k.id AS source_id,
           lotse_day(k.valid_until) AS due_on, c.lead_agency_id AS agency
      FROM consents k JOIN cases c ON c.id = k.case_id
     WHERE k.network_id = p_network AND k.revoked_at IS NULL AND k.valid_until > now()
       AND k.valid_until < now() + make_interval(days => p_days)
       AND c.anonymized_at IS NULL AND c.status <> 'closed'
    UNION
    SELECT c.id, 'residence_expiring', 'residence', c.id, c.residence_expires_on, a.agency
      FROM cases c
      CROSS JOIN LATERAL (SELECT c.lead_agency_id AS agency
                          UNION SELECT k.recipient_agency_id FROM consents k
                           WHERE k.case_id = c.id AND k.recipient_agency_id IS NOT NULL
                             AND 'residence' = ANY (k.categories)
                             AND lotse_consent_in_force(k, k.recipient_agency_id)) a
     WHERE c.network_id = p_network AND c.anonymized_at IS NULL AND c.status <> 'closed'
       AND c.residence_expires_on BETWEEN v_today - p_days AND v_today + p_days
    UNION
    SELECT f.case_id, 'referral_overdue', 'plan', f.id, lotse_day(f.response_due_at), f.to_agency_id
      FROM referrals f JOIN cases c ON c.id = f.case_id
     WHERE f.network_id = p_network AND f.status = 'requested' AND NOT f.awaiting_consent
       AND f.response_due_at < now() AND c.anonymized_at IS NULL
    UNION
    SELECT d.case_id, 'decision_due', 'plan', d.id, d.due_on, d.responsible_agency_id
      FROM conference_decisions d JOIN cases c ON c.id = d.case_id
     WHERE d.network_id = p_network AND d.status = 'open' AND d.due_on IS NOT NULL
       AND d.due_on <= v_today + p_days AND c.anonymized_at IS NULL AND c.status <> 'closed'
  ), added AS (
    INSERT INTO tasks (network_id, case_id, kind, category, source_id, due_on, assigned_agency_id, created_by)
    SELECT p_network, d.case_id, d.kind, d.category, d.source_id, d.due_on, d.agency, 'reminders' FROM due d
    ON CONFLICT (kind, source_id, assigned_agency_id, due_on) WHERE source_id IS NOT NULL DO NOTHING
    RETURNING id, case_id
  ), ev AS (
    INSERT INTO events (network_id, type, resource_type, resource_id, actor_sub, request_id, case_id)
    SELECT p_network, 'task.created', 'task', a.id::text, 'reminders', 'reminders', a.case_id FROM added a
    RETURNING 1
  )
  SELECT count(*) INTO created FROM ev;

  -- reminders whose cause is gone: revoked or renewed consents, a permit with another date or no
  -- longer seen, answered referrals, decisions no longer open, closed or anonymized cases
  WITH gone AS (
    UPDATE tasks t SET status = 'done', closed_at = now(), version = t.version + 1, updated_at = now()
     WHERE t.network_id = p_network AND t.status = 'open' AND t.kind <> 'follow_up'
       AND (EXISTS (SELECT 1 FROM cases c WHERE c.id = t.case_id
                      AND (c.status = 'closed' OR c.anonymized_at IS NOT NULL))
            OR (t.kind = 'consent_expiring' AND NOT EXISTS (
                  SELECT 1 FROM consents k WHERE k.id = t.source_id AND k.revoked_at IS NULL
                     AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.case_id = k.case_id AND n.id <> k.id
                                       AND n.revoked_at IS NULL AND n.valid_from <= now()
                                       AND n.recipient_agency_id IS NOT DISTINCT FROM k.recipient_agency_id
                                       AND n.whole_network = k.whole_network
                                       AND n.categories @> k.categories
                                       AND (n.valid_until IS NULL OR n.valid_until > k.valid_until))))
            OR (t.kind = 'residence_expiring' AND NOT EXISTS (
                  SELECT 1 FROM cases c WHERE c.id = t.case_id AND c.residence_expires_on = t.due_on
                     AND (c.lead_agency_id = t.assigned_agency_id OR EXISTS (
                          SELECT 1 FROM consents k WHERE k.case_id = c.id AND 'residence' = ANY (k.categories)
                             AND lotse_consent_in_force(k, t.assigned_agency_id)))))
            OR (t.kind = 'referral_overdue' AND NOT EXISTS (
                  SELECT 1 FROM referrals f WHERE f.id = t.source_id AND f.status = 'requested'))
            OR (t.kind = 'decision_due' AND NOT EXISTS (
                  SELECT 1 FROM conference_decisions d WHERE d.id = t.source_id AND d.status = 'open')))
    RETURNING t.id, t.case_id
  ), ev AS (
    INSERT INTO events (network_id, type, resource_type, resource_id, actor_sub, request_id, case_id)
    SELECT p_network, 'task.updated', 'task', g.id::text, 'reminders', 'reminders', g.case_id FROM gone g
    RETURNING 1
  )
  SELECT count(*) INTO closed FROM ev;

  -- due today or earlier: announced once as due, once more when overdue
  WITH told AS (
    UPDATE tasks t SET announced = CASE WHEN t.due_on < v_today THEN 'overdue' ELSE 'due' END
     WHERE t.network_id = p_network AND t.status = 'open' AND t.due_on <= v_today
       AND t.announced <> 'overdue' AND (t.announced = 'none' OR t.due_on < v_today)
    RETURNING t.id, t.case_id, t.announced
  ), ev AS (
    INSERT INTO events (network_id, type, resource_type, resource_id, actor_sub, request_id, case_id)
    SELECT p_network, 'task.' || w.announced, 'task', w.id::text, 'reminders', 'reminders', w.case_id
      FROM told w
    RETURNING 1
  )
  SELECT count(*) INTO announced FROM ev;

  PERFORM set_config('lotse.whole_case', coalesce(v_whole, ''), true);
  PERFORM set_config('lotse.network_id', coalesce(v_net, ''), true);
  RETURN NEXT;
END $$;
REVOKE ALL ON FUNCTION lotse_generate_reminders(uuid, integer, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse_generate_reminders(uuid, integer, interval) TO lotse_app;

-- Anonymizing a case ends its tasks: their texts are erased by the map; the open ones are cancelled.
CREATE FUNCTION lotse_anonymized_tasks() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_whole text := current_setting('lotse.whole_case', true);
BEGIN
  PERFORM set_config('lotse.whole_case', NEW.id::text, true);
  UPDATE tasks SET status = 'cancelled', closed_at = now(), assignee = NULL, version = version + 1,
                   updated_at = now()
   WHERE case_id = NEW.id AND status = 'open';
  PERFORM set_config('lotse.whole_case', coalesce(v_whole, ''), true);
  RETURN NULL;
END $$;
CREATE TRIGGER cases_anonymized_tasks AFTER UPDATE OF anonymized_at ON cases
  FOR EACH ROW WHEN (OLD.anonymized_at IS NULL AND NEW.anonymized_at IS NOT NULL)
  EXECUTE FUNCTION lotse_anonymized_tasks();

-- The Art. 15 export lists the case's tasks, also those of other agencies the lead does not see.
CREATE OR REPLACE FUNCTION lotse_case_export_more(p_case uuid) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v jsonb;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = p_case AND c.network_id = lotse_network()
                    AND c.lead_agency_id = lotse_agency()) THEN
    RAISE EXCEPTION 'only the lead agency exports a case' USING ERRCODE = '42501';
  END IF;
  PERFORM set_config('lotse.whole_case', p_case::text, true);
  SELECT jsonb_build_object(
    'referrals', coalesce((SELECT jsonb_agg(to_jsonb(x) - 'network_id' - 'record_key' - 'awaiting_consent' ORDER BY x.requested_at)
                             FROM referrals x WHERE x.case_id = p_case), '[]'),
    'conferences', coalesce((SELECT jsonb_agg(to_jsonb(c) - 'network_id' || jsonb_build_object(
        'participants', coalesce((SELECT jsonb_agg(to_jsonb(p) - 'network_id' - 'conference_id'
                                   ORDER BY p.agency_id) FROM conference_participants p
                                   WHERE p.conference_id = c.id), '[]'),
        'decisions', coalesce((SELECT jsonb_agg(to_jsonb(d) - 'network_id' - 'conference_id' - 'record_key'
                                ORDER BY d.created_at) FROM conference_decisions d
                                WHERE d.conference_id = c.id), '[]'),
        'corrections', coalesce((SELECT jsonb_agg(to_jsonb(k) - 'network_id' - 'conference_id'
                                  ORDER BY k.id) FROM conference_corrections k
                                  WHERE k.conference_id = c.id), '[]'))
      ORDER BY c.starts_at) FROM conferences c WHERE c.case_id = p_case), '[]'),
    'tasks', coalesce((SELECT jsonb_agg(jsonb_build_object('id', t.id, 'kind', t.kind, 'title', t.title,
        'description', t.description, 'due_on', t.due_on, 'status', t.status,
        'assigned_agency_id', t.assigned_agency_id, 'agency_name', lotse_agency_name(t.assigned_agency_id),
        'created_at', lotse_ts(t.created_at), 'closed_at', lotse_ts(t.closed_at)) ORDER BY t.created_at)
      FROM tasks t WHERE t.case_id = p_case), '[]'))
    INTO v;
  PERFORM set_config('lotse.whole_case', '', true);
  RETURN v;
END
$$;
