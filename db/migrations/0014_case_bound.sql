-- Case-bound means case-bound (issue 18).
--
-- One consent rule: lotse_consent_in_force() says whether consent k lets
-- agency p_agency see its case now.  It is plain SQL, so the planner
-- inlines it into every policy and statement that uses it (the rule was
-- written out in four places before: two SQL macros in db/, the cases_read
-- policy and lotse_case_categories()).
CREATE FUNCTION lotse_consent_in_force(k consents, p_agency uuid) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT k.revoked_at IS NULL AND k.valid_from <= now()
     AND (k.valid_until IS NULL OR k.valid_until > now())
     AND (k.recipient_agency_id = p_agency OR k.whole_network)
$$;

-- Does agency p_agency see case p_case now: it leads the case, or a
-- consent in force names it (or the whole network)?  The caller must see
-- the case row when p_agency leads it (row-level security of cases).
CREATE FUNCTION lotse_agency_sees_case(p_case uuid, p_agency uuid) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM cases c WHERE c.id = p_case AND c.lead_agency_id = p_agency)
      OR EXISTS (SELECT 1 FROM consents k WHERE k.case_id = p_case
                    AND lotse_consent_in_force(k, p_agency) OFFSET 0)
$$;

ALTER POLICY cases_read ON cases
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) IS DISTINCT FROM 'on'
         AND (lead_agency_id = lotse_agency()
              OR EXISTS (SELECT 1 FROM consents k
                         WHERE k.case_id = cases.id AND lotse_consent_in_force(k, lotse_agency())
                         OFFSET 0)));

CREATE OR REPLACE FUNCTION lotse_case_categories(p_case uuid, p_agency uuid) RETURNS text[]
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
   WHERE k.case_id = p_case AND lotse_consent_in_force(k, p_agency);
  RETURN v_cats;
END
$$;

-- Referrals: the two agencies involved see them only while each sees the
-- case; the case's lead agency sees every referral of its case (the
-- statements of db/referrals.c still show only a party its own; the lead
-- needs the rows to withdraw referrals whose receiver lost its consent).
-- "Sees the case" is written out (lead, or a consent in force) rather than
-- calling lotse_agency_sees_case(): PostgreSQL does not inline a function
-- with sub-selects, and the call cost 0.6 ms on every referral insert.
DROP POLICY referrals_parties ON referrals;
CREATE POLICY referrals_visible ON referrals
  USING (network_id = lotse_network()
         AND (EXISTS (SELECT 1 FROM cases c WHERE c.id = referrals.case_id
                         AND c.lead_agency_id = lotse_agency())
              OR ((from_agency_id = lotse_agency() OR to_agency_id = lotse_agency())
                  AND EXISTS (SELECT 1 FROM consents k WHERE k.case_id = referrals.case_id
                                 AND lotse_consent_in_force(k, lotse_agency()) OFFSET 0))))
  WITH CHECK (network_id = lotse_network()
              AND (EXISTS (SELECT 1 FROM cases c WHERE c.id = referrals.case_id
                              AND c.lead_agency_id = lotse_agency())
                   OR ((from_agency_id = lotse_agency() OR to_agency_id = lotse_agency())
                       AND EXISTS (SELECT 1 FROM consents k WHERE k.case_id = referrals.case_id
                                      AND lotse_consent_in_force(k, lotse_agency()) OFFSET 0))));

-- Conferences: organiser and participants see them only while they see
-- the case; so do the corrections of their minutes and decisions.
ALTER POLICY conferences_taking_part ON conferences
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) IS DISTINCT FROM 'on'
         AND (organiser_agency_id = lotse_agency()
              OR EXISTS (SELECT 1 FROM conference_participants p
                         WHERE p.conference_id = conferences.id AND p.agency_id = lotse_agency()))
         AND (EXISTS (SELECT 1 FROM cases c WHERE c.id = conferences.case_id
                         AND c.lead_agency_id = lotse_agency())
              OR EXISTS (SELECT 1 FROM consents k WHERE k.case_id = conferences.case_id
                            AND lotse_consent_in_force(k, lotse_agency()) OFFSET 0)));

CREATE OR REPLACE FUNCTION lotse_takes_part(p_id uuid) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM conferences c
                  WHERE c.id = p_id
                    AND (c.organiser_agency_id = lotse_agency()
                         OR EXISTS (SELECT 1 FROM conference_participants p
                                     WHERE p.conference_id = p_id AND p.agency_id = lotse_agency()))
                    AND lotse_agency_sees_case(c.case_id, lotse_agency()))
$$;

GRANT EXECUTE ON FUNCTION lotse_consent_in_force(consents, uuid), lotse_agency_sees_case(uuid, uuid)
  TO lotse_app;
