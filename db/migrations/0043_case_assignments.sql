-- Assigned caseworkers (issue 23, item 4).  An agency may choose that the
-- people of its staff (tokens of a trusted identity provider, without an
-- API client) see only the cases assigned to them - as a person (their
-- token's sub) or as a team (a name in their token's "teams" claim) -
-- while its system clients see every case the agency may see.  The rule is
-- in the one place every visibility check passes: the cases policy and
-- lotse_case_categories() (hence lotse_sees() and every policy built on
-- it) ask lotse_staff_sees().  The context statement sets lotse.restricted
-- once per transaction (db/db.c), so an unrestricted caller pays one
-- setting read.
ALTER TABLE agencies ADD COLUMN staff_access text NOT NULL DEFAULT 'all'
  CHECK (staff_access IN ('all', 'assigned'));

CREATE TABLE case_assignments (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id  uuid NOT NULL,
  case_id     uuid NOT NULL,
  agency_id   uuid NOT NULL,
  assignee    text CHECK (length(assignee) BETWEEN 1 AND 200),
  team        text CHECK (team ~ '^[A-Za-z0-9 ._-]{1,64}$'),
  role        text NOT NULL DEFAULT 'case_manager' CHECK (role IN ('case_manager', 'team')),
  created_by  text NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((assignee IS NULL) <> (team IS NULL)),
  CHECK ((role = 'team') = (team IS NOT NULL)),
  FOREIGN KEY (network_id, case_id) REFERENCES cases (network_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (network_id, agency_id) REFERENCES agencies (network_id, id)
);
CREATE UNIQUE INDEX case_assignments_one ON case_assignments (case_id, agency_id, coalesce(assignee, ''),
                                                              coalesce(team, ''));
CREATE INDEX case_assignments_person ON case_assignments (agency_id, assignee) WHERE assignee IS NOT NULL;
CREATE INDEX case_assignments_team ON case_assignments (agency_id, team) WHERE team IS NOT NULL;

-- The agency's own assignments, visible to its staff and systems (who works on what is the
-- agency's organisation, not the person's data).
ALTER TABLE case_assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_assignments FORCE ROW LEVEL SECURITY;
CREATE POLICY case_assignments_agency ON case_assignments
  USING (network_id = lotse_network() AND agency_id = lotse_agency())
  WITH CHECK (network_id = lotse_network() AND agency_id = lotse_agency());
DO $$
BEGIN
  EXECUTE format('CREATE POLICY whole_case ON case_assignments TO %I USING (network_id = lotse_network() '
                 'AND coalesce(current_setting(''lotse.whole_case'', true), '''') <> '''')', current_user);
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON case_assignments TO lotse_app;

-- Is case p_case assigned to the caller, in person or through a team of its token?  The case a
-- person is opening counts as assigned within its insert (lotse.new_case, set by the trigger
-- that assigns it, which the insert's RETURNING cannot see yet).
CREATE FUNCTION lotse_staff_assigned(p_case uuid) RETURNS boolean
  LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN p_case::text = coalesce(current_setting('lotse.new_case', true), '')
      OR EXISTS (SELECT 1 FROM case_assignments x WHERE x.case_id = p_case AND x.agency_id = lotse_agency()
                   AND (x.assignee = current_setting('lotse.sub', true)
                        OR x.team = ANY (string_to_array(nullif(current_setting('lotse.teams', true), ''), ','))));
END $$;

-- May the caller see case p_case as far as its agency's staff access goes: yes unless it is a
-- restricted person (lotse.restricted), then only an assigned case.  One setting read for
-- everyone else: a plain expression PostgreSQL inlines into every policy that asks it (measured:
-- the hot read's statement at 22,100 statements/s before, 8,900 when the assignment lookup was
-- in the expression itself, which PostgreSQL would not inline).
CREATE FUNCTION lotse_staff_sees(p_case uuid) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('lotse.restricted', true), '') <> 'on' OR lotse_staff_assigned(p_case)
$$;
GRANT EXECUTE ON FUNCTION lotse_staff_sees(uuid), lotse_staff_assigned(uuid) TO lotse_app;

