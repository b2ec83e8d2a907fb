-- 0003_cases: cases and the person, consents, potential analyses, goals,
-- journal entries, the append-only audit log and idempotency keys.
--
-- Visibility is enforced here as well as in the queries: an agency sees a
-- case when it leads it or an active consent names it (or the whole
-- network), and sub-resources only in the categories that consent covers.

-- The caller's agency, set by lotse_begin.
CREATE FUNCTION lotse_agency() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('lotse.agency_id', true), '')::uuid $$;

-- lotse_begin with the caller's agency.  For an authenticated API client
-- (p_iat given) that was revoked or has rotated its secret since, it
-- raises 28000 instead of answering false, so nothing sent after it in the
-- same pipeline runs.  The five-argument form stays for instances of the
-- previous release during a rolling upgrade.
CREATE FUNCTION lotse_begin(p_network uuid, p_scope text, p_sub text,
                            p_client text, p_iat bigint, p_agency uuid)
  RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('lotse.agency_id', coalesce(p_agency::text, ''), true);
  IF NOT lotse_begin(p_network, p_scope, p_sub, p_client, p_iat) AND p_iat IS NOT NULL THEN
    RAISE EXCEPTION 'the API client was revoked or its secret rotated'
      USING ERRCODE = 'invalid_authorization_specification';
  END IF;
  RETURN true;
END
$$;

CREATE TABLE case_counters (
  network_id uuid NOT NULL REFERENCES networks(id),
  year       integer NOT NULL,
  last_value integer NOT NULL,
  PRIMARY KEY (network_id, year)
);

CREATE TABLE cases (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id       uuid NOT NULL REFERENCES networks(id),
  reference        text NOT NULL,
  lead_agency_id   uuid NOT NULL,
  case_manager     text CHECK (length(case_manager) <= 200),
  status           text NOT NULL DEFAULT 'open'
                   CHECK (status IN ('open', 'active', 'on_hold', 'closed')),
  closure_reason   text CHECK (closure_reason IN ('goals_achieved', 'moved_away',
                     'client_withdrew', 'transferred', 'no_contact', 'other')),
  closed_at        timestamptz,
  target_group     text NOT NULL CHECK (target_group IN ('newly_arrived', 'long_term_tolerated',
                     'asylum_seeker', 'recognised_refugee', 'eu_migrant', 'family_reunification',
                     'skilled_worker', 'other')),
  fields_of_action text[] NOT NULL DEFAULT '{}' CHECK (fields_of_action <@ ARRAY['language',
                     'education', 'vocational_training', 'employment', 'recognition', 'residence',
                     'housing', 'health', 'family_youth', 'social_participation',
                     'civic_participation', 'financial_security']),
  -- category identity
  first_name       text,
  last_name        text,
  birth_date       date,
  birth_year       integer,
  gender           text CHECK (gender IN ('female', 'male', 'diverse', 'unspecified')),
  nationality      text REFERENCES countries(code),
  languages        jsonb NOT NULL DEFAULT '[]',
  phone            text,
  email            text,
  address          text,
  -- category residence
  residence_status text CHECK (residence_status IN ('asylum_seeker', 'tolerated',
                     'training_toleration', 'employment_toleration',
                     'residence_permit_humanitarian', 'residence_permit_employment',
                     'residence_permit_education', 'residence_permit_family', 'settlement_permit',
                     'eu_citizen', 'german_citizen', 'other')),
  residence_expires_on date,
  arrival_date     date,
  municipality_ags text,
  accommodation    text CHECK (accommodation IN ('private', 'shared_accommodation',
                     'reception_centre', 'homeless', 'other')),
  anonymized_at    timestamptz,
  created_by       text NOT NULL,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (network_id, reference),
  UNIQUE (network_id, id),
  FOREIGN KEY (network_id, lead_agency_id) REFERENCES agencies(network_id, id),
  FOREIGN KEY (network_id, municipality_ags) REFERENCES municipalities(network_id, ags),
  CHECK ((status = 'closed') = (closure_reason IS NOT NULL)),
  CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100)
);
CREATE INDEX cases_lead ON cases (network_id, lead_agency_id);
CREATE INDEX cases_updated ON cases (network_id, updated_at);
CREATE INDEX cases_closed ON cases (closed_at) WHERE status = 'closed' AND anonymized_at IS NULL;

