/* idempotency.c - see idempotency.h.  The key row is inserted first, in
 * the request's transaction: a concurrent retry with the same key waits
 * on it and then replays the committed answer. */
#include "idempotency.h"
#include "store.h"
#include "idempotency_keys.h"
#include "case_access.h"
#include "resource.h"
#include "upload.h"

#include <microhttpd.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_KEY 200

/* Adds one query argument to the request's fingerprint. */
static enum MHD_Result hash_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    EVP_DigestUpdate(cls, key, strlen(key) + 1);
    if (value)
        EVP_DigestUpdate(cls, value, strlen(value) + 1);
    return MHD_YES;
}

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

/* A replay shows a case's data only to an agency that still sees the case
 * (404 otherwise, as a GET would answer) with every category the first
 * answer showed (409 otherwise: send the request again without the key). */
static int replay_allowed(req_t *r, const char *case_id, const char *categories)
{
    if (case_id == NULL)
        return 0;
    const char *action = r->match.route->audit ? r->match.route->audit : "case.read";
    case_access_t a;
    if (r->access && strcmp(r->access->id, case_id) == 0)
        a = *r->access; /* the dispatcher loaded it for this request */
    else if (case_access(r, case_id, action, &a) != 0)
        return -1;
    if (category_bits(categories) & ~a.cats)
        return case_deny(r, &a, action, ERR_CONFLICT, "what your agency may see of this case changed "
                                                      "since the first answer, which is not replayed");
    return 0;
}

/* Removes members named client_secret or secret at any depth (a network's
 * bootstrap client holds one too), and a calendar feed's URLs (they hold its token). */
static void drop_secrets(json_t *v)
{
    const char *key;
    json_t *m;
    size_t i;
    json_object_del(v, "client_secret");
    json_object_del(v, "secret");
    if (json_object_get(v, "webcal_url")) { /* a calendar feed's URLs hold its token */
        json_object_del(v, "url");
        json_object_del(v, "webcal_url");
    }
    json_object_foreach(v, key, m)
        drop_secrets(m);
    json_array_foreach(v, i, m)
        drop_secrets(m);
}

/* The answer as stored for replays: secrets shown once (a new client's
 * secret, a webhook's signing secret) are not kept; a replay shows the
 * resource without them.  In r's arena. */
static const char *kept_body(req_t *r)
{
    if (r->resp_body == NULL || (!strstr(r->resp_body, "\"client_secret\"") &&
                                 !strstr(r->resp_body, "\"secret\"") && !strstr(r->resp_body, "\"webcal_url\"")))
        return r->resp_body;
    json_t *o = json_loads(r->resp_body, 0, NULL);
    if (o == NULL)
        return NULL;
    drop_secrets(o);
    const char *text = json_text(r, o);
    json_decref(o);
    return text;
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
    /* an upload: its content (hashed while it streamed in) and the query that describes it */
    if (r->upload)
        EVP_DigestUpdate(ctx, r->upload->sha256, sizeof r->upload->sha256);
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, hash_query, ctx);
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
    if (replay_allowed(r, db_get(res, 0, "case_id"), db_get(res, 0, "categories")) != 0)
        return -1;
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
    /* the categories the answer showed: the dispatcher's check, or all of them for the lead
     * that created the case */
    const char *cats = r->access ? r->access->cats_array
                                 : r->case_id ? category_array(r, CAT_ALL) : NULL;
    const char *params[7] = {key, status, find_header(r, "Location"), find_header(r, "ETag"),
                             kept_body(r), r->case_id, cats};
    db_exec(r, &IDEM_STORE, params);
}
