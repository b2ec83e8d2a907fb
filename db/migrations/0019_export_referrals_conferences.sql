-- The Art. 15 export (issue 19) also holds the case's referrals (reason,
-- notes, outcome) and conferences (place, agenda, participants and their
-- answers, minutes, decisions, corrections), also those the lead agency
-- does not take part in: read as the owner under the whole_case policies
-- (migration 0016), for the lead agency only.  Returns
-- {"referrals": [...], "conferences": [...]}.
CREATE FUNCTION lotse_case_export_more(p_case uuid) RETURNS jsonb
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
    'referrals', coalesce((SELECT jsonb_agg(to_jsonb(x) - 'network_id' ORDER BY x.requested_at)
                             FROM referrals x WHERE x.case_id = p_case), '[]'),
    'conferences', coalesce((SELECT jsonb_agg(to_jsonb(c) - 'network_id' || jsonb_build_object(
        'participants', coalesce((SELECT jsonb_agg(to_jsonb(p) - 'network_id' - 'conference_id'
                                   ORDER BY p.agency_id) FROM conference_participants p
                                   WHERE p.conference_id = c.id), '[]'),
        'decisions', coalesce((SELECT jsonb_agg(to_jsonb(d) - 'network_id' - 'conference_id'
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

REVOKE ALL ON FUNCTION lotse_case_export_more(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse_case_export_more(uuid) TO lotse_app;
