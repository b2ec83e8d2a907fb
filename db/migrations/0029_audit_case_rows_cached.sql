-- A case's audit rows read in constant work (issue 21).
-- lotse_audit_case_rows (0026) in PL/pgSQL, so that its statement's plan
-- is cached per connection: as an SQL function it was planned again on
-- every call, over every monthly partition of the log (3 to 17 ms of
-- planning for 1 ms of execution with 37 partitions).  The plan is
-- generic from the first call (no time bound, so nothing to prune by),
-- and without parallel workers: starting them cost more than the few
-- hundred rows it reads.
CREATE OR REPLACE FUNCTION lotse_audit_case_rows(p_case uuid, p_at timestamptz, p_id bigint, p_limit integer)
  RETURNS SETOF audit_log
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  SET plan_cache_mode = force_generic_plan SET max_parallel_workers_per_gather = 0 AS $$
BEGIN
  RETURN QUERY
  (SELECT a.* FROM audit_log a WHERE a.network_id = lotse_network() AND a.case_id = p_case
     AND (p_at IS NULL OR (a.at, a.id) < (p_at, p_id)) ORDER BY a.at DESC, a.id DESC LIMIT p_limit)
  UNION ALL
  (SELECT a.* FROM audit_log a WHERE a.network_id = lotse_network() AND a.case_ids @> ARRAY[p_case]
     AND (p_at IS NULL OR (a.at, a.id) < (p_at, p_id))
     ORDER BY a.at + interval '0' DESC, a.id DESC LIMIT p_limit);
END $$;

-- The GIN index on the case_ids of list rows kept new entries in its
-- pending list until the next vacuum, and every lookup read the whole
-- list: 220 pages per monthly partition after a bulk load, 61 ms for one
-- case's audit rows at 10,000,000 rows.  Without fastupdate every insert
-- of a list's row (one audit row in twenty) enters its cases at once.
DROP INDEX audit_case_ids;
CREATE INDEX audit_case_ids ON audit_log USING gin (case_ids) WITH (fastupdate = off) WHERE case_ids IS NOT NULL;
