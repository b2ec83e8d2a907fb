-- The audit log by month (issue 21): a table partitioned by range of `at`,
-- one partition per calendar month (audit_log_pYYYYMM), created twelve
-- months ahead by this migration and by every `lotse maintenance` run, and
-- dropped whole after LOTSE_AUDIT_RETENTION_MONTHS.  Append-only and
-- fail-closed stay: the service may only insert and select (through the
-- parent, under its row-level security), a trigger refuses UPDATE and
-- DELETE on every partition, and an insert for a month without a partition
-- fails (there is no default partition: it would make every new partition
-- scan it, and detaching without blocking impossible).
--
-- Indexes for the reads that need them: by case (its own rows and the
-- lists that showed it: bitmap scans, a case has few rows), by acting
-- agency and time, by actor and time, and the network's log newest first
-- (reads go newest first by `at`, so the months are read in order and a
-- page stops early).

ALTER TABLE audit_log RENAME TO audit_log_unpartitioned;
ALTER INDEX audit_case RENAME TO audit_case_unpartitioned;
ALTER INDEX audit_actor RENAME TO audit_actor_unpartitioned;
ALTER INDEX audit_case_ids RENAME TO audit_case_ids_unpartitioned;
ALTER TABLE audit_log_unpartitioned NO FORCE ROW LEVEL SECURITY;

CREATE TABLE audit_log (
  id           bigint NOT NULL DEFAULT nextval('audit_log_id_seq'),
  network_id   uuid NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  request_id   text NOT NULL,
  actor_sub    text NOT NULL,
  actor_agency uuid,
  actor_client text,
  action       text NOT NULL,
  case_id      uuid,
  case_ids     uuid[],
  categories   text[] NOT NULL DEFAULT '{}',
  outcome      text NOT NULL CHECK (outcome IN ('success', 'denied')),
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
ALTER SEQUENCE audit_log_id_seq OWNED BY audit_log.id;

CREATE INDEX audit_network ON audit_log (network_id, at);
CREATE INDEX audit_case ON audit_log (network_id, case_id, at) WHERE case_id IS NOT NULL;
CREATE INDEX audit_case_ids ON audit_log USING gin (case_ids) WHERE case_ids IS NOT NULL;
CREATE INDEX audit_agency ON audit_log (network_id, actor_agency, at);
CREATE INDEX audit_actor ON audit_log (network_id, actor_sub, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- The partition of the month starting at p_month, if missing: created
-- beside the log and attached, which takes only a SHARE UPDATE EXCLUSIVE
-- lock on the log (inserts and reads go on).  Returns whether it created it.
CREATE FUNCTION lotse_audit_partition(p_month date) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_name text := 'audit_log_p' || to_char(p_month, 'YYYYMM');
  v_from timestamptz := date_trunc('month', p_month)::timestamp AT TIME ZONE 'UTC';
  v_to timestamptz := (date_trunc('month', p_month) + interval '1 month')::timestamp AT TIME ZONE 'UTC';
BEGIN
  IF to_regclass(v_name) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE audit_log INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_name);
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (at >= %L AND at < %L)', v_name,
                 v_name || '_range', v_from, v_to);
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', v_name);
  EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON %I '
                 'FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()', v_name);
  EXECUTE format('ALTER TABLE audit_log ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', v_name,
                 v_from, v_to);
  RETURN true;
END
$$;

-- Keeps the log's partitions: every month from this one to p_ahead months
-- ahead exists, and the oldest month that ended more than p_retention
-- months ago (at least one month: the service calls this and must not be
-- able to empty its own log) is detached and dropped, waiting at most
-- 50 ms for the log's lock.  One month per call: the lock a detach takes
-- lasts until the caller's transaction ends, so each drop commits on its
-- own (`lotse maintenance` calls again while `busy` or a month was
-- dropped); a request waits no longer than one detach.  Returns the months
-- created, the month dropped (NULL for none) and the month found busy.
CREATE FUNCTION lotse_audit_upkeep(p_retention integer, p_ahead integer)
  RETURNS TABLE (created text[], dropped text, busy text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET lock_timeout = '50ms' AS $$
DECLARE
  v_month date;
  v_part text;
BEGIN
  IF p_retention IS NULL OR p_retention < 1 OR p_ahead IS NULL OR p_ahead < 0 OR p_ahead > 24 THEN
    RAISE EXCEPTION 'audit retention of at least one month, at most 24 months ahead'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  created := '{}';
  FOR v_month IN SELECT generate_series(date_trunc('month', now() AT TIME ZONE 'UTC'),
                                        date_trunc('month', now() AT TIME ZONE 'UTC')
                                          + make_interval(months => p_ahead), interval '1 month')::date LOOP
    IF lotse_audit_partition(v_month) THEN
      created := created || ('audit_log_p' || to_char(v_month, 'YYYYMM'));
    END IF;
  END LOOP;
  SELECT c.relname INTO v_part FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
   WHERE i.inhparent = 'audit_log'::regclass
     AND c.relname < 'audit_log_p' || to_char(date_trunc('month', now() AT TIME ZONE 'UTC')
                                                - make_interval(months => p_retention), 'YYYYMM')
   ORDER BY c.relname LIMIT 1;
  IF v_part IS NOT NULL THEN
    BEGIN
      EXECUTE format('ALTER TABLE audit_log DETACH PARTITION %I', v_part);
      EXECUTE format('DROP TABLE %I', v_part);
      dropped := v_part;
    EXCEPTION WHEN lock_not_available THEN
      busy := v_part;
    END;
  END IF;
  RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION lotse_audit_partition(date), lotse_audit_upkeep(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse_audit_upkeep(integer, integer) TO lotse_app;

-- the months the existing rows fall in, and the next twelve
DO $$
DECLARE v_month date;
BEGIN
  FOR v_month IN SELECT generate_series(date_trunc('month', least(
                          (SELECT min(at) FROM audit_log_unpartitioned), now()) AT TIME ZONE 'UTC'),
                        date_trunc('month', now() AT TIME ZONE 'UTC') + interval '12 months',
                        interval '1 month')::date LOOP
    PERFORM lotse_audit_partition(v_month);
  END LOOP;
END $$;
INSERT INTO audit_log SELECT * FROM audit_log_unpartitioned;
DROP TABLE audit_log_unpartitioned;

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_tenant ON audit_log
  USING (network_id = lotse_network()) WITH CHECK (network_id = lotse_network());
-- as in migration 0016: only the owner's export and anonymization functions
DO $$
BEGIN
  EXECUTE format('CREATE POLICY whole_case ON audit_log TO %I USING (network_id = lotse_network() '
                 'AND coalesce(current_setting(''lotse.whole_case'', true), '''') <> '''')', current_user);
END $$;
GRANT SELECT, INSERT ON audit_log TO lotse_app;
