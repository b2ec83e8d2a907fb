-- A referral is plan data (the personal-data map: its field of action,
-- reason, notes and outcome): its two parties see it only while their
-- consent covers the plan, the lead agency always (issue 19; the receiver
-- of an identity-only consent read "health: psychotherapy needed").
DROP POLICY referrals_visible ON referrals;
CREATE POLICY referrals_visible ON referrals
  USING (network_id = lotse_network()
         AND (EXISTS (SELECT 1 FROM cases c WHERE c.id = referrals.case_id
                         AND c.lead_agency_id = lotse_agency())
              OR ((from_agency_id = lotse_agency() OR to_agency_id = lotse_agency())
                  AND EXISTS (SELECT 1 FROM consents k WHERE k.case_id = referrals.case_id
                                 AND lotse_consent_in_force(k, lotse_agency())
                                 AND 'plan' = ANY (k.categories) OFFSET 0))))
  WITH CHECK (network_id = lotse_network()
              AND (EXISTS (SELECT 1 FROM cases c WHERE c.id = referrals.case_id
                              AND c.lead_agency_id = lotse_agency())
                   OR ((from_agency_id = lotse_agency() OR to_agency_id = lotse_agency())
                       AND EXISTS (SELECT 1 FROM consents k WHERE k.case_id = referrals.case_id
                                      AND lotse_consent_in_force(k, lotse_agency())
                                      AND 'plan' = ANY (k.categories) OFFSET 0))));
