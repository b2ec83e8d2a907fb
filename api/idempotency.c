/* idempotency.c - see idempotency.h.  The key row is inserted first, in
 * the request's transaction: a concurrent retry with the same key waits
 * on it and then replays the committed answer. */
#include "idempotency.h"
#include "store.h"
#include "idempotency_keys.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_KEY 200

static const char *key_of(req_t *r)
{
    if (strcmp(r->method, "POST") != 0 || !r->authenticated)
        return NULL;
    return req_header(r, "Idempotency-Key");
}

static const char *find_header(req_t *r, const char *name)
{
    for (int i = 0; i < r->nhdr; i++)
        if (strcasecmp(r->hdr_name[i], name) == 0)
            return r->hdr_value[i];
    return NULL;
}

int idempotency_begin(req_t *r)
{
    const char *key = key_of(r);
    if (key == NULL)
        return 0;
    size_t n = strlen(key);
    for (size_t i = 0; i < n; i++)
        if (key[i] < 0x21 || key[i] > 0x7e)
            n = 0;
    if (n == 0 || n > MAX_KEY)
        return fail_req(r, ERR_BAD_REQUEST, "Idempotency-Key must be 1-%d visible ASCII characters",
                        MAX_KEY);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char md[32];
    unsigned int mdlen = 0;
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    EVP_DigestUpdate(ctx, r->url, strlen(r->url) + 1);
    if (r->body)
        EVP_DigestUpdate(ctx, r->body, r->body_len);
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    EVP_MD_CTX_free(ctx);
    char hash[65];
    for (int i = 0; i < 32; i++)
        snprintf(hash + 2 * i, 3, "%02x", md[i]);

    const char *params[2] = {key, hash};
    PGresult *res = db_exec(r, &IDEM_CLAIM, params);
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 1)
        return 0;
    res = db_exec(r, &IDEM_GET, params);
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0 || db_get(res, 0, "status") == NULL)
        return fail_req(r, ERR_CONFLICT, "a request with this Idempotency-Key is still in progress");
    if (strcmp(db_get(res, 0, "request_hash"), hash) != 0)
        return fail_req(r, ERR_UNPROCESSABLE,
                        "this Idempotency-Key was used for a different request");
    const char *body = db_get(res, 0, "body");
    respond_raw_json(r, atoi(db_get(res, 0, "status")), body ? body : "", body ? strlen(body) : 0);
    if (body == NULL)
        r->content_type = NULL;
    if (db_get(res, 0, "location"))
        resp_header(r, "Location", db_get(res, 0, "location"));
    if (db_get(res, 0, "etag"))
        resp_header(r, "ETag", db_get(res, 0, "etag"));
    resp_header(r, "Idempotent-Replayed", "true");
    r->case_id = db_get(res, 0, "case_id"); /* the replay is audited like the first answer */
    return 1;
}

void idempotency_end(req_t *r)
{
    const char *key = key_of(r);
    if (key == NULL || !r->dbx.in_tx)
        return;
    if (r->err != ERR_NONE) {
        if (r->commit_on_error) {
            const char *params[1] = {key};
            lotse_err_t pending = r->err;
            r->err = ERR_NONE;
            db_exec(r, &IDEM_RELEASE, params);
            if (r->err == ERR_NONE)
                r->err = pending;
        }
        return;
    }
    char status[8];
    snprintf(status, sizeof status, "%d", r->status);
    const char *params[6] = {key, status, find_header(r, "Location"), find_header(r, "ETag"),
                             r->resp_body, r->case_id};
    db_exec(r, &IDEM_STORE, params);
}
