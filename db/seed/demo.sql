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
                   residence_expires_on, arrival_date, municipality_ags, accommodation, created_by,
                   created_at)
SELECT v.id::uuid, 'a0000000-0000-4000-8000-000000000001',
       'RBK-' || extract(year FROM now())::int || '-' || lpad(v.n::text, 6, '0'),
       v.lead::uuid, v.manager, v.status, v.reason, CASE WHEN v.status = 'closed' THEN now() - interval '20 days' END,
       v.tg, v.foa, v.fn, v.ln, v.bd::date, extract(year FROM v.bd::date)::int, v.g, v.nat,
       v.langs::jsonb, v.phone, NULL, v.rs, v.rexp::date, v.arr::date, v.ags, v.acc, 'seed',
       CASE WHEN v.status = 'closed' THEN now() - interval '60 days' ELSE now() END
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

-- The offers catalogue: a dozen offers of the demo agencies.
INSERT INTO offers (id, network_id, agency_id, title, description, fields_of_action, target_groups,
                    languages, municipalities, address, contact_email, cost, availability, published)
SELECT v.id::uuid, 'a0000000-0000-4000-8000-000000000001', v.agency::uuid, v.title, v.descr,
       v.foa, v.tg, v.langs, v.ags, v.addr, v.mail, v.cost, v.avail, v.pub
