-- The case's rows of lists read in constant work (issue 21).  The GIN
-- index on case_ids kept new entries in its pending list until the next
-- vacuum, and every lookup read the whole list: 220 pages per monthly
-- partition after a bulk load, 61 ms for one case's audit rows at
-- 10,000,000 rows.  Without fastupdate every insert of a list's row
-- (one audit row in twenty) enters its cases at once.  The reads of a
-- case's rows also run without parallel workers: starting them cost more
-- than the few hundred rows they read.
DROP INDEX audit_case_ids;
CREATE INDEX audit_case_ids ON audit_log USING gin (case_ids) WITH (fastupdate = off) WHERE case_ids IS NOT NULL;
ALTER FUNCTION lotse_audit_case_rows(uuid, timestamptz, bigint, integer) SET max_parallel_workers_per_gather = 0;
