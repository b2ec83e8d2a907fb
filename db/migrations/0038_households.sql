-- Households (issue 22, item 3): the cases of a family grouped, each person
-- keeping their own case, lead and consents.  A member's relation is its
-- relation to the household's reference person (the case it was founded
-- with).  A member is visible only to an agency that sees its case with
-- identity now, and then only in the categories that agency sees of that
-- case; a household to the agency that founded it and to those that see a
-- member.  A case is in at most one household.  A conference may be held
-- for a household (conferences.household_id).
CREATE TABLE households (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id         uuid NOT NULL REFERENCES networks (id),
  created_by_agency  uuid NOT NULL,
  created_by         text NOT NULL,
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, created_by_agency) REFERENCES agencies (network_id, id),
  UNIQUE (network_id, id)
);
CREATE TABLE household_members (
  case_id          uuid PRIMARY KEY,
  household_id     uuid NOT NULL,
  network_id       uuid NOT NULL,
  relation         text NOT NULL CHECK (relation IN ('reference_person', 'partner', 'parent', 'child',
                                                     'sibling', 'other')),
  added_by_agency  uuid NOT NULL,
  added_at         timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, household_id) REFERENCES households (network_id, id),
  FOREIGN KEY (network_id, case_id) REFERENCES cases (network_id, id)
);
CREATE INDEX household_members_household ON household_members (household_id);
CREATE UNIQUE INDEX household_members_one_reference ON household_members (household_id)
  WHERE relation = 'reference_person';

ALTER TABLE household_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE household_members FORCE ROW LEVEL SECURITY;
CREATE POLICY household_members_seen ON household_members
  USING (network_id = lotse_network() AND lotse_sees(case_id, 'identity'))
  WITH CHECK (network_id = lotse_network() AND added_by_agency = lotse_agency()
              AND lotse_sees(case_id, 'identity'));
ALTER TABLE households ENABLE ROW LEVEL SECURITY;
ALTER TABLE households FORCE ROW LEVEL SECURITY;
CREATE POLICY households_seen ON households
  USING (network_id = lotse_network()
         AND (created_by_agency = lotse_agency()
              OR EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = households.id)))
  WITH CHECK (network_id = lotse_network());
DO $$
BEGIN
  -- as in migration 0016: the owner's anonymization and export of a case
  EXECUTE format('CREATE POLICY whole_case ON household_members TO %I USING (network_id = lotse_network() '
                 'AND coalesce(current_setting(''lotse.whole_case'', true), '''') <> '''')', current_user);
END $$;
GRANT SELECT, INSERT, UPDATE ON households TO lotse_app;
GRANT SELECT, INSERT, DELETE ON household_members TO lotse_app;

ALTER TABLE conferences ADD COLUMN household_id uuid;
ALTER TABLE conferences ADD CONSTRAINT conferences_household
  FOREIGN KEY (network_id, household_id) REFERENCES households (network_id, id);

INSERT INTO data_map_tables VALUES ('households', NULL), ('household_members', 'case_id = $1');
INSERT INTO data_map VALUES
  ('households', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('households', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('households', 'created_by_agency', 'none', 'none', 'keep', NULL, NULL, true),
  ('households', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('households', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('households', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('households', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('household_members', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('household_members', 'household_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('household_members', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('household_members', 'relation', 'identity', 'structured', 'keep', NULL, 'household', false),
  ('household_members', 'added_by_agency', 'none', 'none', 'keep', NULL, NULL, true),
  ('household_members', 'added_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'household_id', 'none', 'none', 'keep', NULL, NULL, true);

-- An anonymized case is bound to no one: a person link or a household
-- membership that ties it to cases that still name the family would tell
-- who it was.  Anonymizing deletes its person links (0037), removed ones
-- too (the other person's export would still name it), and takes it out
-- of its household.  The anonymizing lead may not see the
-- other cases, so this runs as the owner, within the anonymization.
CREATE FUNCTION lotse_anonymized_unbinds() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_whole text := current_setting('lotse.whole_case', true);
BEGIN
  PERFORM set_config('lotse.whole_case', NEW.id::text, true);
  DELETE FROM person_links WHERE case_id = NEW.id OR other_id = NEW.id;
  DELETE FROM household_members WHERE case_id = NEW.id;
  PERFORM set_config('lotse.whole_case', coalesce(v_whole, ''), true);
  RETURN NULL;
END $$;
CREATE TRIGGER cases_anonymized_unbinds AFTER UPDATE OF anonymized_at ON cases
  FOR EACH ROW WHEN (OLD.anonymized_at IS NULL AND NEW.anonymized_at IS NOT NULL)
  EXECUTE FUNCTION lotse_anonymized_unbinds();
