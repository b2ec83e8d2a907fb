-- Growth bench (issue 21): cases :first .. :last of the demo network, led
-- by the Jobcenter and consented to Caritas (identity, residence, plan),
-- opened over the last two years, every fifth closed; for every second a
-- referral to Caritas (one in ten still unanswered and overdue), a goal, a
-- journal entry and two analyses (intake and follow-up); for every tenth a
-- held conference with two participants and a decision; psql -v first=N
-- -v last=M.
BEGIN;
INSERT INTO cases (id, network_id, reference, lead_agency_id, status, closure_reason, closed_at,
                   target_group, fields_of_action, first_name, last_name, birth_year, gender, nationality,
                   residence_status, municipality_ags, created_by, created_at)
SELECT ('c0000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
       'a0000000-0000-4000-8000-000000000001', 'RBK-GROW-' || lpad(i::text, 7, '0'),
       'b0000000-0000-4000-8000-000000000003',
       CASE WHEN i % 5 = 0 THEN 'closed' ELSE 'active' END,
       CASE WHEN i % 5 = 0 THEN 'goals_achieved' END,
       CASE WHEN i % 5 = 0 THEN now() - (i % 300) * interval '1 day' END,
       (ARRAY['newly_arrived', 'recognised_refugee', 'eu_migrant', 'skilled_worker'])[1 + i % 4],
       ARRAY['language', 'employment'], 'Vorname' || i, 'Nachname' || i, 1950 + i % 60,
       (ARRAY['female', 'male', 'diverse'])[1 + i % 3], (ARRAY['SY', 'UA', 'AF', 'TR', 'RO'])[1 + i % 5],
       'residence_permit_humanitarian', '05378004', 'bench',
       now() - (300 + i % 400) * interval '1 day'
FROM generate_series(:first, :last) AS i;
INSERT INTO consents (network_id, case_id, recipient_agency_id, categories, purpose, legal_basis, granted_by)
SELECT 'a0000000-0000-4000-8000-000000000001', ('c0000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
       'b0000000-0000-4000-8000-000000000007', ARRAY['identity', 'residence', 'plan'], 'Benchmark',
       'consent', 'bench'
FROM generate_series(:first, :last) AS i;
INSERT INTO referrals (network_id, case_id, from_agency_id, to_agency_id, field_of_action, status,
                       requested_at, response_due_at, responded_at, created_by)
SELECT 'a0000000-0000-4000-8000-000000000001', ('c0000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
       'b0000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000007', 'language',
       CASE WHEN i % 20 = 0 THEN 'requested' ELSE 'accepted' END,
       now() - (i % 300) * interval '1 day', now() - (i % 300) * interval '1 day' + interval '7 days',
       CASE WHEN i % 20 = 0 THEN NULL ELSE now() - (i % 300) * interval '1 day' + interval '2 days' END, 'bench'
FROM generate_series(:first, :last) AS i WHERE i % 2 = 0;
INSERT INTO goals (network_id, case_id, field_of_action, responsible_agency_id, status, created_by_agency,
                   created_by, created_at)
SELECT 'a0000000-0000-4000-8000-000000000001', ('c0000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
       'language', 'b0000000-0000-4000-8000-000000000007', 'open', 'b0000000-0000-4000-8000-000000000003',
       'bench', now() - (i % 300) * interval '1 day'
FROM generate_series(:first, :last) AS i WHERE i % 2 = 0;
INSERT INTO journal_entries (network_id, case_id, agency_id, author_sub, occurred_on, text, created_at)
SELECT 'a0000000-0000-4000-8000-000000000001', ('c0000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
       'b0000000-0000-4000-8000-000000000003', 'bench', (now() - (i % 300) * interval '1 day')::date,
       'Beratungsgespräch ' || i, now() - (i % 300) * interval '1 day'
FROM generate_series(:first, :last) AS i WHERE i % 2 = 0;
INSERT INTO potential_analyses (network_id, case_id, agency_id, assessed_on, german_level, employment_status,
                                created_by, created_at)
SELECT 'a0000000-0000-4000-8000-000000000001', ('c0000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
       'b0000000-0000-4000-8000-000000000003', (now() - (k * 100 + i % 200) * interval '1 day')::date,
       (ARRAY['A1', 'B1'])[3 - k], (ARRAY['unemployed', 'employed'])[3 - k], 'bench',
       now() - (k * 100 + i % 200) * interval '1 day'
FROM generate_series(:first, :last) AS i, generate_series(1, 2) AS k WHERE i % 2 = 0;
WITH c AS (
  INSERT INTO conferences (network_id, case_id, organiser_agency_id, starts_at, ends_at, status, held_at,
                           created_by, created_at)
  SELECT 'a0000000-0000-4000-8000-000000000001', ('c0000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
         'b0000000-0000-4000-8000-000000000003', now() - (i % 300) * interval '1 day',
         now() - (i % 300) * interval '1 day' + interval '1 hour', 'held',
         now() - (i % 300) * interval '1 day' + interval '1 hour', 'bench', now() - (i % 300 + 7) * interval '1 day'
  FROM generate_series(:first, :last) AS i WHERE i % 10 = 0
  RETURNING id, case_id, held_at),
p AS (
  INSERT INTO conference_participants (conference_id, network_id, agency_id, role)
  SELECT c.id, 'a0000000-0000-4000-8000-000000000001', a.agency, a.role FROM c,
         (VALUES ('b0000000-0000-4000-8000-000000000003'::uuid, 'chair'),
                 ('b0000000-0000-4000-8000-000000000007'::uuid, 'participant')) a(agency, role))
INSERT INTO conference_decisions (network_id, conference_id, case_id, responsible_agency_id, due_on, created_at)
SELECT 'a0000000-0000-4000-8000-000000000001', c.id, c.case_id, 'b0000000-0000-4000-8000-000000000007',
       (c.held_at + interval '30 days')::date, c.held_at FROM c;
COMMIT;
ANALYZE;
