/* imports.c - bulk import of cases (issue 23, item 3; migration 0044).
 * The upload (an OP_UPLOAD route: spooled, hashed) becomes a job answered
 * 202 at once; a worker thread of this instance reads the file record by
 * record and creates each case exactly as POST /v1/cases does
 * (case_create: the same validation, codes, statement and event), each
 * line atomic behind a savepoint, 200 lines to a transaction, with one
 * audit row per batch naming its cases (request id "import-<job>").  A
 * dry run rolls every batch back: its report holds the errors and likely
 * duplicates the import would meet.  Progress and every line's result are
 * in the database (GET /v1/imports/{id}, .../lines), so any instance
 * answers; a job whose instance died shows "interrupted" and may be posted
 * again: lines with an external reference the agency already leads a case
 * with are "unchanged". */
#include "audit.h"
#include "case_access.h"
#include "handlers.h"
#include "import_csv.h"
#include "imports.h"
#include "log.h"
#include "page.h"
#include "resource.h"
#include "upload.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH 200
#define MAX_WORKERS 4

static const char *const FORMATS[] = {"csv", "ndjson", NULL};
static const char *const LINE_STATUSES[] = {"imported", "valid", "unchanged", "failed", NULL};
static atomic_int g_workers;

typedef struct job {
    char id[37];
    principal_t principal; /* the uploader's, checked again by every batch (revocation, agency) */
    FILE *file;
    int csv, dry;
    char sep;
    int map[IMPORT_MAX_COLUMNS];
} job_t;

/* The next record of the job's file as a case body: 1 with *body (or *error for a record
 * that is no case), 0 at the end; *line is its first physical line. */
static int next_record(job_t *j, char *buf, int *lines, int *line, json_t **body, const char **error)
{
    *body = NULL;
    *error = NULL;
    for (;;) {
        *line = *lines + 1;
        if (j->csv) {
            char *fields[IMPORT_MAX_COLUMNS];
            int n = csv_record(j->file, j->sep, buf, IMPORT_MAX_RECORD, fields, lines);
            if (n == 0)
                return 0;
            if (n == 1 && fields[0][0] == '\0')
                continue; /* an empty line */
            if (n < 0)
                *error = "the record is malformed (an unclosed quote, too long, or too many columns)";
            else
                *body = csv_case(fields, n, j->map);
            return 1;
        }
        if (fgets(buf, IMPORT_MAX_RECORD, j->file) == NULL)
            return 0;
        (*lines)++;
        size_t len = strlen(buf);
        if (len == IMPORT_MAX_RECORD - 1 && buf[len - 1] != '\n') {
            int c;
            while ((c = fgetc(j->file)) != EOF && c != '\n')
                ;
            *error = "the line is too long";
            return 1;
        }
        if (strspn(buf, " \t\r\n") == len)
            continue;
        json_error_t e;
        *body = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &e);
        if (*body && !json_is_object(*body)) {
            json_decref(*body);
            *body = NULL;
        }
        if (*body == NULL)
            *error = "the line is not a JSON object";
        return 1;
    }
}

/* The errors of a failed line as a JSON array of {field, message} (new reference). */
static json_t *line_errors(req_t *r, const char *error)
{
    json_t *out = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(r->err_errors, i, e)
        json_array_append_new(out, json_pack("{s:O?, s:O?}", "field", json_object_get(e, "pointer"),
                                             "message", json_object_get(e, "message")));
    if (json_array_size(out) == 0)
        json_array_append_new(out, json_pack("{s:n, s:s}", "field", "message",
                                             error ? error : r->err_detail ? r->err_detail : "refused"));
    return out;
}

/* A request context of the job: its uploader as the token said, so that row-level security
 * restricts it as it restricted the upload (a person of an agency with staff_access
 * 'assigned'), and every transaction checks again that the client is not revoked and the
 * agency active. */