FROM (VALUES
  ('30000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000007',
   'Sprachkurs für Frauen mit Kinderbetreuung', 'Integrationskurs (B1) am Vormittag, Kinder werden während des Kurses betreut.',
   ARRAY['language'], ARRAY['newly_arrived', 'family_reunification', 'recognised_refugee'], ARRAY['de', 'ar', 'fa'], ARRAY['05378004'],
   'Laurentiusstraße 4, 51465 Bergisch Gladbach', 'sprache@demo.invalid', 'kostenlos', 'waitlist', true),
  ('30000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000007',
   'Migrationsberatung für Erwachsene', 'Beratung zu Aufenthalt, Arbeit, Wohnen und Familie in mehreren Sprachen.',
   ARRAY['residence', 'housing', 'family_youth'], ARRAY['newly_arrived', 'long_term_tolerated', 'eu_migrant'], ARRAY['de', 'ar', 'ru', 'tr'],
   '{}'::text[], 'Laurentiusstraße 4, 51465 Bergisch Gladbach', 'mbe@demo.invalid', 'kostenlos', 'available', true),
  ('30000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000008',
   'Bewerbungstraining und Jobcoaching', 'Unterlagen erstellen, Vorstellungsgespräche üben, Betriebe kennenlernen.',
   ARRAY['employment', 'vocational_training'], ARRAY['recognised_refugee', 'skilled_worker', 'long_term_tolerated'], ARRAY['de', 'en', 'uk'],
   ARRAY['05378032', '05378004'], 'Telegrafenstraße 9, 42929 Wermelskirchen', 'job@demo.invalid', 'kostenlos', 'available', true),
  ('30000000-0000-4000-8000-000000000004', 'b0000000-0000-4000-8000-000000000009',
   'Hausaufgabenhilfe und Lerngruppen', 'Für Jugendliche von 12 bis 27 Jahren, zweimal wöchentlich am Nachmittag.',
   ARRAY['education', 'language'], ARRAY['asylum_seeker', 'newly_arrived'], ARRAY['de', 'ti', 'ar'],
   ARRAY['05378004', '05378008'], 'Hauptstraße 120, 51465 Bergisch Gladbach', 'jmd@demo.invalid', 'kostenlos', 'available', true),
  ('30000000-0000-4000-8000-000000000005', 'b0000000-0000-4000-8000-000000000010',
   'Anerkennungsberatung für ausländische Berufsabschlüsse', 'Welche Stelle ist zuständig, welche Unterlagen braucht es, was kostet das Verfahren?',
   ARRAY['recognition', 'employment'], ARRAY['skilled_worker', 'recognised_refugee', 'eu_migrant'], ARRAY['de', 'en', 'ru', 'uk'],
   '{}'::text[], 'Hauptstraße 71, 51491 Overath', 'anerkennung@demo.invalid', 'kostenlos', 'available', true),
  ('30000000-0000-4000-8000-000000000006', 'b0000000-0000-4000-8000-000000000011',
   'Sprachpatenschaften mit Ehrenamtlichen', 'Ehrenamtliche treffen sich wöchentlich zum Deutschsprechen im Alltag.',
   ARRAY['language', 'social_participation'], ARRAY['newly_arrived', 'asylum_seeker', 'recognised_refugee'], ARRAY['de'],
   ARRAY['05378028'], 'Hauptstraße 229, 51503 Rösrath', 'paten@demo.invalid', 'kostenlos', 'available', true),
  ('30000000-0000-4000-8000-000000000007', 'b0000000-0000-4000-8000-000000000011',
   'Fußball und Schwimmen im Verein', 'Vermittlung in Sportvereine, Beiträge übernimmt auf Wunsch das Bildungs- und Teilhabepaket.',
   ARRAY['social_participation', 'health'], ARRAY['newly_arrived', 'asylum_seeker'], ARRAY['de', 'en'],
   ARRAY['05378028', '05378024'], NULL, 'sport@demo.invalid', 'Vereinsbeitrag, förderfähig', 'available', true),
  ('30000000-0000-4000-8000-000000000008', 'b0000000-0000-4000-8000-000000000003',
   'Berufssprachkurs B2 mit Praktikum', 'Berufsbezogene Deutschsprachförderung mit betrieblichem Praktikum.',
   ARRAY['language', 'employment'], ARRAY['recognised_refugee', 'skilled_worker'], ARRAY['de'],
   '{}'::text[], 'Bensberger Straße 85, 51465 Bergisch Gladbach', 'bsk@demo.invalid', 'kostenlos', 'full', true),
  ('30000000-0000-4000-8000-000000000009', 'b0000000-0000-4000-8000-000000000004',
   'Wohnungssuche und Mietschuldenberatung', 'Unterstützung bei der Wohnungssuche, Wohnberechtigungsschein, Mietschulden.',
   ARRAY['housing', 'financial_security'], ARRAY['recognised_refugee', 'family_reunification', 'long_term_tolerated'], ARRAY['de', 'tr'],
   ARRAY['05378004'], 'Konrad-Adenauer-Platz 1, 51465 Bergisch Gladbach', 'wohnen@demo.invalid', 'kostenlos', 'available', true),
  ('30000000-0000-4000-8000-000000000010', 'b0000000-0000-4000-8000-000000000005',
   'Elterncafé mit Dolmetschenden', 'Offener Treff für Eltern zu Kita, Schule und Erziehung.',
   ARRAY['family_youth', 'education'], ARRAY['family_reunification', 'newly_arrived'], ARRAY['de', 'ar', 'ku', 'fa'],
   ARRAY['05378004'], 'Stadthaus, 51465 Bergisch Gladbach', 'eltern@demo.invalid', 'kostenlos', 'available', true),
  ('30000000-0000-4000-8000-000000000011', 'b0000000-0000-4000-8000-000000000002',
   'Beratung zur Ausbildungsduldung', 'Voraussetzungen und Antrag der Ausbildungs- und Beschäftigungsduldung.',
   ARRAY['residence', 'vocational_training'], ARRAY['long_term_tolerated', 'asylum_seeker'], ARRAY['de'],
   '{}'::text[], 'Am Rübezahlwald 7, 51469 Bergisch Gladbach', 'abh-beratung@demo.invalid', 'kostenlos', 'available', true),
  ('30000000-0000-4000-8000-000000000012', 'b0000000-0000-4000-8000-000000000007',
   'Nähwerkstatt (in Planung)', 'Noch nicht veröffentlicht: Werkstatt mit Qualifizierung.',
   ARRAY['vocational_training'], ARRAY['newly_arrived'], ARRAY['de'],
   '{}'::text[], NULL, NULL, NULL, 'available', false)
) AS v(id, agency, title, descr, foa, tg, langs, ags, addr, mail, cost, avail, pub)
ON CONFLICT DO NOTHING;

-- Cooperation agreements: one in force (Jobcenter, Caritas, KI for language
-- and employment), one draft waiting for the AWO's signature.
INSERT INTO agreements (id, network_id, title, fields_of_action, data_categories, response_days,
                        valid_from, valid_until, text, status, activated_at, created_by_agency, created_by)
VALUES
  ('40000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001',
   'Kooperationsvereinbarung Sprache und Arbeit', ARRAY['language', 'employment', 'recognition'],
   ARRAY['identity', 'plan'], 5, date_trunc('year', now())::date, NULL,
   E'## Zweck\nDie Parteien vermitteln Ratsuchende in Sprachkurse und Arbeit und antworten binnen fünf Werktagen.',
   'active', now() - interval '60 days', 'b0000000-0000-4000-8000-000000000001', 'seed'),
  ('40000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001',
   'Kooperationsvereinbarung Wohnen', ARRAY['housing', 'financial_security'],
   ARRAY['identity', 'residence'], 10, current_date, NULL,
   E'## Zweck\nGemeinsame Wohnungssuche.', 'draft', NULL, 'b0000000-0000-4000-8000-000000000001', 'seed')