CREATE TABLE consents (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id          uuid NOT NULL REFERENCES networks(id),
  case_id             uuid NOT NULL,
  recipient_agency_id uuid,
  whole_network       boolean NOT NULL DEFAULT false,
  categories          text[] NOT NULL CHECK (cardinality(categories) > 0 AND categories <@
                        ARRAY['identity', 'residence', 'potential', 'plan', 'journal']),
  purpose             text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 1000),
  legal_basis         text NOT NULL CHECK (legal_basis IN ('consent', 'sgb_ii', 'sgb_iii',
                        'sgb_viii', 'sgb_xii', 'sgb_x', 'aufenthg', 'asylblg', 'other_statutory')),
  legal_reference     text,
  form_reference      text,
  valid_from          timestamptz NOT NULL DEFAULT now(),
  valid_until         timestamptz,
  granted_by          text NOT NULL,
  revoked_at          timestamptz,
  revoked_by          text,
  revocation_reason   text,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, case_id) REFERENCES cases(network_id, id),
  FOREIGN KEY (network_id, recipient_agency_id) REFERENCES agencies(network_id, id),
  CHECK (whole_network = (recipient_agency_id IS NULL)),
  CHECK (valid_until IS NULL OR valid_until > valid_from)
);
CREATE INDEX consents_case ON consents (case_id);
CREATE INDEX consents_recipient ON consents (recipient_agency_id, case_id);

-- Categories of case p_case that agency p_agency may see now: all for the
-- lead agency, the union of its active consents otherwise, NULL for none.
-- PL/pgSQL so that its plans are cached per connection.
CREATE FUNCTION lotse_case_categories(p_case uuid, p_agency uuid) RETURNS text[]
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_lead uuid;
  v_cats text[];
BEGIN
  SELECT c.lead_agency_id INTO v_lead FROM cases c WHERE c.id = p_case;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF v_lead = p_agency THEN
    RETURN ARRAY['identity', 'residence', 'potential', 'plan', 'journal'];
  END IF;
  SELECT array_agg(DISTINCT cat ORDER BY cat) INTO v_cats
    FROM consents k, unnest(k.categories) AS cat
   WHERE k.case_id = p_case AND k.revoked_at IS NULL AND k.valid_from <= now()
     AND (k.valid_until IS NULL OR k.valid_until > now())
     AND (k.recipient_agency_id = p_agency OR k.whole_network);
  RETURN v_cats;
END
$$;

-- Does the caller's agency see case p_case in category p_category (NULL: at all)?
CREATE FUNCTION lotse_sees(p_case uuid, p_category text) RETURNS boolean
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_cats text[] := lotse_case_categories(p_case, lotse_agency());
BEGIN
  IF p_category IS NULL THEN
    RETURN v_cats IS NOT NULL;
  END IF;
  RETURN coalesce(p_category = ANY(v_cats), false);
END
$$;