static req_t *job_context(const job_t *j)
{
    req_t *r = req_internal("import", j->principal.network, j->principal.agency, ROLE_CASEWORKER);
    if (r) {
        r->principal = j->principal;
        r->authenticated = 1;
        snprintf(r->request_id, sizeof r->request_id, "import-%s", j->id);
    }
    return r;
}

/* The ids of the likely duplicates of results, as an array literal ("{a,b}"), in r's arena;
 * NULL when there are none. */
static const char *duplicate_ids(req_t *r, json_t *results)
{
    size_t i, k;
    json_t *line, *d;
    char *out = NULL;
    json_array_foreach(results, i, line) json_array_foreach(json_object_get(line, "likely_duplicates"), k, d) {
        const char *id = json_string_value(json_object_get(d, "case_id"));
        if (id)
            out = out ? arena_sprintf(r->arena, "%s,%s", out, id) : arena_sprintf(r->arena, "%s", id);
    }
    return out ? arena_sprintf(r->arena, "{%s}", out) : NULL;
}

/* Records a batch's results (and the end, or the job's failure) with the audit row of the
 * likely duplicates a dry run showed (its batch was rolled back with the row it wrote); 0 or -1. */
static int record(const job_t *j, json_t *results, int done, const char *error)
{
    req_t *r = job_context(j);
    if (r == NULL)
        return -1;
    char *text = json_dumps(results, JSON_COMPACT);
    const char *params[4] = {j->id, text ? text : "[]", done ? "true" : "false", error};
    const char *dups = j->dry ? duplicate_ids(r, results) : NULL;
    PGresult *res = dups && audit_list(r, "case.duplicates", dups, "{identity}") != 0
                        ? NULL
                        : db_exec(r, &IMPORT_RECORD, params);
    int rc = db_finish(r, res != NULL) == 0 && res ? 0 : -1;
    free(text);
    arena_free(r->arena);
    return rc;
}

/* One batch: up to BATCH records in one transaction, each behind a savepoint.  Returns 1 when
 * more may follow, 0 at the end, -1 when the database failed (*why). */
static int run_batch(job_t *j, char *buf, int *lines, json_t *results, const char **why)
{
    req_t *r = job_context(j);
    if (r == NULL)
        return -1;
    int more = 1, n = 0;
    const char *ids = NULL; /* the cases made, "a,b,..." */
    while (n < BATCH) {
        int line;
        json_t *body;
        const char *error;
        if (next_record(j, buf, lines, &line, &body, &error) == 0) {
            more = 0;
            break;
        }
        n++;
        json_t *res = json_pack("{s:i}", "line", line);
        const char *ext = json_string_value(json_object_get(body, "external_reference"));
        if (ext)
            json_object_set_new(res, "external_reference", json_string(ext));
        PGresult *row = NULL;
        const char *dups = NULL;
        int rc = -1;
        if (body && db_exec(r, &IMPORT_SAVEPOINT, NULL) != NULL)
            rc = case_create(r, body, j->dry ? 2 : 1, &row, &dups);
        if (rc < 0 && (r->err == ERR_UNAVAILABLE || r->err == ERR_INTERNAL) && body) {
            *why = r->err_detail ? r->err_detail : "the database failed";
            json_decref(res);
            json_decref(body);
            more = -1;
            break;
        }
        if (rc < 0) {
            json_object_set_new(res, "status", json_string("failed"));
            json_object_set_new(res, "errors", line_errors(r, error));
            int was_db = body != NULL;
            req_clear_error(r);
            if (was_db && db_exec(r, &IMPORT_ROLLBACK_LINE, NULL) == NULL) {
                *why = "the database failed";
                json_decref(res);
                json_decref(body);
                more = -1;
                break;
            }
        } else {
            const char *id = db_get(row, 0, "id");
            json_object_set_new(res, "status", json_string(rc == 0 ? "unchanged" : j->dry ? "valid" : "imported"));
            if (!(j->dry && rc == 1)) /* a dry run's new cases were rolled back */
                json_object_set_new(res, "case_id", json_string(id));
            if (dups)
                json_object_set_new(res, "likely_duplicates", json_loads(dups, 0, NULL));
            if (rc == 1)
                ids = ids ? arena_sprintf(r->arena, "%s,%s", ids, id) : id;
        }
        json_array_append_new(results, res);
        json_decref(body);
    }
    /* the job's audit row of this batch names every case it made */
    if (more >= 0 && ids && audit_list(r, "case.import", arena_sprintf(r->arena, "{%s}", ids),
                                       "{identity,residence}") != 0) {
        *why = "the audit row could not be written";
        more = -1;
    }
    if (db_finish(r, more >= 0 && !j->dry) != 0 && more >= 0) {
        *why = "the batch could not be committed";
        more = -1;
    }
    arena_free(r->arena);
    return more;
}