-- The policies that let an agency see a case's objects through a consent ask the rule too (those
-- through the lead read cases, under the policy below): referrals and conferences.  (Not inside
-- lotse_consent_in_force: a second use of its agency argument would stop PostgreSQL inlining
-- it, and the hot read's consent probe ran at a third of its speed.)
ALTER POLICY referrals_visible ON referrals
  USING (network_id = lotse_network() AND (
    EXISTS (SELECT 1 FROM cases c WHERE c.id = referrals.case_id AND c.lead_agency_id = lotse_agency() OFFSET 0)
    OR ((from_agency_id = lotse_agency() OR (to_agency_id = lotse_agency() AND NOT awaiting_consent))
        AND EXISTS (SELECT 1 FROM consents k WHERE k.case_id = referrals.case_id
                      AND lotse_consent_in_force(k, lotse_agency()) AND 'plan' = ANY (k.categories) OFFSET 0)
        AND lotse_staff_sees(referrals.case_id))))
  WITH CHECK (network_id = lotse_network() AND (
    EXISTS (SELECT 1 FROM cases c WHERE c.id = referrals.case_id AND c.lead_agency_id = lotse_agency() OFFSET 0)
    OR ((from_agency_id = lotse_agency() OR to_agency_id = lotse_agency())
        AND EXISTS (SELECT 1 FROM consents k WHERE k.case_id = referrals.case_id
                      AND lotse_consent_in_force(k, lotse_agency()) AND 'plan' = ANY (k.categories) OFFSET 0)
        AND lotse_staff_sees(referrals.case_id))));

ALTER POLICY conferences_taking_part ON conferences
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) IS DISTINCT FROM 'on'
    AND (organiser_agency_id = lotse_agency()
         OR EXISTS (SELECT 1 FROM conference_participants p WHERE p.conference_id = conferences.id
                      AND p.agency_id = lotse_agency() OFFSET 0))
    AND (EXISTS (SELECT 1 FROM cases c WHERE c.id = conferences.case_id AND c.lead_agency_id = lotse_agency() OFFSET 0)
         OR EXISTS (SELECT 1 FROM consents k WHERE k.case_id = conferences.case_id
                      AND lotse_consent_in_force(k, lotse_agency()) OFFSET 0))
    AND lotse_staff_sees(conferences.case_id))
  WITH CHECK (network_id = lotse_network());

-- A handover offered to the agency is not assigned to anyone yet: a restricted person does not
-- see it (the agency's systems and unrestricted staff do); the source side reads cases.
CREATE OR REPLACE FUNCTION lotse_handover_side(h handovers) RETURNS text
  LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN h.network_id = lotse_network()
         AND EXISTS (SELECT 1 FROM cases c WHERE c.id = h.case_id AND c.lead_agency_id = lotse_agency())
      THEN 'source'
    WHEN h.target_network_id = lotse_network() AND lotse_agency() IS NOT NULL
         AND (h.target_agency_id IS NULL OR h.target_agency_id = lotse_agency())
         AND (h.status <> 'pending' OR h.consent_until IS NULL OR h.consent_until > now())
         AND coalesce(current_setting('lotse.restricted', true), '') <> 'on'
      THEN 'target' END
$$;

ALTER POLICY cases_read ON cases
  USING (network_id = lotse_network()
         AND current_setting('lotse.statistics', true) IS DISTINCT FROM 'on'
         AND (lead_agency_id = lotse_agency()
              OR EXISTS (SELECT 1 FROM consents k WHERE k.case_id = cases.id
                           AND lotse_consent_in_force(k, lotse_agency()) OFFSET 0))
         AND lotse_staff_sees(cases.id));

CREATE OR REPLACE FUNCTION lotse_case_categories(p_case uuid, p_agency uuid) RETURNS text[]
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_lead uuid;
  v_cats text[];
BEGIN
  -- a restricted person sees nothing of a case not assigned to it
  IF p_agency = lotse_agency() AND NOT lotse_staff_sees(p_case) THEN
    RETURN NULL;
  END IF;
  SELECT c.lead_agency_id INTO v_lead FROM cases c WHERE c.id = p_case;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF v_lead = p_agency THEN
    RETURN ARRAY['identity', 'residence', 'potential', 'plan', 'journal'];
  END IF;
  SELECT array_agg(DISTINCT cat ORDER BY cat) INTO v_cats
    FROM consents k, unnest(k.categories) AS cat
   WHERE k.case_id = p_case AND lotse_consent_in_force(k, p_agency);
  RETURN v_cats;
END
$$;

-- A person who opens a case is its case manager (else, restricted, it would lose the case it
-- just made).  Before the insert, so that the case's own RETURNING already sees it.
CREATE FUNCTION lotse_case_creator_assigned() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('lotse.person', true), '') = 'on' THEN
    PERFORM set_config('lotse.new_case', NEW.id::text, true);
    INSERT INTO case_assignments (network_id, case_id, agency_id, assignee, role, created_by)
    VALUES (NEW.network_id, NEW.id, NEW.lead_agency_id, current_setting('lotse.sub', true), 'case_manager',
            current_setting('lotse.sub', true));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER cases_creator_assigned BEFORE INSERT ON cases
  FOR EACH ROW EXECUTE FUNCTION lotse_case_creator_assigned();

