-- 100,000 cases led by the Jobcenter, each consented to Caritas (identity,
-- residence): the bench reads them as a consented non-lead agency, so the
-- access check and the audit row are part of every request.
BEGIN;
INSERT INTO cases (id, network_id, reference, lead_agency_id, target_group, fields_of_action,
                   first_name, last_name, birth_date, birth_year, gender, nationality, languages,
                   residence_status, municipality_ags, created_by)
SELECT ('c0000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
       'a0000000-0000-4000-8000-000000000001', 'RBK-BENCH-' || lpad(i::text, 6, '0'),
       'b0000000-0000-4000-8000-000000000003',
       (ARRAY['newly_arrived', 'recognised_refugee', 'eu_migrant', 'skilled_worker'])[1 + i % 4],
       ARRAY['language', 'employment'], 'Vorname' || i, 'Nachname' || i,
       date '1970-01-01' + (i % 15000), 1970 + (i % 15000) / 365, 'diverse', 'SY',
       '[{"code": "ar", "level": "native"}]', 'residence_permit_humanitarian', '05378004', 'bench'
FROM generate_series(1, 100000) AS i;
INSERT INTO consents (network_id, case_id, recipient_agency_id, categories, purpose, legal_basis,
                      granted_by)
SELECT 'a0000000-0000-4000-8000-000000000001', ('c0000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
       'b0000000-0000-4000-8000-000000000007', ARRAY['identity', 'residence'], 'Benchmark',
       'consent', 'bench'
FROM generate_series(1, 100000) AS i;
COMMIT;
ANALYZE;
