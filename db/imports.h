/* imports.h - SQL for bulk import jobs (migration 0044): an agency's own
 * jobs and line results only (row-level security). */
#ifndef LOTSE_DB_IMPORTS_H
#define LOTSE_DB_IMPORTS_H
#include "db.h"

/* $1 format, $2 dry_run, $3 size, $4 sha256, $5 created_by, $6 lines: id, network_id, version, json */
extern const db_stmt_t IMPORT_CREATE;
/* $1 job: version, json (status "interrupted" for a running job without a heartbeat for two
 * minutes) */
extern const db_stmt_t IMPORT_GET;
/* $1 job, $2 after line, $3 limit+1, $4 status filter: key, case_id, seen_ids (the likely
 * duplicates shown, "{...}"), json */
extern const db_stmt_t IMPORT_LINES;
/* $1 job, $2 the batch's line results (JSON array of {line, status, external_reference, case_id,
 * errors, likely_duplicates}), $3 done ("true": the job is finished), $4 error (the job's, or
 * NULL): the counts added */
extern const db_stmt_t IMPORT_RECORD;
/* $1 job: 1 when it exists (the worker waits for the request that made it to commit) */
extern const db_stmt_t IMPORT_EXISTS;
/* A savepoint around one line, and back to it after a failed one */
extern const db_stmt_t IMPORT_SAVEPOINT;
extern const db_stmt_t IMPORT_ROLLBACK_LINE;
#endif
