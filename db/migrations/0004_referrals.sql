-- 0004_referrals: cooperation agreements between agencies, the offers
-- catalogue, and referrals of a case from one agency to another.

-- Response time for referrals when no agreement sets one.
ALTER TABLE networks ADD COLUMN referral_response_days integer NOT NULL DEFAULT 5
  CHECK (referral_response_days BETWEEN 1 AND 90);

CREATE TABLE agreements (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id         uuid NOT NULL REFERENCES networks(id),
  title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  fields_of_action   text[] NOT NULL CHECK (cardinality(fields_of_action) > 0 AND
                       fields_of_action <@ ARRAY['language', 'education', 'vocational_training',
                       'employment', 'recognition', 'residence', 'housing', 'health',
                       'family_youth', 'social_participation', 'civic_participation',
                       'financial_security']),
  data_categories    text[] NOT NULL DEFAULT '{}' CHECK (data_categories <@
                       ARRAY['identity', 'residence', 'potential', 'plan', 'journal']),
  response_days      integer NOT NULL CHECK (response_days BETWEEN 1 AND 90),
  valid_from         date NOT NULL,
  valid_until        date CHECK (valid_until IS NULL OR valid_until >= valid_from),
  text               text,
  document_url       text,
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'terminated')),
  activated_at       timestamptz,
  terminated_at      timestamptz,
  termination_reason text,
  supersedes_id      uuid REFERENCES agreements(id),
  created_by_agency  uuid,
  created_by         text NOT NULL,
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (network_id, id)
);
CREATE INDEX agreements_network ON agreements (network_id, status);

CREATE TABLE agreement_parties (
  agreement_id  uuid NOT NULL REFERENCES agreements(id),
  network_id    uuid NOT NULL,
  agency_id     uuid NOT NULL,
  contact_name  text,
  contact_email text,
  signed_at     timestamptz,
  signed_by     text,
  PRIMARY KEY (agreement_id, agency_id),
  FOREIGN KEY (network_id, agency_id) REFERENCES agencies(network_id, id)
);
CREATE INDEX agreement_parties_agency ON agreement_parties (agency_id);

-- The status as it reads today: past valid_until an active agreement is
-- expired, before valid_from it is signed but not yet in force - no job
-- has to run for either.
CREATE FUNCTION lotse_agreement_status(a agreements) RETURNS text
  LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN a.status <> 'active' THEN a.status
              WHEN a.valid_until IS NOT NULL AND a.valid_until < current_date THEN 'expired'
              WHEN a.valid_from > current_date THEN 'signed'
              ELSE 'active' END
$$;

CREATE TABLE offers (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id       uuid NOT NULL REFERENCES networks(id),
  agency_id        uuid NOT NULL,
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description      text NOT NULL DEFAULT '',
  fields_of_action text[] NOT NULL DEFAULT '{}',
  target_groups    text[] NOT NULL DEFAULT '{}',
  languages        text[] NOT NULL DEFAULT '{}',
  municipalities   text[] NOT NULL DEFAULT '{}',
  address          text,
  contact_email    text,
  contact_phone    text,
  cost             text,
  availability     text NOT NULL DEFAULT 'available'
                   CHECK (availability IN ('available', 'waitlist', 'full')),
  valid_from       date,
  valid_until      date,
  published        boolean NOT NULL DEFAULT false,
  search           tsvector GENERATED ALWAYS AS (
                     setweight(to_tsvector('german', title), 'A') ||
                     setweight(to_tsvector('german', description), 'B')) STORED,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (network_id, id),
  FOREIGN KEY (network_id, agency_id) REFERENCES agencies(network_id, id)
);
CREATE INDEX offers_search ON offers USING gin (search);