CREATE TABLE potential_analyses (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id            uuid NOT NULL REFERENCES networks(id),
  case_id               uuid NOT NULL,
  agency_id             uuid NOT NULL,
  assessed_on           date NOT NULL,
  isced_level           integer CHECK (isced_level BETWEEN 0 AND 8),
  vocational_qualification boolean,
  recognition_status    text CHECK (recognition_status IN ('not_applicable', 'not_started',
                          'in_progress', 'recognised', 'partially_recognised', 'not_recognised')),
  work_experience_years integer CHECK (work_experience_years BETWEEN 0 AND 60),
  employment_status     text CHECK (employment_status IN ('employed', 'self_employed',
                          'vocational_training', 'in_school', 'language_course', 'unemployed',
                          'not_in_labour_force')),
  german_level          text CHECK (german_level IN ('none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
  household_size        integer CHECK (household_size BETWEEN 1 AND 30),
  children_count        integer CHECK (children_count BETWEEN 0 AND 20),
  childcare_needed      boolean,
  health_restrictions   boolean,
  needs                 jsonb NOT NULL DEFAULT '[]',
  notes                 text,
  created_by            text NOT NULL,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, case_id) REFERENCES cases(network_id, id),
  FOREIGN KEY (network_id, agency_id) REFERENCES agencies(network_id, id)
);
CREATE INDEX analyses_case ON potential_analyses (case_id, assessed_on);

CREATE TABLE goals (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id            uuid NOT NULL REFERENCES networks(id),
  case_id               uuid NOT NULL,
  field_of_action       text NOT NULL,
  title                 text,
  description           text,
  responsible_agency_id uuid NOT NULL,
  due_on                date,
  status                text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress',
                          'achieved', 'not_achieved', 'dropped')),
  achieved_at           timestamptz,
  created_by_agency     uuid NOT NULL,
  created_by            text NOT NULL,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, case_id) REFERENCES cases(network_id, id),
  FOREIGN KEY (network_id, responsible_agency_id) REFERENCES agencies(network_id, id)
);
CREATE INDEX goals_case ON goals (case_id);

CREATE TABLE journal_entries (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id   uuid NOT NULL REFERENCES networks(id),
  case_id      uuid NOT NULL,
  agency_id    uuid NOT NULL,
  author_sub   text NOT NULL,
  occurred_on  date NOT NULL DEFAULT current_date,
  text         text,
  corrected_at timestamptz,
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, case_id) REFERENCES cases(network_id, id),
  FOREIGN KEY (network_id, agency_id) REFERENCES agencies(network_id, id)
);
CREATE INDEX journal_case ON journal_entries (case_id, created_at);

-- Earlier texts of corrected journal entries.
CREATE TABLE journal_revisions (
  id            bigserial PRIMARY KEY,
  network_id    uuid NOT NULL REFERENCES networks(id),
  entry_id      uuid NOT NULL REFERENCES journal_entries(id),
  case_id       uuid NOT NULL,
  previous_text text,
  replaced_at   timestamptz NOT NULL DEFAULT now(),
  replaced_by   text NOT NULL
);
CREATE INDEX journal_revisions_entry ON journal_revisions (entry_id, id);

