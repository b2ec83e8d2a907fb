-- 0009_barriers_gaps: structural barriers reported on cases, decline codes
-- that count as barriers, and the steering group's gap register.

-- The barrier vocabulary: built-in codes (network_id NULL) and the codes a
-- network's coordinator adds for its own network.
CREATE TABLE barrier_codes (
  network_id uuid REFERENCES networks (id),
  code       text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,47}$'),
  label_de   text NOT NULL CHECK (length(label_de) BETWEEN 1 AND 200),
  label_en   text NOT NULL CHECK (length(label_en) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (network_id, code)
);
INSERT INTO barrier_codes (network_id, code, label_de, label_en) VALUES
  (NULL, 'waiting_list', 'Warteliste, keine freien Plätze', 'Waiting list, no capacity'),
  (NULL, 'no_childcare', 'Keine Kinderbetreuung', 'No childcare'),
  (NULL, 'recognition_backlog', 'Rückstau bei der Anerkennung', 'Recognition backlog'),
  (NULL, 'no_responsible_agency', 'Keine Stelle fühlt sich zuständig', 'No agency responsible'),
  (NULL, 'language_course_unavailable', 'Kein passender Sprachkurs', 'No suitable language course'),
  (NULL, 'housing_shortage', 'Wohnungsmangel', 'Housing shortage'),
  (NULL, 'transport', 'Erreichbarkeit, Mobilität', 'Transport, reachability'),
  (NULL, 'documents_missing', 'Fehlende Dokumente', 'Documents missing'),
  (NULL, 'legal_restriction', 'Rechtliche Einschränkung', 'Legal restriction'),
  (NULL, 'digital_access', 'Kein digitaler Zugang', 'No digital access'),
  (NULL, 'other', 'Sonstiges', 'Other');

-- Does code name a barrier code of the context's network (or a built-in one)?
CREATE FUNCTION lotse_barrier_code(p_code text) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM barrier_codes
                 WHERE code = p_code AND (network_id IS NULL OR network_id = lotse_network())) $$;

-- Decline reasons gain eligibility; not_responsible may name the agency
-- that is (as the XÖV "Nichtzuständigkeitsmeldung" does).
ALTER TABLE referrals DROP CONSTRAINT referrals_decline_reason_check;
ALTER TABLE referrals ADD CONSTRAINT referrals_decline_reason_check
  CHECK (decline_reason IN ('not_responsible', 'capacity', 'eligibility', 'client_declined', 'other'));
ALTER TABLE referrals ADD COLUMN suggested_agency_id uuid;
ALTER TABLE referrals ADD CONSTRAINT referrals_suggested_agency
  FOREIGN KEY (network_id, suggested_agency_id) REFERENCES agencies (network_id, id);
ALTER TABLE referrals ADD CONSTRAINT referrals_suggested_only_not_responsible
  CHECK (suggested_agency_id IS NULL OR decline_reason = 'not_responsible');
ALTER TABLE referrals ADD CONSTRAINT referrals_network_id_key UNIQUE (network_id, id);

-- A barrier met in a case: reported by an agency that sees the case, or
-- recorded with a decline for not_responsible or capacity.  The free text
-- is shown only to agencies whose consent covers the journal and is
-- removed by anonymization; everything else is coded.
CREATE TABLE barriers (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id          uuid NOT NULL REFERENCES networks (id),
  case_id             uuid NOT NULL,
  referral_id         uuid,
  code                text NOT NULL,
  field_of_action     text NOT NULL CHECK (field_of_action IN ('language', 'education',
                        'vocational_training', 'employment', 'recognition', 'residence', 'housing',
                        'health', 'family_youth', 'social_participation', 'civic_participation',
                        'financial_security')),
  concerned_agency_id uuid,
  offer_id            uuid,
  municipality_ags    text,
  text                text CHECK (length(text) BETWEEN 1 AND 5000),
  source              text NOT NULL CHECK (source IN ('report', 'referral_decline')),
  reported_by_agency  uuid NOT NULL,
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, case_id) REFERENCES cases (network_id, id),
  FOREIGN KEY (network_id, referral_id) REFERENCES referrals (network_id, id),
  FOREIGN KEY (network_id, concerned_agency_id) REFERENCES agencies (network_id, id),
  FOREIGN KEY (network_id, offer_id) REFERENCES offers (network_id, id),
  FOREIGN KEY (network_id, reported_by_agency) REFERENCES agencies (network_id, id),
  FOREIGN KEY (network_id, municipality_ags) REFERENCES municipalities (network_id, ags)
);
CREATE INDEX barriers_case ON barriers (case_id, created_at);
CREATE INDEX barriers_register ON barriers (network_id, created_at);

