-- A referral sent by an agency that is not the lead, to an agency whose
-- consent does not (yet) cover identity and plan, is stored and waits
-- (issue 19): the sender's answer is the same as for a receiver with
-- consent, so sending a referral never tells who holds consent.  The
-- receiver sees it (row-level security of 0021) once the lead grants that
-- consent; the flag, never shown to the sender, keeps the referral sweep
-- from withdrawing it meanwhile and is cleared when the receiver's consent
-- covers both categories (db/referrals.c, REFERRAL_SETTLE).
ALTER TABLE referrals ADD COLUMN awaiting_consent boolean NOT NULL DEFAULT false;

INSERT INTO data_map VALUES ('referrals', 'awaiting_consent', 'none', 'none', 'keep', NULL, NULL, false);
