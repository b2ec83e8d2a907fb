/* imports.c - SQL for bulk import jobs; see imports.h. */
#include "imports.h"

#define JOB_JSON                                                                                \
    "json_build_object('id', j.id, 'agency_id', j.agency_id, 'format', j.format, "               \
    "'dry_run', j.dry_run, 'status', CASE WHEN j.status = 'running' "                            \
    "  AND j.heartbeat_at < now() - interval '2 minutes' THEN 'interrupted' ELSE j.status END, "  \
    "'lines_total', j.lines_total, 'lines_done', j.lines_done, 'imported', j.imported, "         \
    "'unchanged', j.unchanged, 'failed', j.failed, 'likely_duplicates', j.duplicates, "          \
    "'error', j.error, 'size_bytes', j.size_bytes, 'sha256', j.sha256, "                         \
    "'lines', '/v1/imports/' || j.id || '/lines', 'created_at', lotse_ts(j.created_at), "         \
    "'finished_at', lotse_ts(j.finished_at))::text"

const db_stmt_t IMPORT_CREATE = {
    "import_create",
    "INSERT INTO import_jobs AS j (network_id, agency_id, format, dry_run, size_bytes, sha256, created_by, "
    "lines_total) VALUES (lotse_network(), lotse_agency(), $1, $2::boolean, $3::bigint, $4, $5, $6::int) "
    "RETURNING j.id, j.network_id, 1 AS version, " JOB_JSON " AS json",
    6};

const db_stmt_t IMPORT_GET = {
    "import_get",
    "SELECT 1 AS version, " JOB_JSON " AS json FROM import_jobs j WHERE j.id = $1::uuid "
    "AND j.agency_id = lotse_agency()",
    1};

/* a likely duplicate d of a report line is shown while the caller sees its case with identity */
#define SEEN_NOW "WHERE lotse_sees((d->>'case_id')::uuid, 'identity')"

const db_stmt_t IMPORT_LINES = {
    "import_lines",
    "SELECT lpad(l.line::text, 10, '0') AS key, l.case_id, "
    "(SELECT array_agg(d->>'case_id') FROM jsonb_array_elements(l.likely_duplicates) d " SEEN_NOW ")::text "
    "AS seen_ids, json_build_object('line', l.line, "
    "'status', l.status, 'external_reference', l.external_reference, 'case_id', l.case_id, "
    "'errors', l.errors, 'likely_duplicates', (SELECT coalesce(jsonb_agg(d), '[]') "
    "FROM jsonb_array_elements(l.likely_duplicates) d " SEEN_NOW "))::text AS json FROM import_lines l "
    "WHERE l.job_id = $1::uuid AND l.agency_id = lotse_agency() "
    "AND ($2::text IS NULL OR l.line > $2::int) AND ($4::text IS NULL OR l.status = $4) "
    "ORDER BY l.line LIMIT $3::int",
    4};

const db_stmt_t IMPORT_RECORD = {
    "import_record",
    "WITH ins AS (INSERT INTO import_lines (job_id, line, network_id, agency_id, status, "
    "  external_reference, case_id, errors, likely_duplicates) "
    "  SELECT $1::uuid, x.line, lotse_network(), lotse_agency(), x.status, x.external_reference, x.case_id, "
    "  coalesce(x.errors, '[]'), coalesce(x.likely_duplicates, '[]') "
    "  FROM jsonb_to_recordset($2::jsonb) AS x (line int, status text, external_reference text, "
    "  case_id uuid, errors jsonb, likely_duplicates jsonb) RETURNING status, likely_duplicates) "
    "UPDATE import_jobs j SET lines_done = j.lines_done + (SELECT count(*) FROM ins), "
    "imported = j.imported + (SELECT count(*) FROM ins WHERE status IN ('imported', 'valid')), "
    "unchanged = j.unchanged + (SELECT count(*) FROM ins WHERE status = 'unchanged'), "
    "failed = j.failed + (SELECT count(*) FROM ins WHERE status = 'failed'), "
    "duplicates = j.duplicates + (SELECT count(*) FROM ins WHERE likely_duplicates <> '[]'), "
    "heartbeat_at = now(), error = coalesce($4, j.error), "
    "status = CASE WHEN $4 IS NOT NULL THEN 'failed' WHEN $3::boolean THEN 'done' ELSE j.status END, "
    "finished_at = CASE WHEN $3::boolean OR $4 IS NOT NULL THEN now() END "
    "WHERE j.id = $1::uuid RETURNING j.lines_done",
    4};

const db_stmt_t IMPORT_EXISTS = {
    "import_exists", "SELECT 1 FROM import_jobs WHERE id = $1::uuid", 1};

const db_stmt_t IMPORT_SAVEPOINT = {"import_savepoint", "SAVEPOINT import_line", 0};
const db_stmt_t IMPORT_ROLLBACK_LINE = {"import_rollback_line", "ROLLBACK TO SAVEPOINT import_line", 0};
