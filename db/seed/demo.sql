-- Demo network: modelled on the Rheinisch-Bergischer Kreis (RBK).
-- Loaded by `make run` and the tests into their private cluster only,
-- never into a database given by DATABASE_URL. Idempotent.
-- The demo secrets below are public (README): never use them elsewhere.

INSERT INTO networks (id, code, name, state, referrals_require_agreement) VALUES
  ('a0000000-0000-4000-8000-000000000001', 'RBK',
   'Kommunales Integrationsmanagement Rheinisch-Bergischer Kreis', 'NW', false)
ON CONFLICT DO NOTHING;

INSERT INTO municipalities (network_id, ags, name) VALUES
  ('a0000000-0000-4000-8000-000000000001', '05378004', 'Bergisch Gladbach'),
  ('a0000000-0000-4000-8000-000000000001', '05378008', 'Burscheid'),
  ('a0000000-0000-4000-8000-000000000001', '05378016', 'Leichlingen (Rheinland)'),
  ('a0000000-0000-4000-8000-000000000001', '05378024', 'Overath'),
  ('a0000000-0000-4000-8000-000000000001', '05378028', 'Rösrath'),
  ('a0000000-0000-4000-8000-000000000001', '05378032', 'Wermelskirchen')
ON CONFLICT DO NOTHING;

INSERT INTO agencies (id, network_id, name, kind, municipality_ags, email) VALUES
  ('b0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001',
   'Kommunales Integrationszentrum Rheinisch-Bergischer Kreis', 'integration_centre', '05378004', 'ki@demo.invalid'),
  ('b0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001',
   'Ausländerbehörde Rheinisch-Bergischer Kreis', 'immigration_office', '05378004', 'abh@demo.invalid'),
  ('b0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001',
   'Jobcenter Rhein-Berg', 'jobcenter', '05378004', 'jobcenter@demo.invalid'),
  ('b0000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000001',
   'Sozialamt Bergisch Gladbach', 'social_welfare', '05378004', 'sozialamt@demo.invalid'),
  ('b0000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000001',
   'Jugendamt Bergisch Gladbach', 'youth_welfare', '05378004', 'jugendamt@demo.invalid'),
  ('b0000000-0000-4000-8000-000000000006', 'a0000000-0000-4000-8000-000000000001',
   'Agentur für Arbeit Bergisch Gladbach', 'employment_agency', '05378004', 'arbeitsagentur@demo.invalid'),
  ('b0000000-0000-4000-8000-000000000007', 'a0000000-0000-4000-8000-000000000001',
   'Caritasverband Rhein-Berg', 'welfare_organisation', '05378004', 'caritas@demo.invalid'),
  ('b0000000-0000-4000-8000-000000000008', 'a0000000-0000-4000-8000-000000000001',
   'AWO Rhein-Oberberg', 'welfare_organisation', '05378032', 'awo@demo.invalid'),
  ('b0000000-0000-4000-8000-000000000009', 'a0000000-0000-4000-8000-000000000001',
   'Jugendmigrationsdienst Rhein-Berg', 'youth_migration_service', '05378004', 'jmd@demo.invalid'),
  ('b0000000-0000-4000-8000-000000000010', 'a0000000-0000-4000-8000-000000000001',
   'Migrationsberatung für Erwachsene Rhein-Berg', 'migration_counselling', '05378024', 'mbe@demo.invalid'),
  ('b0000000-0000-4000-8000-000000000011', 'a0000000-0000-4000-8000-000000000001',
   'Ehrenamtskoordination Integration Rhein-Berg', 'volunteer_coordination', '05378028', 'ehrenamt@demo.invalid')
ON CONFLICT DO NOTHING;

-- One admin client per agency: demo-<key> / demo-<key>-secret.
INSERT INTO api_clients (client_id, network_id, agency_id, name, roles, secret_hash, created_by)
SELECT 'demo-' || k, 'a0000000-0000-4000-8000-000000000001', a::uuid, 'Demo client ' || k, r,
       encode(sha256(convert_to('demo-' || k || '-secret', 'UTF8')), 'hex'), 'seed'
