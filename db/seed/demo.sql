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