-- The search query for the catalogue: the German stems of the words, all
-- required; a long stem also matches as a prefix, because the Snowball
-- stemmer is not consistent across inflections ("Sprachkurs" stems to
-- sprachkur, "Sprachkurse" to sprachkurs).  NULL for a query of stop words.
CREATE FUNCTION lotse_offer_query(q text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_agg(CASE WHEN length(l) > 5 THEN quote_literal(left(l, -1)) || ':*'
                         ELSE quote_literal(l) END, ' & ')::tsquery
    FROM unnest(tsvector_to_array(to_tsvector('german', q))) AS l
$$;
CREATE INDEX offers_network ON offers (network_id, published);

CREATE TABLE referrals (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id      uuid NOT NULL REFERENCES networks(id),
  case_id         uuid NOT NULL,
  from_agency_id  uuid NOT NULL,
  to_agency_id    uuid NOT NULL,
  field_of_action text NOT NULL,
  reason          text,
  urgency         text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent')),
  offer_id        uuid,
  agreement_id    uuid,
  status          text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'accepted',
                    'declined', 'withdrawn', 'completed')),
  requested_at    timestamptz NOT NULL DEFAULT now(),
  response_due_at timestamptz NOT NULL,
  responded_at    timestamptz,
  decline_reason  text CHECK (decline_reason IN ('not_responsible', 'capacity',
                    'client_declined', 'other')),
  outcome         text CHECK (outcome IN ('successful', 'unsuccessful', 'no_show', 'cancelled')),
  note            text,
  closed_at       timestamptz,
  created_by      text NOT NULL,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, case_id) REFERENCES cases(network_id, id),
  FOREIGN KEY (network_id, from_agency_id) REFERENCES agencies(network_id, id),
  FOREIGN KEY (network_id, to_agency_id) REFERENCES agencies(network_id, id),
  FOREIGN KEY (network_id, offer_id) REFERENCES offers(network_id, id),
  FOREIGN KEY (network_id, agreement_id) REFERENCES agreements(network_id, id),
  CHECK (from_agency_id <> to_agency_id),
  CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
  CHECK ((status = 'completed') = (outcome IS NOT NULL))
);
CREATE INDEX referrals_to ON referrals (network_id, to_agency_id, id);
CREATE INDEX referrals_from ON referrals (network_id, from_agency_id, id);
CREATE INDEX referrals_case ON referrals (case_id);

ALTER TABLE agreements ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreements FORCE ROW LEVEL SECURITY;
CREATE POLICY agreements_tenant ON agreements
  USING (network_id = lotse_network()) WITH CHECK (network_id = lotse_network());

ALTER TABLE agreement_parties ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreement_parties FORCE ROW LEVEL SECURITY;
CREATE POLICY agreement_parties_tenant ON agreement_parties
  USING (network_id = lotse_network()) WITH CHECK (network_id = lotse_network());

-- Offers: the network's members read all of their network's offers; anyone
-- (scope 'public') reads published ones; the owning agency writes.
ALTER TABLE offers ENABLE ROW LEVEL SECURITY;
ALTER TABLE offers FORCE ROW LEVEL SECURITY;
CREATE POLICY offers_read ON offers FOR SELECT
  USING (network_id = lotse_network() OR (lotse_scope() = 'public' AND published));
CREATE POLICY offers_write ON offers FOR INSERT
  WITH CHECK (network_id = lotse_network() AND agency_id = lotse_agency());
CREATE POLICY offers_update ON offers FOR UPDATE
  USING (network_id = lotse_network() AND agency_id = lotse_agency())
  WITH CHECK (network_id = lotse_network() AND agency_id = lotse_agency());
CREATE POLICY offers_delete ON offers FOR DELETE
  USING (network_id = lotse_network() AND agency_id = lotse_agency());

-- Anyone may look a network up by its code, and read agency names, for
-- the public catalogue.
CREATE POLICY networks_public ON networks FOR SELECT USING (lotse_scope() = 'public');
CREATE POLICY agencies_public ON agencies FOR SELECT USING (lotse_scope() = 'public');

-- Referrals: only the two agencies involved see them.
ALTER TABLE referrals ENABLE ROW LEVEL SECURITY;
ALTER TABLE referrals FORCE ROW LEVEL SECURITY;
CREATE POLICY referrals_parties ON referrals
  USING (network_id = lotse_network()
         AND (from_agency_id = lotse_agency() OR to_agency_id = lotse_agency()))
  WITH CHECK (network_id = lotse_network()
              AND (from_agency_id = lotse_agency() OR to_agency_id = lotse_agency()));

GRANT EXECUTE ON FUNCTION lotse_agreement_status(agreements), lotse_offer_query(text) TO lotse_app;
GRANT SELECT, INSERT, UPDATE ON agreements, referrals TO lotse_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON agreement_parties, offers TO lotse_app;