FROM (VALUES
  ('coordinator', 'b0000000-0000-4000-8000-000000000001', ARRAY['coordinator', 'agency_admin', 'caseworker']),
  ('auditor',     'b0000000-0000-4000-8000-000000000001', ARRAY['auditor']),
  ('abh',         'b0000000-0000-4000-8000-000000000002', ARRAY['agency_admin', 'caseworker']),
  ('jobcenter',   'b0000000-0000-4000-8000-000000000003', ARRAY['agency_admin', 'caseworker']),
  ('sozialamt',   'b0000000-0000-4000-8000-000000000004', ARRAY['agency_admin', 'caseworker']),
  ('jugendamt',   'b0000000-0000-4000-8000-000000000005', ARRAY['agency_admin', 'caseworker']),
  ('arbeitsagentur', 'b0000000-0000-4000-8000-000000000006', ARRAY['agency_admin', 'caseworker']),
  ('caritas',     'b0000000-0000-4000-8000-000000000007', ARRAY['agency_admin', 'caseworker']),
  ('awo',         'b0000000-0000-4000-8000-000000000008', ARRAY['agency_admin', 'caseworker']),
  ('jmd',         'b0000000-0000-4000-8000-000000000009', ARRAY['agency_admin', 'caseworker']),
  ('mbe',         'b0000000-0000-4000-8000-000000000010', ARRAY['agency_admin', 'caseworker']),
  ('ehrenamt',    'b0000000-0000-4000-8000-000000000011', ARRAY['agency_admin', 'caseworker'])
) AS v(k, a, r)
ON CONFLICT (client_id) DO NOTHING;

-- Platform-level clients: the state ministry's statistics pipeline and the
-- platform operator.
INSERT INTO api_clients (client_id, name, roles, secret_hash, created_by) VALUES
  ('demo-ministry', 'Demo MKJFGFI statistics', ARRAY['ministry'],
   encode(sha256(convert_to('demo-ministry-secret', 'UTF8')), 'hex'), 'seed'),
  ('demo-platform', 'Demo platform operator', ARRAY['platform_admin'],
   encode(sha256(convert_to('demo-platform-secret', 'UTF8')), 'hex'), 'seed')
ON CONFLICT (client_id) DO NOTHING;

-- Six cases with consents, assessments, goals and journal entries, so that
-- `make run` shows real data.  Names are invented.
INSERT INTO case_counters (network_id, year, last_value)
VALUES ('a0000000-0000-4000-8000-000000000001', extract(year FROM now())::int, 6)
ON CONFLICT (network_id, year) DO UPDATE SET last_value = greatest(case_counters.last_value, 6);

INSERT INTO cases (id, network_id, reference, lead_agency_id, case_manager, status, closure_reason,
                   closed_at, target_group, fields_of_action, first_name, last_name, birth_date,
                   birth_year, gender, nationality, languages, phone, email, residence_status,
                   residence_expires_on, arrival_date, municipality_ags, accommodation, created_by)
SELECT v.id::uuid, 'a0000000-0000-4000-8000-000000000001',
       'RBK-' || extract(year FROM now())::int || '-' || lpad(v.n::text, 6, '0'),
       v.lead::uuid, v.manager, v.status, v.reason, CASE WHEN v.status = 'closed' THEN now() - interval '20 days' END,
       v.tg, v.foa, v.fn, v.ln, v.bd::date, extract(year FROM v.bd::date)::int, v.g, v.nat,
       v.langs::jsonb, v.phone, NULL, v.rs, v.rexp::date, v.arr::date, v.ags, v.acc, 'seed'
