-- The cell key method for the statistics (issue 20).
--
-- Every unit the statistics count about people carries a secret random
-- record key in [0, 2^32): cases, referrals, goals, barriers and
-- conference decisions (conferences and agreements are counted exactly:
-- they describe the agencies' work, not a person).  A cell's key is the
-- sum of its units' keys modulo 2^32 (api/ckm.h); the keys are never shown
-- (not in the API, not in the Art. 15 export) and survive anonymization,
-- so that a cell keeps its deviation.  The daily rollups keep, beside each
-- count, the sum of its units' keys (stat_days.k).
CREATE FUNCTION lotse_record_key() RETURNS bigint
  LANGUAGE sql VOLATILE PARALLEL SAFE
  AS $$ SELECT ('x' || substr(md5(gen_random_uuid()::text), 1, 8))::bit(32)::bigint $$;

ALTER TABLE cases ADD COLUMN record_key bigint NOT NULL DEFAULT lotse_record_key();
ALTER TABLE referrals ADD COLUMN record_key bigint NOT NULL DEFAULT lotse_record_key();
ALTER TABLE goals ADD COLUMN record_key bigint NOT NULL DEFAULT lotse_record_key();
ALTER TABLE barriers ADD COLUMN record_key bigint NOT NULL DEFAULT lotse_record_key();
ALTER TABLE conference_decisions ADD COLUMN record_key bigint NOT NULL DEFAULT lotse_record_key();

INSERT INTO data_map VALUES
  ('cases', 'record_key', 'none', 'none', 'keep', NULL, NULL, false),
  ('referrals', 'record_key', 'none', 'none', 'keep', NULL, NULL, false),
  ('goals', 'record_key', 'none', 'none', 'keep', NULL, NULL, false),
  ('barriers', 'record_key', 'none', 'none', 'keep', NULL, NULL, false),
  ('conference_decisions', 'record_key', 'none', 'none', 'keep', NULL, NULL, false);

-- the rollups are rebuilt with their keys on each network's next statistics call
ALTER TABLE stat_days ADD COLUMN k bigint NOT NULL DEFAULT 0;
INSERT INTO data_map VALUES ('stat_days', 'k', 'none', 'none', 'keep', NULL, NULL, false);
TRUNCATE stat_days, stat_state, stat_dirty;

-- A case is never closed before it was opened (the demo data had one, and
-- the cases active at a month's end came out as -1): rows that were are
-- taken as opened when they were closed.
ALTER TABLE cases NO FORCE ROW LEVEL SECURITY;
UPDATE cases SET created_at = closed_at WHERE closed_at < created_at;
ALTER TABLE cases FORCE ROW LEVEL SECURITY;
ALTER TABLE cases ADD CONSTRAINT cases_closed_after_opened CHECK (closed_at >= created_at);

-- the export shows neither the keys nor a referral's wait for consent
CREATE OR REPLACE FUNCTION lotse_case_export_more(p_case uuid) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v jsonb;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = p_case AND c.network_id = lotse_network()
                    AND c.lead_agency_id = lotse_agency()) THEN
    RAISE EXCEPTION 'only the lead agency exports a case' USING ERRCODE = '42501';
  END IF;
  PERFORM set_config('lotse.whole_case', p_case::text, true);
  SELECT jsonb_build_object(
    'referrals', coalesce((SELECT jsonb_agg(to_jsonb(x) - 'network_id' - 'record_key' - 'awaiting_consent' ORDER BY x.requested_at)
                             FROM referrals x WHERE x.case_id = p_case), '[]'),
    'conferences', coalesce((SELECT jsonb_agg(to_jsonb(c) - 'network_id' || jsonb_build_object(
        'participants', coalesce((SELECT jsonb_agg(to_jsonb(p) - 'network_id' - 'conference_id'
                                   ORDER BY p.agency_id) FROM conference_participants p
                                   WHERE p.conference_id = c.id), '[]'),
        'decisions', coalesce((SELECT jsonb_agg(to_jsonb(d) - 'network_id' - 'conference_id' - 'record_key'
                                ORDER BY d.created_at) FROM conference_decisions d
                                WHERE d.conference_id = c.id), '[]'),
        'corrections', coalesce((SELECT jsonb_agg(to_jsonb(k) - 'network_id' - 'conference_id'
                                  ORDER BY k.id) FROM conference_corrections k
                                  WHERE k.conference_id = c.id), '[]'))
      ORDER BY c.starts_at) FROM conferences c WHERE c.case_id = p_case), '[]'))
    INTO v;
  PERFORM set_config('lotse.whole_case', '', true);
  RETURN v;
END
$$;