static void *worker(void *arg)
{
    job_t *j = arg;
    char *buf = malloc(IMPORT_MAX_RECORD);
    /* the job row is the request's: wait until it committed (ten seconds at most) */
    int seen = 0;
    for (int i = 0; i < 200 && !seen && buf; i++) {
        req_t *r = job_context(j);
        PGresult *res = r ? db_exec_once(r, &IMPORT_EXISTS, (const char *[]){j->id}) : NULL;
        seen = res && PQntuples(res) == 1;
        if (r) {
            db_finish(r, 0);
            arena_free(r->arena);
        }
        if (!seen)
            usleep(50000);
    }
    int lines = 0;
    if (seen && j->csv) { /* the header, checked by the request already */
        char *fields[IMPORT_MAX_COLUMNS];
        const char *which;
        int n = csv_record(j->file, j->sep, buf, IMPORT_MAX_RECORD, fields, &lines);
        csv_header(fields, n, j->map, &which);
    }
    for (int more = seen; more > 0;) {
        json_t *results = json_array();
        const char *why = NULL;
        more = run_batch(j, buf, &lines, results, &why);
        if (record(j, more < 0 ? json_array() : results, more == 0, more < 0 ? why : NULL) != 0) {
            log_msg(LOG_ERROR, "import %s: its progress could not be recorded", j->id);
            more = -1;
        }
        if (more < 0)
            log_msg(LOG_ERROR, "import %s stopped: %s", j->id, why ? why : "recording failed");
        json_decref(results);
    }
    db_thread_close();
    fclose(j->file);
    free(buf);
    free(j);
    atomic_fetch_sub(&g_workers, 1);
    return NULL;
}

/* Counts the file's records and, for CSV, checks its header (400 naming the column). */
static int survey(req_t *r, job_t *j, int *records)
{
    char *buf = arena_alloc(r->arena, IMPORT_MAX_RECORD);
    *records = 0;
    int lines = 0;
    if (j->csv) {
        char first[4096] = "";
        if (fgets(first, sizeof first, j->file) == NULL)
            return fail_req(r, ERR_BAD_REQUEST, "the file is empty");
        j->sep = csv_separator(first);
        rewind(j->file);
        char *fields[IMPORT_MAX_COLUMNS];
        const char *which = "";
        int n = csv_record(j->file, j->sep, buf, IMPORT_MAX_RECORD, fields, &lines);
        switch (n <= 0 ? -1 : csv_header(fields, n, j->map, &which)) {
        case HEADER_OK:
            break;
        case HEADER_UNKNOWN:
            return fail_req(r, ERR_BAD_REQUEST, "the header line names an unknown column: %.64s", which);
        case HEADER_TWICE:
            return fail_req(r, ERR_BAD_REQUEST, "the header line names a column twice: %.64s", which);
        case HEADER_NO_TARGET_GROUP:
            return fail_req(r, ERR_BAD_REQUEST, "the header line has no column target_group");
        default:
            return fail_req(r, ERR_BAD_REQUEST, "the header line is malformed");
        }
    }
    int line;
    json_t *body;
    const char *error;
    while (next_record(j, buf, &lines, &line, &body, &error) == 1) {
        json_decref(body);
        (*records)++;
    }
    rewind(j->file);
    return 0;
}

