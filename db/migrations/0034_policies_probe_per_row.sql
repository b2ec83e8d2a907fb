-- Lists stay flat as an agency's cases grow (issue 21).  In the policies
-- of referrals and conferences, "the caller leads the case" and "the
-- caller takes part" were EXISTS subqueries inside an OR; the planner ran
-- each as a hashed subplan built from every case the agency leads (every
-- conference it takes part in) before the first row: GET
-- /v1/referrals?direction=outgoing took 12 ms at 10,000 cases and 120 ms
-- at 100,000.  OFFSET 0 keeps them per-row probes of a primary key, like
-- the consent subqueries beside them (migration 0014).
ALTER POLICY referrals_visible ON referrals
  USING (network_id = lotse_network() AND (
    EXISTS (SELECT 1 FROM cases c WHERE c.id = referrals.case_id AND c.lead_agency_id = lotse_agency() OFFSET 0)
    OR ((from_agency_id = lotse_agency() OR (to_agency_id = lotse_agency() AND NOT awaiting_consent))
        AND EXISTS (SELECT 1 FROM consents k WHERE k.case_id = referrals.case_id
                      AND lotse_consent_in_force(k, lotse_agency()) AND 'plan' = ANY (k.categories) OFFSET 0))))
  WITH CHECK (network_id = lotse_network() AND (
    EXISTS (SELECT 1 FROM cases c WHERE c.id = referrals.case_id AND c.lead_agency_id = lotse_agency() OFFSET 0)
    OR ((from_agency_id = lotse_agency() OR to_agency_id = lotse_agency())
        AND EXISTS (SELECT 1 FROM consents k WHERE k.case_id = referrals.case_id
                      AND lotse_consent_in_force(k, lotse_agency()) AND 'plan' = ANY (k.categories) OFFSET 0))));

ALTER POLICY conferences_taking_part ON conferences
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) IS DISTINCT FROM 'on'
    AND (organiser_agency_id = lotse_agency()
         OR EXISTS (SELECT 1 FROM conference_participants p WHERE p.conference_id = conferences.id
                      AND p.agency_id = lotse_agency() OFFSET 0))
    AND (EXISTS (SELECT 1 FROM cases c WHERE c.id = conferences.case_id AND c.lead_agency_id = lotse_agency() OFFSET 0)
         OR EXISTS (SELECT 1 FROM consents k WHERE k.case_id = conferences.case_id
                      AND lotse_consent_in_force(k, lotse_agency()) OFFSET 0)))
  WITH CHECK (network_id = lotse_network());

-- An agency's action items (its open decisions) by due date, overdue
-- first, read in index order: the list sorted every open decision of the
-- agency by an expression of current_date (224 ms at 100,000 cases).
CREATE INDEX decisions_open_by_due ON conference_decisions
  (responsible_agency_id, (coalesce(due_on, 'infinity'::date)), id) WHERE status = 'open';

-- Conferences by start, then id: the list sorted every conference the
-- caller takes part in by an expression (22 ms at 10,000 cases).
DROP INDEX conferences_time;
CREATE INDEX conferences_time ON conferences (network_id, starts_at, id);

-- A conference's decisions and corrections by conference: every
-- conference in a list read all decisions of the database (a sequential
-- scan per conference shown).
CREATE INDEX decisions_conference ON conference_decisions (conference_id);
CREATE INDEX corrections_conference ON conference_corrections (conference_id);
