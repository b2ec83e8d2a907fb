/* audit.c - the audit row of each request with personal data, and
 * GET /v1/audit for the network's auditor. */
#include "audit.h"
#include "case_access.h"
#include "store.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"

#include "audit_log.h"

#include <string.h>

static int insert(req_t *r, const db_stmt_t *st, const char *action, const char *case_id,
                  const char *case_ids, const char *categories, int success)
{
    lotse_err_t pending = r->err;
    const char *detail = r->err_detail;
    r->err = ERR_NONE; /* a refusal being recorded must not stop its own record */
    const principal_t *p = &r->principal;
    /* a successful operation on the dispatcher's checked case showed at most what the caller
     * sees of it: recorded so when the handler names no categories (the export's recipients) */
    if (categories == NULL && success && r->access && case_id && strcmp(case_id, r->access->id) == 0)
        categories = r->access->cats_array;
    const char *params[9] = {r->request_id, p->sub, p->agency, p->client_id, action, case_id,
                             case_ids, categories, success ? "success" : "denied"};
    /* in the request's transaction; without one (after a single-statement
     * read) context and insert go in one round trip */
    if (db_exec_once(r, st, params) == NULL) {
        r->commit_on_error = 0;
        r->err_errors = NULL;
        r->retry_after = 1;
        return fail_req(r, ERR_UNAVAILABLE, "the access could not be recorded; nothing is returned");
    }
    r->err = pending;
    r->err_detail = detail;
    r->audited++;
    if (!success)
        r->commit_on_error = 1;
    return 0;
}

int audit(req_t *r, const char *action, const char *case_id, const char *categories,
          int success)
{
    return insert(r, &AUDIT_INSERT, action, case_id, NULL, categories, success);
}

int audit_list(req_t *r, const char *action, const char *case_ids, const char *categories)
{
    return insert(r, &AUDIT_INSERT, action, NULL, case_ids, categories, 1);
}

int audit_rows(req_t *r, const char *action, const char *case_ids, unsigned cats)
{
    if (cats == 0) /* rows of no category (the event feed): nothing to look up per case */
        return insert(r, &AUDIT_INSERT, action, NULL, case_ids, NULL, 1);
    return insert(r, &AUDIT_INSERT_ROWS, action, NULL, case_ids, category_array(r, cats), 1);
}

/* Whether s is an audit row's id (1 to 18 digits). */
static int is_row_id(const char *s)
{
    size_t digits = strspn(s, "0123456789");
    return digits > 0 && digits <= 18 && s[digits] == '\0';
}

int h_audit_list(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    const char *case_id = req_query(r, "case_id"), *agency = req_query(r, "agency_id");
    const char *actor = req_query(r, "actor"), *from = req_query(r, "from"), *to = req_query(r, "to");
    if ((case_id && !is_uuid(case_id)) || (agency && !is_uuid(agency)))
        return fail_req(r, ERR_BAD_REQUEST, "case_id and agency_id must be UUIDs");
    if ((from && !is_timestamp(from)) || (to && !is_timestamp(to)))
        return fail_req(r, ERR_BAD_REQUEST, "from and to must be RFC 3339 timestamps");
    if (p.after && !is_key_pair(p.after, is_timestamp, is_row_id))
        return fail_req(r, ERR_BAD_REQUEST, "cursor is not one this service issued");
    const char *params[7] = {p.after, p.limit_plus_one, case_id, agency, actor, from ? from : "-infinity",
                             to ? to : "infinity"};
    const db_stmt_t *st = case_id ? &AUDIT_LIST_CASE : agency ? &AUDIT_LIST_AGENCY
                          : actor ? &AUDIT_LIST_ACTOR : &AUDIT_LIST_ALL;
    PGresult *res = db_exec(r, st, params);
    return res ? page_respond(r, &p, res) : -1;
}