-- A gap the steering group follows up: opened from barrier codes, assigned
-- to an agency or a working group, open -> in_progress -> resolved |
-- accepted_as_is.  Steering records: no personal data belongs here.
CREATE TABLE gaps (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id         uuid NOT NULL REFERENCES networks (id),
  title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description        text CHECK (length(description) BETWEEN 1 AND 5000),
  barrier_codes      text[] NOT NULL CHECK (cardinality(barrier_codes) BETWEEN 1 AND 20),
  field_of_action    text,
  municipality_ags   text,
  assigned_agency_id uuid,
  assigned_group     text CHECK (length(assigned_group) BETWEEN 1 AND 200),
  status             text NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'in_progress', 'resolved', 'accepted_as_is')),
  closing_note       text CHECK (length(closing_note) BETWEEN 1 AND 5000),
  closed_at          timestamptz,
  created_by         text NOT NULL,
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (network_id, id),
  FOREIGN KEY (network_id, assigned_agency_id) REFERENCES agencies (network_id, id),
  FOREIGN KEY (network_id, municipality_ags) REFERENCES municipalities (network_id, ags)
);
CREATE INDEX gaps_network ON gaps (network_id, status, id);

-- Measures taken and decisions made on a gap, dated.
CREATE TABLE gap_measures (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id uuid NOT NULL,
  gap_id     uuid NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('measure', 'decision')),
  text       text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
  taken_on   date NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, gap_id) REFERENCES gaps (network_id, id)
);
CREATE INDEX gap_measures_gap ON gap_measures (gap_id, taken_on, id);

ALTER TABLE barrier_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE barrier_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY barrier_codes_read ON barrier_codes FOR SELECT
  USING (network_id IS NULL OR network_id = lotse_network());
CREATE POLICY barrier_codes_insert ON barrier_codes FOR INSERT
  WITH CHECK (network_id = lotse_network());

-- a barrier is seen with its case; counted in the statistics context; the
-- receiver of a referral records the barrier of its own decline
ALTER TABLE barriers ENABLE ROW LEVEL SECURITY;
ALTER TABLE barriers FORCE ROW LEVEL SECURITY;
CREATE POLICY barriers_read ON barriers FOR SELECT
  USING (network_id = lotse_network() AND (current_setting('lotse.statistics', true) = 'on'
         OR lotse_sees(case_id, NULL)));
CREATE POLICY barriers_insert ON barriers FOR INSERT
  WITH CHECK (network_id = lotse_network() AND reported_by_agency = lotse_agency()
              AND (lotse_sees(case_id, NULL)
                   OR (source = 'referral_decline' AND EXISTS (SELECT 1 FROM referrals x
                         WHERE x.id = referral_id AND x.to_agency_id = lotse_agency()))));
CREATE POLICY barriers_update ON barriers FOR UPDATE
  USING (network_id = lotse_network() AND lotse_sees(case_id, NULL))
  WITH CHECK (network_id = lotse_network());

ALTER TABLE gaps ENABLE ROW LEVEL SECURITY;
ALTER TABLE gaps FORCE ROW LEVEL SECURITY;
CREATE POLICY gaps_tenant ON gaps
  USING (network_id = lotse_network()) WITH CHECK (network_id = lotse_network());
ALTER TABLE gap_measures ENABLE ROW LEVEL SECURITY;
ALTER TABLE gap_measures FORCE ROW LEVEL SECURITY;
CREATE POLICY gap_measures_tenant ON gap_measures
  USING (network_id = lotse_network()) WITH CHECK (network_id = lotse_network());

GRANT EXECUTE ON FUNCTION lotse_barrier_code(text) TO lotse_app;
GRANT SELECT, INSERT ON barrier_codes, barriers, gaps, gap_measures TO lotse_app;
GRANT UPDATE (text) ON barriers TO lotse_app;
GRANT UPDATE ON gaps TO lotse_app;