ON CONFLICT DO NOTHING;

INSERT INTO agreement_parties (agreement_id, network_id, agency_id, contact_name, signed_at, signed_by)
VALUES
  ('40000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000003', 'Frau Schneider', now() - interval '61 days', 'client:demo-jobcenter'),
  ('40000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000007', 'Frau Hoffmann', now() - interval '60 days', 'client:demo-caritas'),
  ('40000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'Herr Becker', now() - interval '62 days', 'client:demo-coordinator'),
  ('40000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000004', 'Herr Wagner', now() - interval '1 day', 'client:demo-sozialamt'),
  ('40000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000008', NULL, NULL, NULL)
ON CONFLICT DO NOTHING;

-- Referrals in several states; one is overdue.
INSERT INTO referrals (id, network_id, case_id, from_agency_id, to_agency_id, field_of_action, reason,
                       urgency, offer_id, agreement_id, status, requested_at, response_due_at,
                       responded_at, decline_reason, outcome, closed_at, created_by)
VALUES
  ('50000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
   'b0000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000007', 'language', 'Integrationskurs mit Kinderbetreuung',
   'normal', '30000000-0000-4000-8000-000000000001', '40000000-0000-4000-8000-000000000001', 'completed',
   now() - interval '40 days', now() - interval '35 days', now() - interval '38 days', NULL, 'successful', now() - interval '10 days', 'seed'),
  ('50000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
   'b0000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000007', 'recognition', 'Begleitung zur Anerkennungsstelle',
   'normal', NULL, '40000000-0000-4000-8000-000000000001', 'accepted',
   now() - interval '12 days', now() - interval '7 days', now() - interval '11 days', NULL, NULL, NULL, 'seed'),
  ('50000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000003',
   'b0000000-0000-4000-8000-000000000010', 'b0000000-0000-4000-8000-000000000003', 'employment', 'Vermittlung in Arbeit',
   'urgent', NULL, NULL, 'requested',
   now() - interval '9 days', now() - interval '4 days', NULL, NULL, NULL, NULL, 'seed'),
  ('50000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000005',
   'b0000000-0000-4000-8000-000000000007', 'b0000000-0000-4000-8000-000000000002', 'residence', 'Prüfung Ausbildungsduldung',
   'normal', '30000000-0000-4000-8000-000000000011', NULL, 'requested',
   now() - interval '1 day', now() + interval '4 days', NULL, NULL, NULL, NULL, 'seed'),
  ('50000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000002',
   'b0000000-0000-4000-8000-000000000009', 'b0000000-0000-4000-8000-000000000005', 'family_youth', 'Hilfe zur Erziehung',
   'normal', NULL, NULL, 'declined',
   now() - interval '20 days', now() - interval '15 days', now() - interval '18 days', 'capacity', NULL, now() - interval '18 days', 'seed')
ON CONFLICT DO NOTHING;

-- Case conferences: one held last month with decisions, one upcoming.
INSERT INTO conferences (id, network_id, case_id, organiser_agency_id, starts_at, ends_at, place,
                         agenda, person_attends, interpreter_language, status, minutes, held_at,
                         sequence, created_by)
VALUES
  ('60000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
   'b0000000-0000-4000-8000-000000000003', date_trunc('day', now()) - interval '30 days' + interval '9 hours',
   date_trunc('day', now()) - interval '30 days' + interval '10 hours', 'Jobcenter Rhein-Berg, Raum 1.12',
   'Sprachkurs, Anerkennung, Kinderbetreuung', true, 'ar', 'held',
   'Frau H. beginnt im Januar den B1-Kurs mit Kinderbetreuung. Die Anerkennung als PTA wird beantragt.',
   now() - interval '30 days', 0, 'seed'),
  ('60000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
   'b0000000-0000-4000-8000-000000000003', date_trunc('day', now()) + interval '14 days' + interval '10 hours',
   date_trunc('day', now()) + interval '14 days' + interval '11 hours', NULL,
   'Stand Anerkennung, Praktikum', false, NULL, 'scheduled', NULL, NULL, 1, 'seed')
ON CONFLICT DO NOTHING;
UPDATE conferences SET online_url = 'https://konferenz.demo.invalid/fk-rbk-2'
 WHERE id = '60000000-0000-4000-8000-000000000002' AND online_url IS NULL;

INSERT INTO conference_participants (conference_id, network_id, agency_id, role, answer, attended)
VALUES
  ('60000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000007', 'minute_taker', 'confirmed', true),
  ('60000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'chair', 'confirmed', true),
  ('60000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000007', 'participant', 'confirmed', NULL),
  ('60000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'chair', 'pending', NULL)
ON CONFLICT DO NOTHING;

INSERT INTO conference_slots (network_id, conference_id, agency_id, starts_at, ends_at)
SELECT c.network_id, c.id, a.agency_id, c.starts_at, c.ends_at
FROM conferences c, LATERAL (SELECT c.organiser_agency_id AS agency_id UNION
                             SELECT p.agency_id FROM conference_participants p WHERE p.conference_id = c.id) a
WHERE c.id = '60000000-0000-4000-8000-000000000002'
ON CONFLICT DO NOTHING;

INSERT INTO conference_decisions (id, network_id, conference_id, case_id, text, responsible_agency_id,
                                  due_on, status, goal_id)
VALUES
  ('70000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', '60000000-0000-4000-8000-000000000001',
   'd0000000-0000-4000-8000-000000000001', 'Anmeldung zum B1-Kurs mit Kinderbetreuung', 'b0000000-0000-4000-8000-000000000007',
   current_date - 5, 'open', '10000000-0000-4000-8000-000000000001'),
  ('70000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', '60000000-0000-4000-8000-000000000001',
   'd0000000-0000-4000-8000-000000000001', 'Antrag auf Anerkennung stellen', 'b0000000-0000-4000-8000-000000000003',
   current_date + 20, 'open', '10000000-0000-4000-8000-000000000002')
ON CONFLICT DO NOTHING;

-- Barriers met in the demo cases (one recorded by the Jugendamt's decline
-- for capacity), and a gap the steering group follows up with a measure.
INSERT INTO barriers (id, network_id, case_id, referral_id, code, field_of_action, concerned_agency_id,
                      municipality_ags, text, source, reported_by_agency, created_by, created_at)
SELECT v.id::uuid, 'a0000000-0000-4000-8000-000000000001', v.case_id::uuid, v.referral::uuid, v.code, v.f,
       v.concerned::uuid, v.ags, v.text, v.source, v.reporter::uuid, 'seed', now() - v.age * interval '1 day'
FROM (VALUES
  ('80000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001', NULL, 'no_childcare', 'language',
   NULL, '05378004', 'Integrationskurs nur vormittags, keine Betreuung für die Tochter', 'report',
   'b0000000-0000-4000-8000-000000000003', 30),
  ('80000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000001', NULL, 'recognition_backlog', 'recognition',
   NULL, '05378004', 'Bescheid der Anerkennungsstelle seit fünf Monaten offen', 'report',
   'b0000000-0000-4000-8000-000000000003', 12),
  ('80000000-0000-4000-8000-000000000003', 'd0000000-0000-4000-8000-000000000002', NULL, 'language_course_unavailable', 'language',
   NULL, '05378008', 'Kein Jugendintegrationskurs in Burscheid erreichbar', 'report',
   'b0000000-0000-4000-8000-000000000009', 25),
  ('80000000-0000-4000-8000-000000000004', 'd0000000-0000-4000-8000-000000000002', '50000000-0000-4000-8000-000000000005',
   'waiting_list', 'family_youth', 'b0000000-0000-4000-8000-000000000005', '05378004', NULL, 'referral_decline',
   'b0000000-0000-4000-8000-000000000005', 18),
  ('80000000-0000-4000-8000-000000000005', 'd0000000-0000-4000-8000-000000000003', NULL, 'recognition_backlog', 'recognition',
   NULL, '05378028', NULL, 'report', 'b0000000-0000-4000-8000-000000000010', 15),
  ('80000000-0000-4000-8000-000000000006', 'd0000000-0000-4000-8000-000000000004', NULL, 'housing_shortage', 'housing',
   'b0000000-0000-4000-8000-000000000004', '05378032', 'Familie zu fünft in zwei Zimmern', 'report',
   'b0000000-0000-4000-8000-000000000004', 50),
  ('80000000-0000-4000-8000-000000000007', 'd0000000-0000-4000-8000-000000000005', NULL, 'documents_missing', 'residence',
   NULL, '05378016', NULL, 'report', 'b0000000-0000-4000-8000-000000000007', 5)
) AS v(id, case_id, referral, code, f, concerned, ags, text, source, reporter, age)
ON CONFLICT DO NOTHING;

INSERT INTO gaps (id, network_id, title, description, barrier_codes, field_of_action, assigned_agency_id,
                  assigned_group, status, created_by, created_at)
VALUES
  ('90000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001',
   'Kinderbetreuung und Erreichbarkeit der Integrationskurse',
   'Eltern kleiner Kinder und Jugendliche außerhalb Bergisch Gladbachs finden keinen passenden Kurs.',
   ARRAY['language_course_unavailable', 'no_childcare'], 'language', 'b0000000-0000-4000-8000-000000000001',
   'AG Sprache und Bildung', 'in_progress', 'seed', now() - interval '28 days')
ON CONFLICT DO NOTHING;

INSERT INTO gap_measures (id, network_id, gap_id, kind, text, taken_on, created_by)
VALUES
  ('90000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001',
   '90000000-0000-4000-8000-000000000001', 'decision',
   'Lenkungsgruppe beschließt Kinderbetreuung parallel zu den Kursen', current_date - 21, 'seed'),
  ('90000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001',
   '90000000-0000-4000-8000-000000000001', 'measure',
   'Zwei Integrationskurse mit Kinderbetreuung in Bergisch Gladbach gestartet', current_date - 10, 'seed')
ON CONFLICT DO NOTHING;

-- Documents: the signed consent form of Amina's first consent (the lead's, identity) and a
-- support plan Caritas may read (plan).
INSERT INTO documents (id, network_id, case_id, consent_id, category, title, media_type, size_bytes,
                       sha256, uploaded_by_agency, uploaded_by)
SELECT v.id::uuid, 'a0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000001',
       v.consent::uuid, v.cat, v.title, v.type, length(convert_to(v.body, 'UTF8')),
       encode(sha256(convert_to(v.body, 'UTF8')), 'hex'), 'b0000000-0000-4000-8000-000000000003', 'seed'
FROM (VALUES
  ('c1000000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000001', 'identity',
   'Einwilligung EW-2026-0101.pdf', 'application/pdf',
   E'%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% Einwilligung EW-2026-0101 (Demo)\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  ('c1000000-0000-4000-8000-000000000002', NULL, 'plan', 'Förderplan.txt', 'text/plain',
   E'Förderplan (Demo)\n1. Integrationskurs B1 mit Kinderbetreuung\n2. Anerkennung PTA beantragen\n')
) AS v(id, consent, cat, title, type, body)
ON CONFLICT DO NOTHING;
INSERT INTO document_chunks (document_id, n, network_id, data)
SELECT v.id::uuid, 0, 'a0000000-0000-4000-8000-000000000001', convert_to(v.body, 'UTF8')
FROM (VALUES
  ('c1000000-0000-4000-8000-000000000001',
   E'%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% Einwilligung EW-2026-0101 (Demo)\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  ('c1000000-0000-4000-8000-000000000002',
   E'Förderplan (Demo)\n1. Integrationskurs B1 mit Kinderbetreuung\n2. Anerkennung PTA beantragen\n')
) AS v(id, body)
ON CONFLICT DO NOTHING;

-- A follow-up of the Jobcenter for Caritas on Amina's case (the reminders come by themselves).
INSERT INTO tasks (id, network_id, case_id, kind, category, title, due_on, assigned_agency_id,
                   created_by_agency, created_by)
VALUES ('c2000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001',
        'd0000000-0000-4000-8000-000000000001', 'follow_up', 'plan', 'Nachfrage: Platz im Integrationskurs',
        current_date + 7, 'b0000000-0000-4000-8000-000000000007', 'b0000000-0000-4000-8000-000000000003', 'seed')
ON CONFLICT DO NOTHING;

-- A calendar feed of the Jobcenter (its token is not known: make your own with POST /v1/calendar-feeds).
INSERT INTO calendar_feeds (id, network_id, agency_id, label, token_hash, created_by)
VALUES ('c3000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001',
        'b0000000-0000-4000-8000-000000000003', 'Team Integration (Demo)',
        encode(sha256(gen_random_uuid()::text::bytea), 'hex'), 'seed')
ON CONFLICT DO NOTHING;

-- The Jobcenter's team Integration works Amina's case (with staff_access 'assigned' its people
-- in that team would see it; the demo agencies keep 'all').
INSERT INTO case_assignments (id, network_id, case_id, agency_id, team, role, created_by)
VALUES ('c4000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001',
        'd0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000003', 'Integration', 'team', 'seed')
ON CONFLICT DO NOTHING;

-- A finished dry run of the Jobcenter (an import job's report is the agency's own).
INSERT INTO import_jobs (id, network_id, agency_id, format, dry_run, status, lines_total, lines_done,
                         imported, size_bytes, sha256, created_by, finished_at)
VALUES ('c5000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001',
        'b0000000-0000-4000-8000-000000000003', 'csv', true, 'done', 0, 0, 0, 0,
        encode(sha256(''::bytea), 'hex'), 'seed', now())
ON CONFLICT DO NOTHING;