int h_imports_create(req_t *r)
{
    const char *format, *dry;
    if (query_enum(r, "format", FORMATS, &format) != 0 || query_enum(r, "dry_run", QUERY_BOOLEANS, &dry) != 0)
        return -1;
    if (format == NULL)
        return fail_req(r, ERR_BAD_REQUEST, "format is required: csv or ndjson");
    upload_t *u = r->upload;
    if (u == NULL || u->size == 0)
        return fail_req(r, ERR_BAD_REQUEST, "the body is empty: send the file's bytes");
    job_t *j = calloc(1, sizeof *j);
    int fd = j ? dup(u->fd) : -1;
    if (fd < 0 || (j->file = fdopen(fd, "r")) == NULL) {
        if (fd >= 0)
            close(fd);
        free(j);
        return fail_req(r, ERR_UNAVAILABLE, "out of memory; try again");
    }
    j->csv = strcmp(format, "csv") == 0;
    j->dry = dry && strcmp(dry, "true") == 0;
    int records;
    if (survey(r, j, &records) != 0 || atomic_fetch_add(&g_workers, 1) >= MAX_WORKERS) {
        if (r->err == ERR_NONE) {
            atomic_fetch_sub(&g_workers, 1);
            r->retry_after = 30;
            fail_req(r, ERR_UNAVAILABLE, "this instance runs %d imports already; try again", MAX_WORKERS);
        }
        fclose(j->file);
        free(j);
        return -1;
    }
    char size[24], count[16];
    snprintf(size, sizeof size, "%llu", (unsigned long long)u->size);
    snprintf(count, sizeof count, "%d", records);
    const char *params[6] = {format, j->dry ? "true" : "false", size, u->sha256, r->principal.sub, count};
    PGresult *res = db_write(r, &IMPORT_CREATE, params, "import.created", "import");
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (res) {
        snprintf(j->id, sizeof j->id, "%s", db_get(res, 0, "id"));
        j->principal = r->principal;
    }
    if (res == NULL || pthread_create(&t, &attr, worker, j) != 0) {
        pthread_attr_destroy(&attr);
        atomic_fetch_sub(&g_workers, 1);
        fclose(j->file);
        free(j);
        return r->err != ERR_NONE ? -1 : fail_req(r, ERR_UNAVAILABLE, "the import could not start; try again");
    }
    pthread_attr_destroy(&attr);
    return respond_row(r, res, 202, arena_sprintf(r->arena, "/v1/imports/%s", db_get(res, 0, "id")));
}

int h_imports_get(req_t *r)
{
    const char *id[1] = {uuid_param(r, 0)};
    if (id[0] == NULL)
        return -1;
    PGresult *res = db_exec_once(r, &IMPORT_GET, id);
    if (res && PQntuples(res) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such import");
    return res ? respond_row(r, res, 200, NULL) : -1;
}

static int is_line_key(const char *s)
{
    return strlen(s) == 10 && strspn(s, "0123456789") == 10;
}

int h_imports_lines(req_t *r)
{
    page_t p;
    const char *status;
    const char *id = uuid_param(r, 0);
    if (id == NULL || page_parse(r, &p) != 0 || query_enum(r, "status", LINE_STATUSES, &status) != 0)
        return -1;
    if (p.after && !is_line_key(p.after))
        return fail_req(r, ERR_BAD_REQUEST, "cursor is not one this service issued");
    const char *params[4] = {id, p.after, p.limit_plus_one, status};
    PGresult *res = db_exec(r, &IMPORT_LINES, params);
    if (res && PQntuples(res) == 0) { /* an empty page, or no job of the caller's at all */
        PGresult *job = db_exec(r, &IMPORT_GET, params);
        if (job == NULL)
            return -1;
        if (PQntuples(job) == 0)
            return fail_req(r, ERR_NOT_FOUND, "no such import");
    }
    return res ? page_respond(r, &p, res) : -1;
}