-- Anonymizing a case ends who worked it (a case manager's name on the case is erased too).
CREATE FUNCTION lotse_anonymized_assignments() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_whole text := current_setting('lotse.whole_case', true);
BEGIN
  PERFORM set_config('lotse.whole_case', NEW.id::text, true);
  DELETE FROM case_assignments WHERE case_id = NEW.id;
  PERFORM set_config('lotse.whole_case', coalesce(v_whole, ''), true);
  RETURN NULL;
END $$;
CREATE TRIGGER cases_anonymized_assignments AFTER UPDATE OF anonymized_at ON cases
  FOR EACH ROW WHEN (OLD.anonymized_at IS NULL AND NEW.anonymized_at IS NOT NULL)
  EXECUTE FUNCTION lotse_anonymized_assignments();

INSERT INTO data_map_tables VALUES ('case_assignments', 'case_id = $1');
INSERT INTO data_map VALUES
  ('agencies', 'staff_access', 'none', 'none', 'keep', NULL, NULL, true),
  ('case_assignments', 'id', 'none', 'none', 'keep', NULL, NULL, false),
  ('case_assignments', 'network_id', 'none', 'none', 'keep', NULL, NULL, false),
  ('case_assignments', 'case_id', 'none', 'none', 'keep', NULL, NULL, false),
  ('case_assignments', 'agency_id', 'none', 'none', 'keep', NULL, NULL, false),
  ('case_assignments', 'assignee', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('case_assignments', 'team', 'none', 'none', 'keep', NULL, NULL, false),
  ('case_assignments', 'role', 'none', 'none', 'keep', NULL, NULL, false),
  ('case_assignments', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('case_assignments', 'version', 'none', 'none', 'keep', NULL, NULL, false),
  ('case_assignments', 'created_at', 'none', 'none', 'keep', NULL, NULL, false);

-- The person search reads the agency's cases through its own indexes as the owner (migration
-- 0033); it asks the same rule for a restricted person.
CREATE OR REPLACE FUNCTION lotse_person_search(p_name text, p_birth_date date, p_birth_year integer, p_nationality text, p_after integer, p_limit integer) RETURNS TABLE(case_id uuid, key text, json text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    SET jit TO 'off'
    AS $$
DECLARE
  v_key text := lotse_name_key(p_name, NULL);
  v_codes text[] := lotse_name_codes(p_name, NULL);
  v_trgm integer[] := lotse_name_trgm(v_key);
  v_limit float8 := coalesce(current_setting('pg_trgm.similarity_threshold', true)::float8, 0.3);
  v_year integer := coalesce(p_birth_year, extract(year FROM p_birth_date)::integer);
  v_agency uuid := lotse_agency();
  v_network uuid := lotse_network();
  v_bitmap text := current_setting('enable_bitmapscan');
  v_seq text := current_setting('enable_seqscan');
BEGIN
  IF cardinality(v_codes) = 0 OR v_network IS NULL OR v_agency IS NULL THEN
    RETURN;
  END IF;
  PERFORM set_config('lotse.whole_case', 'person_search', true);
  PERFORM set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true);
  RETURN QUERY
  WITH seen AS (
    -- the cases it leads (of that year) whose names match
    SELECT c0.id FROM cases c0
    WHERE c0.lead_agency_id = v_agency
      AND (v_year IS NULL OR lotse_born_in(c0.birth_date, c0.birth_year) = v_year)
      AND (p_birth_date IS NULL OR c0.birth_date = p_birth_date)
      AND (lotse_trgm_similar(c0.name_trgm, v_trgm, v_limit) OR arraycontains(c0.name_codes, v_codes))
    UNION
    -- the cases (of that year) consents in force name it in, or the whole network, with identity,
    -- whose names match
    SELECT n.id FROM (
      SELECT k.case_id FROM consents k
      WHERE k.recipient_agency_id = v_agency AND (v_year IS NULL OR k.case_born_in = v_year)
        AND 'identity' = ANY (k.categories) AND lotse_consent_in_force(k, v_agency)
      UNION
      SELECT k.case_id FROM consents k
      WHERE k.network_id = v_network AND k.whole_network AND (v_year IS NULL OR k.case_born_in = v_year)
        AND 'identity' = ANY (k.categories) AND lotse_consent_in_force(k, v_agency)) k
    JOIN cases n ON n.id = k.case_id
    WHERE (v_year IS NULL OR lotse_born_in(n.birth_date, n.birth_year) = v_year)
      AND (lotse_trgm_similar(n.name_trgm, v_trgm, v_limit) OR arraycontains(n.name_codes, v_codes))),
  cand AS (
    SELECT c.*, 0.6 * similarity(c.name_key, v_key)
             + 0.4 * (SELECT count(*) FROM unnest(v_codes) x WHERE x = ANY (c.name_codes))::numeric
                   / cardinality(v_codes) AS score
    FROM seen s, LATERAL (SELECT c.id, c.reference, c.first_name, c.last_name, c.birth_date, c.birth_year,
                                 c.nationality, c.status, c.name_key, c.name_codes, c.name_trgm,
                                 c.network_id, c.anonymized_at
                          FROM cases c WHERE c.id = s.id OFFSET 0) c
    WHERE (v_year IS NULL OR lotse_born_in(c.birth_date, c.birth_year) = v_year)
      AND (lotse_trgm_similar(c.name_trgm, v_trgm, v_limit) OR arraycontains(c.name_codes, v_codes))
      AND (p_birth_date IS NULL OR c.birth_date = p_birth_date)
      AND (p_nationality IS NULL OR c.nationality = p_nationality)
      AND c.network_id = v_network AND c.anonymized_at IS NULL
      -- a restricted person of the agency: only the cases assigned to it
      AND lotse_staff_sees(c.id)),
  ranked AS (
    SELECT s.*, row_number() OVER (ORDER BY s.score DESC, s.reference, s.id) AS rank FROM cand s
    ORDER BY s.score DESC, s.reference, s.id LIMIT 100)
  SELECT r.id, r.rank::text,
         json_build_object('case_id', r.id, 'reference', r.reference, 'first_name', r.first_name,
                           'last_name', r.last_name, 'birth_date', r.birth_date,
                           'birth_year', lotse_born_in(r.birth_date, r.birth_year),
                           'nationality', r.nationality, 'status', r.status,
                           'score', round(r.score::numeric, 3))::text
  FROM ranked r WHERE r.rank > coalesce(p_after, 0) ORDER BY r.rank LIMIT p_limit;
  PERFORM set_config('enable_bitmapscan', v_bitmap, true), set_config('enable_seqscan', v_seq, true);
  PERFORM set_config('lotse.whole_case', '', true);
END $$;
