-- Statistics bench: :cases cases (with a referral for every second one) in
-- twelve networks, opened over the last twelve months; psql -v cases=N.
BEGIN;
INSERT INTO networks (id, code, name)
SELECT ('e' || lpad(n::text, 7, '0') || '-0000-4000-8000-000000000000')::uuid, 'BENCH' || n, 'Bench network ' || n
FROM generate_series(1, 12) n ON CONFLICT DO NOTHING;
INSERT INTO agencies (id, network_id, name, kind)
SELECT ('f' || lpad(n::text, 7, '0') || '-0000-4000-8000-00000000000' || k)::uuid,
       ('e' || lpad(n::text, 7, '0') || '-0000-4000-8000-000000000000')::uuid,
       'Bench agency ' || n || '/' || k, (ARRAY['jobcenter', 'welfare_organisation'])[k]
FROM generate_series(1, 12) n, generate_series(1, 2) k ON CONFLICT DO NOTHING;
INSERT INTO cases (id, network_id, reference, lead_agency_id, status, closure_reason, closed_at,
                   target_group, birth_year, gender, nationality, residence_status, created_by,
                   created_at)
SELECT gen_random_uuid(), ('e' || lpad((1 + i % 12)::text, 7, '0') || '-0000-4000-8000-000000000000')::uuid,
       'BENCH-' || i, ('f' || lpad((1 + i % 12)::text, 7, '0') || '-0000-4000-8000-000000000001')::uuid,
       CASE WHEN i % 5 = 0 THEN 'closed' ELSE 'active' END,
       CASE WHEN i % 5 = 0 THEN (ARRAY['goals_achieved', 'moved_away', 'no_contact'])[1 + i % 3] END,
       CASE WHEN i % 5 = 0 THEN now() - (i % 180) * interval '1 day' END,
       (ARRAY['newly_arrived', 'recognised_refugee', 'eu_migrant', 'skilled_worker', 'asylum_seeker'])[1 + i % 5],
       1950 + i % 60, (ARRAY['female', 'male', 'diverse'])[1 + i % 3],
       (ARRAY['SY', 'UA', 'AF', 'TR', 'RO', 'IQ', 'ER', 'PL', 'BG', 'NG', 'IR', 'RU'])[1 + i % 12],
       'residence_permit_humanitarian', 'bench', now() - (180 + i % 180) * interval '1 day'
FROM generate_series(:first, :last) i;
INSERT INTO referrals (network_id, case_id, from_agency_id, to_agency_id, field_of_action, status,
                       requested_at, response_due_at, responded_at, created_by)
SELECT c.network_id, c.id, c.lead_agency_id, ('f' || substr(c.network_id::text, 2, 7) || '-0000-4000-8000-000000000002')::uuid,
       'language', 'accepted', c.created_at + interval '3 days', c.created_at + interval '8 days',
       c.created_at + interval '5 days', 'bench'
FROM cases c WHERE c.created_by = 'bench' AND c.reference LIKE 'BENCH-%'
  AND split_part(c.reference, '-', 2)::int BETWEEN :first AND :last
  AND split_part(c.reference, '-', 2)::int % 2 = 0;
COMMIT;
ANALYZE;