FROM (VALUES
  (1, 'd0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000003', 'Frau Schneider', 'active', NULL,
   'recognised_refugee', ARRAY['language', 'employment', 'recognition'], 'Amina', 'Haddad', '1991-07-23', 'female', 'SY',
   '[{"code": "ar", "level": "native"}, {"code": "de", "level": "A2"}, {"code": "en", "level": "B1"}]', '0171 5550101',
   'residence_permit_humanitarian', '2027-05-01', '2022-10-04', '05378004', 'private'),
  (2, 'd0000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000009', 'Herr Klein', 'active', NULL,
   'asylum_seeker', ARRAY['education', 'language', 'residence'], 'Dawit', 'Tesfaye', '2007-02-11', 'male', 'ER',
   '[{"code": "ti", "level": "native"}, {"code": "de", "level": "A1"}]', NULL,
   'asylum_seeker', NULL, '2025-08-19', '05378008', 'shared_accommodation'),
  (3, 'd0000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000010', 'Frau Yilmaz', 'active', NULL,
   'newly_arrived', ARRAY['recognition', 'language', 'employment'], 'Olena', 'Kovalenko', '1986-04-30', 'female', 'UA',
   '[{"code": "uk", "level": "native"}, {"code": "ru", "level": "C1"}, {"code": "de", "level": "B1"}]', '0160 5550303',
   'residence_permit_humanitarian', '2027-03-04', '2022-04-12', '05378028', 'private'),
  (4, 'd0000000-0000-4000-8000-000000000004', 'b0000000-0000-4000-8000-000000000004', 'Herr Wagner', 'on_hold', NULL,
   'family_reunification', ARRAY['housing', 'family_youth', 'financial_security'], 'Mehmet', 'Yıldız', '1979-11-02', 'male', 'TR',
   '[{"code": "tr", "level": "native"}, {"code": "ku", "level": "native"}, {"code": "de", "level": "A2"}]', NULL,
   'residence_permit_family', '2026-12-31', '2024-06-01', '05378032', 'private'),
  (5, 'd0000000-0000-4000-8000-000000000005', 'b0000000-0000-4000-8000-000000000007', 'Frau Hoffmann', 'open', NULL,
   'long_term_tolerated', ARRAY['residence', 'vocational_training'], 'Fatima', 'Ahmadi', '2001-09-15', 'female', 'AF',
   '[{"code": "fa", "level": "native"}, {"code": "de", "level": "B1"}]', '0152 5550505',
   'tolerated', '2026-02-28', '2016-01-20', '05378016', 'shared_accommodation'),
  (6, 'd0000000-0000-4000-8000-000000000006', 'b0000000-0000-4000-8000-000000000003', 'Frau Schneider', 'closed', 'goals_achieved',
   'eu_migrant', ARRAY['employment', 'language'], 'Ionuț', 'Popescu', '1995-05-05', 'male', 'RO',
   '[{"code": "ro", "level": "native"}, {"code": "de", "level": "B2"}]', NULL,
   'eu_citizen', NULL, '2023-03-01', '05378024', 'private')
) AS v(n, id, lead, manager, status, reason, tg, foa, fn, ln, bd, g, nat, langs, phone, rs, rexp, arr, ags, acc)
ON CONFLICT DO NOTHING;

INSERT INTO consents (id, network_id, case_id, recipient_agency_id, categories, purpose, legal_basis,
                      legal_reference, form_reference, valid_until, granted_by)
SELECT v.id::uuid, 'a0000000-0000-4000-8000-000000000001', v.c::uuid, v.a::uuid, v.cats, v.purpose,
       v.basis, v.ref, v.form, now() + interval '1 year', 'seed'
FROM (VALUES
  ('e0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000007',
   ARRAY['identity', 'plan', 'journal'], 'Sprachkurs und Begleitung zur Anerkennungsberatung', 'consent', NULL, 'EW-2026-0101'),
  ('e0000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001',
   ARRAY['plan'], 'Fallkoordination im Kommunalen Integrationsmanagement', 'consent', NULL, 'EW-2026-0101'),
  ('e0000000-0000-4000-8000-000000000003', 'd0000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000005',
   ARRAY['identity', 'residence', 'plan'], 'Jugendhilfe und Schulanmeldung', 'sgb_viii', '§ 65 SGB VIII', 'EW-2026-0102'),
  ('e0000000-0000-4000-8000-000000000004', 'd0000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000003',
   ARRAY['identity', 'potential', 'plan'], 'Vermittlung in Arbeit, Anerkennung als Lehrerin', 'consent', NULL, 'EW-2026-0103'),
  ('e0000000-0000-4000-8000-000000000005', 'd0000000-0000-4000-8000-000000000005', 'b0000000-0000-4000-8000-000000000002',
   ARRAY['identity', 'residence'], 'Prüfung einer Ausbildungsduldung', 'consent', NULL, 'EW-2026-0105')
) AS v(id, c, a, cats, purpose, basis, ref, form)
ON CONFLICT DO NOTHING;

