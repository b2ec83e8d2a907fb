-- A referral sent by an agency that is not the lead, to an agency whose
-- consent does not (yet) cover identity and plan, is stored and waits
-- (issue 19): the sender's answer is the same as for a receiver with
-- consent, so sending a referral never tells who holds consent.  The
-- receiver sees it (row-level security of 0021) once the lead grants that
-- consent; the flag, never shown to the sender, keeps the referral sweep
-- from withdrawing it meanwhile and is cleared when the receiver's consent
-- covers both categories (db/referrals.c, REFERRAL_SETTLE).
ALTER TABLE referrals ADD COLUMN awaiting_consent boolean NOT NULL DEFAULT false;

-- The receiver sees a waiting referral only once the wait ends (a consent
-- covering only the plan would otherwise show it, and let it be answered,
-- while the wait still kept the sweep away); otherwise as in 0021.
DROP POLICY referrals_visible ON referrals;
CREATE POLICY referrals_visible ON referrals
  USING (network_id = lotse_network()
         AND (EXISTS (SELECT 1 FROM cases c WHERE c.id = referrals.case_id
                         AND c.lead_agency_id = lotse_agency())
              OR ((from_agency_id = lotse_agency() OR (to_agency_id = lotse_agency() AND NOT awaiting_consent))
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

INSERT INTO data_map VALUES ('referrals', 'awaiting_consent', 'none', 'none', 'keep', NULL, NULL, false);
