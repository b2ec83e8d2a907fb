-- Person links (issue 22, item 2): two cases of one network recognised as
-- the same person, or marked as different people, by an agency that sees
-- both with the identity category.  Linked, never merged: each case keeps
-- its lead, consents and history; a link can be removed.  A link is
-- visible only to an agency that sees both of its cases with identity
-- now: one that sees only one of them never learns that the other exists.
CREATE TABLE person_links (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id  uuid NOT NULL REFERENCES networks (id),
  case_id     uuid NOT NULL,        -- the smaller of the two ids
  other_id    uuid NOT NULL,
  verdict     text NOT NULL CHECK (verdict IN ('same_person', 'different_people')),
  agency_id   uuid NOT NULL,        -- the agency that decided
  decided_by  text NOT NULL,
  removed_at  timestamptz,
  removed_by  text,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, case_id) REFERENCES cases (network_id, id),
  FOREIGN KEY (network_id, other_id) REFERENCES cases (network_id, id),
  FOREIGN KEY (network_id, agency_id) REFERENCES agencies (network_id, id),
  CHECK (case_id < other_id)
);
-- one standing decision per pair
CREATE UNIQUE INDEX person_links_pair ON person_links (case_id, other_id) WHERE removed_at IS NULL;
CREATE INDEX person_links_other ON person_links (other_id);

ALTER TABLE person_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE person_links FORCE ROW LEVEL SECURITY;
CREATE POLICY person_links_both_seen ON person_links
  USING (network_id = lotse_network() AND lotse_sees(case_id, 'identity') AND lotse_sees(other_id, 'identity'));
-- a new decision names the caller's agency; any agency that sees both may remove one
CREATE POLICY person_links_decided_here ON person_links AS RESTRICTIVE FOR INSERT
  WITH CHECK (agency_id = lotse_agency());
DO $$
BEGIN
  -- as in migration 0016: the owner's anonymization and export of a case
  EXECUTE format('CREATE POLICY whole_case ON person_links TO %I USING (network_id = lotse_network() '
                 'AND coalesce(current_setting(''lotse.whole_case'', true), '''') <> '''')', current_user);
END $$;
GRANT SELECT, INSERT, UPDATE ON person_links TO lotse_app;

INSERT INTO data_map_tables VALUES ('person_links', 'case_id = $1 OR other_id = $1');
INSERT INTO data_map VALUES
  ('person_links', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('person_links', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('person_links', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('person_links', 'other_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('person_links', 'verdict', 'identity', 'structured', 'keep', NULL, 'person_links', true),
  ('person_links', 'agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('person_links', 'decided_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('person_links', 'removed_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('person_links', 'removed_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('person_links', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('person_links', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('person_links', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true);

-- Anonymizing a case removes its links: migration 0038 (lotse_anonymized_unbinds).
