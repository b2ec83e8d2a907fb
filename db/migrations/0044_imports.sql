-- Bulk import (issue 23, item 3): an agency brings its cases from a
-- spreadsheet or its old system as one upload (CSV or NDJSON).  A job
-- reads the file line by line, each line atomic (a savepoint), in batches
-- of one transaction each; a dry run does the same and rolls every batch
-- back, so its report holds exactly the errors and likely duplicates the
-- import would meet.  Idempotent by the agency's own external reference:
-- a line whose reference the agency already leads a case with is
-- "unchanged", so a job may be posted again after any interruption.
ALTER TABLE cases ADD COLUMN external_reference text CHECK (length(external_reference) BETWEEN 1 AND 100);
CREATE UNIQUE INDEX cases_external_reference ON cases (lead_agency_id, external_reference)
  WHERE external_reference IS NOT NULL;

CREATE TABLE import_jobs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id   uuid NOT NULL,
  agency_id    uuid NOT NULL,
  format       text NOT NULL CHECK (format IN ('csv', 'ndjson')),
  dry_run      boolean NOT NULL,
  status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  lines_total  integer NOT NULL DEFAULT 0,
  lines_done   integer NOT NULL DEFAULT 0,
  imported     integer NOT NULL DEFAULT 0,
  unchanged    integer NOT NULL DEFAULT 0,
  failed       integer NOT NULL DEFAULT 0,
  duplicates   integer NOT NULL DEFAULT 0,
  error        text,
  size_bytes   bigint NOT NULL,
  sha256       text NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  FOREIGN KEY (network_id, agency_id) REFERENCES agencies (network_id, id)
);
CREATE INDEX import_jobs_agency ON import_jobs (agency_id, created_at);

CREATE TABLE import_lines (
  job_id              uuid NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
  line                integer NOT NULL,
  network_id          uuid NOT NULL,
  agency_id           uuid NOT NULL,
  status              text NOT NULL CHECK (status IN ('imported', 'valid', 'unchanged', 'failed')),
  external_reference  text,
  case_id             uuid,
  errors              jsonb NOT NULL DEFAULT '[]',
  likely_duplicates   jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (job_id, line)
);
CREATE INDEX import_lines_case ON import_lines (case_id) WHERE case_id IS NOT NULL;

ALTER TABLE import_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE import_jobs FORCE ROW LEVEL SECURITY;
-- a person's jobs are its own (its report names cases it may see); the agency's systems see all
CREATE POLICY import_jobs_agency ON import_jobs
  USING (network_id = lotse_network() AND agency_id = lotse_agency()
         AND (coalesce(current_setting('lotse.person', true), '') <> 'on'
              OR created_by = current_setting('lotse.sub', true)))
  WITH CHECK (network_id = lotse_network() AND agency_id = lotse_agency());
ALTER TABLE import_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE import_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY import_lines_agency ON import_lines
  USING (network_id = lotse_network() AND agency_id = lotse_agency()
         AND EXISTS (SELECT 1 FROM import_jobs j WHERE j.id = import_lines.job_id)
         AND (case_id IS NULL OR lotse_sees(case_id, NULL)))
  WITH CHECK (network_id = lotse_network() AND agency_id = lotse_agency());
DO $$
BEGIN
  EXECUTE format('CREATE POLICY whole_case ON import_lines TO %I USING (network_id = lotse_network() '
                 'AND coalesce(current_setting(''lotse.whole_case'', true), '''') <> '''')', current_user);
END $$;
GRANT SELECT, INSERT, UPDATE ON import_jobs TO lotse_app;
GRANT SELECT, INSERT ON import_lines TO lotse_app;

-- a case's rows: its own line, and the lines that name it as a likely duplicate
INSERT INTO data_map_tables VALUES ('import_jobs', NULL),
  ('import_lines', 'case_id = $1 OR likely_duplicates @> jsonb_build_array(jsonb_build_object(''case_id'', $1::text))');
INSERT INTO data_map VALUES
  -- the agency's file number identifies the person in the agency's own files
  ('cases', 'external_reference', 'identity', 'identifier', 'erase', NULL, 'case', false),
  ('import_jobs', 'id', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'network_id', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'agency_id', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'format', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'dry_run', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'status', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'lines_total', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'lines_done', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'imported', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'unchanged', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'failed', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'duplicates', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'error', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'size_bytes', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'sha256', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('import_jobs', 'created_at', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'heartbeat_at', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_jobs', 'finished_at', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_lines', 'job_id', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_lines', 'line', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_lines', 'network_id', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_lines', 'agency_id', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_lines', 'status', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_lines', 'external_reference', 'identity', 'identifier', 'erase', NULL, NULL, false),
  ('import_lines', 'case_id', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_lines', 'errors', 'none', 'none', 'keep', NULL, NULL, false),
  ('import_lines', 'likely_duplicates', 'identity', 'structured', 'erase', '[]', NULL, false);

-- Import reports are working papers: lotse maintenance deletes the jobs (and their lines, with
-- the file numbers of failed and dry-run lines) older than LOTSE_IMPORT_RETENTION_DAYS.
CREATE FUNCTION lotse_prune_imports(p_days integer) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  n bigint;
BEGIN
  IF p_days IS NULL OR p_days < 1 THEN
    RAISE EXCEPTION 'import reports are kept at least a day' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM set_config('lotse.prune_imports', 'on', true);
  DELETE FROM import_jobs WHERE created_at < now() - make_interval(days => p_days);
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('lotse.prune_imports', '', true);
  RETURN n;
END $$;
DO $$
BEGIN
  EXECUTE format('CREATE POLICY prune ON import_jobs TO %I USING (current_setting(''lotse.prune_imports'', true) = ''on'')',
                 current_user);
  EXECUTE format('CREATE POLICY prune ON import_lines TO %I USING (current_setting(''lotse.prune_imports'', true) = ''on'')',
                 current_user);
END $$;
REVOKE ALL ON FUNCTION lotse_prune_imports(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse_prune_imports(integer) TO lotse_app;