INSERT INTO potential_analyses (id, network_id, case_id, agency_id, assessed_on, isced_level,
    vocational_qualification, recognition_status, work_experience_years, employment_status,
    german_level, household_size, children_count, childcare_needed, health_restrictions, needs,
    notes, created_by, created_at)
VALUES
  ('f0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
   'b0000000-0000-4000-8000-000000000003', current_date - 200, 4, true, 'not_started', 6, 'unemployed', 'A1', 4, 2, true, false,
   '[{"field_of_action": "language", "priority": "high"}, {"field_of_action": "recognition", "priority": "medium"}]',
   'Ausbildung als Pharmazeutisch-technische Assistentin in Damaskus.', 'seed', now() - interval '200 days'),
  ('f0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
   'b0000000-0000-4000-8000-000000000003', current_date - 20, 4, true, 'in_progress', 6, 'language_course', 'A2', 4, 2, false, false,
   '[{"field_of_action": "language", "priority": "high"}, {"field_of_action": "employment", "priority": "medium"}]',
   'Kita-Platz gefunden, Anerkennungsverfahren läuft.', 'seed', now() - interval '20 days'),
  ('f0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000003',
   'b0000000-0000-4000-8000-000000000010', current_date - 90, 7, true, 'in_progress', 14, 'unemployed', 'B1', 2, 1, false, false,
   '[{"field_of_action": "recognition", "priority": "high"}]', 'Lehrerin für Mathematik und Physik.', 'seed', now() - interval '90 days')
ON CONFLICT DO NOTHING;

INSERT INTO goals (id, network_id, case_id, field_of_action, title, responsible_agency_id, due_on,
                   status, created_by_agency, created_by)
VALUES
  ('10000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
   'language', 'Deutsch B1 (Integrationskurs abschließen)', 'b0000000-0000-4000-8000-000000000007', current_date + 180,
   'in_progress', 'b0000000-0000-4000-8000-000000000003', 'seed'),
  ('10000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
   'recognition', 'Anerkennungsbescheid PTA', 'b0000000-0000-4000-8000-000000000003', current_date + 120,
   'open', 'b0000000-0000-4000-8000-000000000003', 'seed'),
  ('10000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000002',
   'education', 'Schulplatz an einem Berufskolleg', 'b0000000-0000-4000-8000-000000000009', current_date + 60,
   'open', 'b0000000-0000-4000-8000-000000000009', 'seed'),
  ('10000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000003',
   'recognition', 'Gleichwertigkeitsfeststellung Lehramt', 'b0000000-0000-4000-8000-000000000003', current_date + 90,
   'in_progress', 'b0000000-0000-4000-8000-000000000010', 'seed')
ON CONFLICT DO NOTHING;

INSERT INTO journal_entries (id, network_id, case_id, agency_id, author_sub, occurred_on, text)
VALUES
  ('20000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
   'b0000000-0000-4000-8000-000000000003', 'client:demo-jobcenter', current_date - 200,
   'Erstgespräch mit Dolmetscherin (Arabisch). Wunsch: Arbeit im pharmazeutischen Bereich.'),
  ('20000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
   'b0000000-0000-4000-8000-000000000007', 'client:demo-caritas', current_date - 30,
   'Anmeldung zum Integrationskurs mit Kinderbetreuung erfolgt.'),
  ('20000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000002',
   'b0000000-0000-4000-8000-000000000009', 'client:demo-jmd', current_date - 10,
   'Vormundschaft geklärt, Schulpflicht besteht bis 18.')
ON CONFLICT DO NOTHING;
