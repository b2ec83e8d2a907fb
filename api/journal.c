/* journal.c - journal entries of a case (category "journal"): dated notes
 * by an agency.  Only the author agency corrects an entry, and every
 * correction keeps the previous text in the entry's history. */
#include "audit.h"
#include "case_access.h"
#include "handlers.h"
#include "journal.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"

#include <string.h>

static const field_spec_t JOURNAL_FIELDS[] = {
    FIELD_TEXT("text", F_REQUIRED, 1, 20000),
    FIELD_DATE("occurred_on", F_PAST),
    FIELD_END,
};
static const field_spec_t CORRECTION_FIELDS[] = {
    FIELD_TEXT("text", F_REQUIRED, 1, 20000),
    FIELD_END,
};

static const case_sub_t JOURNAL = {"{journal}", "journal.list", "journal.read",
                                   &JOURNAL_LIST, &JOURNAL_GET, 0};

int h_journal_create(req_t *r)
{
    case_access_t a;
    if (case_here(r, &a) != 0)
        return -1;
    json_t *body = body_object(r, 0);
    if (body == NULL || body_validate(r, body, JOURNAL_FIELDS, 0) != 0)
        return -1;
    const char *params[3] = {a.id, json_text(r, body), r->principal.sub};
    PGresult *res = db_write(r, &JOURNAL_CREATE, params, "journal.created", "journal_entry");
    if (res == NULL || audit(r, "journal.create", a.id, "{journal}", 1) != 0)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/cases/%s/journal/%s", a.id,
                                                  db_get(res, 0, "id")));
}

int h_journal_list(req_t *r)
{
    return case_sub_list(r, &JOURNAL, NULL);
}

int h_journal_get(req_t *r)
{
    return case_sub_get(r, &JOURNAL);
}

int h_journal_correct(req_t *r)
{
    case_access_t a;
    const char *id, *version;
    json_t *body;
    if (case_sub_change(r, CORRECTION_FIELDS, 0, &a, &id, &version,
                        &body) != 0)
        return -1;
    const char *gparams[2] = {a.id, id};
    PGresult *cur = db_exec(r, &JOURNAL_GET, gparams);
    if (cur == NULL)
        return -1;
    if (PQntuples(cur) == 0)
        return fail_req(r, ERR_NOT_FOUND, "no such journal entry");
    if (strcmp(db_get(cur, 0, "is_author"), "t") != 0)
        return case_deny(r, &a, "journal.correct", ERR_FORBIDDEN,
                         "only the agency that wrote the entry may correct it");
    if (version == NULL)
        version = db_get(cur, 0, "version");
    const char *kparams[4] = {a.id, id, version, r->principal.sub};
    PGresult *kept = db_exec(r, &JOURNAL_KEEP_REVISION, kparams);
    if (kept == NULL)
        return -1;
    if (PQntuples(kept) == 0)
        return fail_req(r, ERR_PRECONDITION_FAILED, "the entry changed since you read it");
    const char *params[4] = {a.id, id, json_string_value(json_object_get(body, "text")), version};
    if (db_write(r, &JOURNAL_CORRECT, params, "journal.corrected", "journal_entry") == NULL ||
        audit(r, "journal.correct", a.id, "{journal}", 1) != 0)
        return -1;
    return respond_row(r, db_exec(r, &JOURNAL_GET, gparams), 200, NULL);
}
