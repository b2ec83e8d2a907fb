-- The consent check of cases_read as a per-row probe.  PostgreSQL may turn
-- the policy's EXISTS into a "hashed SubPlan" that reads every matching
-- consent of the database into a hash table before the first row: a page
-- of 50 cases cost 180 ms of CPU with 100,000 consents (make bench, A3).
-- OFFSET 0 keeps the subquery as it is written (an EXISTS is only hashed
-- when it can be simplified), so each candidate row costs one probe of
-- consents_case; the rule itself is unchanged.
ALTER POLICY cases_read ON cases
  USING (network_id = lotse_network() AND current_setting('lotse.statistics', true) IS DISTINCT FROM 'on'
         AND (lead_agency_id = lotse_agency()
              OR EXISTS (SELECT 1 FROM consents k
                         WHERE k.case_id = cases.id AND k.revoked_at IS NULL AND k.valid_from <= now()
                           AND (k.valid_until IS NULL OR k.valid_until > now())
                           AND (k.recipient_agency_id = lotse_agency() OR k.whole_network)
                         OFFSET 0)));