-- Who read or changed which personal data. Append-only: the service may
-- only insert and select, and a trigger refuses UPDATE, DELETE and
-- TRUNCATE for everyone.
-- No foreign keys: every insert would share-lock the network's row, which
-- serialises concurrent readers (measured: -25% throughput of case reads).
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  network_id   uuid NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  request_id   text NOT NULL,
  actor_sub    text NOT NULL,
  actor_agency uuid,
  actor_client text,
  action       text NOT NULL,
  case_id      uuid,
  case_ids     uuid[],
  categories   text[] NOT NULL DEFAULT '{}',
  outcome      text NOT NULL CHECK (outcome IN ('success', 'denied'))
);
CREATE INDEX audit_case ON audit_log (network_id, case_id, id);
CREATE INDEX audit_actor ON audit_log (network_id, actor_agency, id);
CREATE INDEX audit_case_ids ON audit_log USING gin (case_ids) WHERE case_ids IS NOT NULL;

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- First answers of POST requests, replayed for retries with the same key.
CREATE TABLE idempotency_keys (
  network_id   uuid NOT NULL,
  principal    text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  status       integer,
  location     text,
  etag         text,
  body         text,
  case_id      uuid,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (network_id, principal, key)
);
CREATE INDEX idempotency_case ON idempotency_keys (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX idempotency_age ON idempotency_keys (created_at);

-- Row-level security.
ALTER TABLE case_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_counters FORCE ROW LEVEL SECURITY;
CREATE POLICY case_counters_tenant ON case_counters
  USING (network_id = lotse_network()) WITH CHECK (network_id = lotse_network());

ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE cases FORCE ROW LEVEL SECURITY;
CREATE POLICY cases_read ON cases FOR SELECT
  USING (network_id = lotse_network()
         AND (lead_agency_id = lotse_agency()
              OR EXISTS (SELECT 1 FROM consents k
                          WHERE k.case_id = cases.id AND k.revoked_at IS NULL
                            AND k.valid_from <= now()
                            AND (k.valid_until IS NULL OR k.valid_until > now())
                            AND (k.recipient_agency_id = lotse_agency() OR k.whole_network))));
CREATE POLICY cases_insert ON cases FOR INSERT
  WITH CHECK (network_id = lotse_network() AND lead_agency_id = lotse_agency());
CREATE POLICY cases_update ON cases FOR UPDATE
  USING (network_id = lotse_network()) WITH CHECK (network_id = lotse_network());

ALTER TABLE consents ENABLE ROW LEVEL SECURITY;
ALTER TABLE consents FORCE ROW LEVEL SECURITY;
CREATE POLICY consents_tenant ON consents
  USING (network_id = lotse_network()) WITH CHECK (network_id = lotse_network());

ALTER TABLE potential_analyses ENABLE ROW LEVEL SECURITY;
ALTER TABLE potential_analyses FORCE ROW LEVEL SECURITY;
CREATE POLICY analyses_category ON potential_analyses
  USING (network_id = lotse_network() AND lotse_sees(case_id, 'potential'))
  WITH CHECK (network_id = lotse_network() AND lotse_sees(case_id, 'potential'));

ALTER TABLE goals ENABLE ROW LEVEL SECURITY;
ALTER TABLE goals FORCE ROW LEVEL SECURITY;
CREATE POLICY goals_category ON goals
  USING (network_id = lotse_network() AND lotse_sees(case_id, 'plan'))
  WITH CHECK (network_id = lotse_network() AND lotse_sees(case_id, 'plan'));

ALTER TABLE journal_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE journal_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY journal_category ON journal_entries
  USING (network_id = lotse_network() AND lotse_sees(case_id, 'journal'))
  WITH CHECK (network_id = lotse_network() AND lotse_sees(case_id, 'journal'));

ALTER TABLE journal_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE journal_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY journal_revisions_category ON journal_revisions
  USING (network_id = lotse_network() AND lotse_sees(case_id, 'journal'))
  WITH CHECK (network_id = lotse_network() AND lotse_sees(case_id, 'journal'));

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_tenant ON audit_log
  USING (network_id = lotse_network()) WITH CHECK (network_id = lotse_network());

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_own ON idempotency_keys
  USING (network_id = coalesce(lotse_network(), '00000000-0000-0000-0000-000000000000')
         AND principal = current_setting('lotse.sub', true))
  WITH CHECK (network_id = coalesce(lotse_network(), '00000000-0000-0000-0000-000000000000')
              AND principal = current_setting('lotse.sub', true));
-- Purges: a request that sets lotse.purge to a case id (anonymization) or
-- to 'expired' (maintenance) may read and delete the stored answers about
-- that case, or those older than a day, whoever sent them.
CREATE POLICY idempotency_purge_read ON idempotency_keys FOR SELECT
  USING ((network_id = lotse_network() AND case_id::text = current_setting('lotse.purge', true))
         OR (current_setting('lotse.purge', true) = 'expired'
             AND created_at < now() - interval '24 hours'));
CREATE POLICY idempotency_purge ON idempotency_keys FOR DELETE
  USING ((network_id = lotse_network() AND case_id::text = current_setting('lotse.purge', true))
         OR (current_setting('lotse.purge', true) = 'expired'
             AND created_at < now() - interval '24 hours'));

GRANT EXECUTE ON FUNCTION lotse_agency(), lotse_case_categories(uuid, uuid),
  lotse_sees(uuid, text), lotse_begin(uuid, text, text, text, bigint, uuid) TO lotse_app;
GRANT SELECT, INSERT, UPDATE ON case_counters, cases, consents, potential_analyses, goals,
  journal_entries TO lotse_app;
GRANT SELECT, INSERT ON journal_revisions, audit_log TO lotse_app;
GRANT UPDATE (previous_text) ON journal_revisions TO lotse_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO lotse_app;
GRANT USAGE ON SEQUENCE journal_revisions_id_seq, audit_log_id_seq TO lotse_app;
