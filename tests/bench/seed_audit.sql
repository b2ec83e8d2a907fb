-- Growth bench (issue 21): audit rows :first .. :last of the demo network,
-- spread over the last 24 months (partitions made first), reads of the
-- growth cases 1 .. :cases by Caritas and the Jobcenter, one in twenty a
-- page of ten cases; psql -v first=N -v last=M -v cases=C.
SELECT count(lotse_audit_partition(m::date)) FROM generate_series(
  date_trunc('month', now() - interval '24 months'), now(), interval '1 month') m;
INSERT INTO audit_log (id, network_id, at, request_id, actor_sub, actor_agency, actor_client, action,
                       case_id, case_ids, categories, outcome)
SELECT nextval('audit_log_id_seq'), 'a0000000-0000-4000-8000-000000000001',
       now() - interval '730 days' * ((:last - i)::float / :last),
       md5(i::text), CASE WHEN i % 3 = 0 THEN 'client:demo-jobcenter' ELSE 'client:demo-caritas' END,
       CASE WHEN i % 3 = 0 THEN 'b0000000-0000-4000-8000-000000000003'::uuid
            ELSE 'b0000000-0000-4000-8000-000000000007'::uuid END,
       CASE WHEN i % 3 = 0 THEN 'demo-jobcenter' ELSE 'demo-caritas' END,
       CASE WHEN i % 20 = 0 THEN 'case.list' ELSE 'case.read' END,
       CASE WHEN i % 20 = 0 THEN NULL
            ELSE ('c0000000-0000-4000-8000-' || lpad((1 + (i * 7919) % :cases)::text, 12, '0'))::uuid END,
       CASE WHEN i % 20 = 0 THEN ARRAY(SELECT ('c0000000-0000-4000-8000-'
              || lpad((1 + (i * 31 + k) % :cases)::text, 12, '0'))::uuid FROM generate_series(1, 10) k) END,
       '{identity,residence}', 'success'
FROM generate_series(:first::bigint, :last::bigint) AS i;
ANALYZE audit_log;
