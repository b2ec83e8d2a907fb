/* documents.c - files attached to a case or to one of its consents (issue
 * 23, item 1).  The upload streams into a spool file (api/upload.h: size
 * limit, SHA-256), its type is what libmagic finds in the content (the
 * client's Content-Type is not asked), the optional virus scanner sees it,
 * then it is stored in chunks of 1 MiB in one transaction.  A download
 * copies the chunks into an unlinked file that the server sends: neither
 * direction holds the file in memory.  Who sees a document is row-level
 * security's rule (migration 0040): the case in the document's category,
 * a consent's document the lead only.  Every download is audited with the
 * document's category. */
#include "audit.h"
#include "case_access.h"
#include "config.h"
#include "documents.h"
#include "handlers.h"
#include "page.h"
#include "resource.h"
#include "upload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const CATEGORIES[] = {"identity", "residence", "potential", "plan", "journal",
                                         NULL};

/* The audit literal of what a document shows: its category, and identity when the caller sees
 * it (its title and hash are then shown). */
static const char *one_category(req_t *r, const case_access_t *a, const char *category)
{
    return category_array(r, category_bit(category) | (a->cats & CAT_IDENTITY));
}

/* The optional title: 1-255 characters of UTF-8 without control characters. */
static int title_param(req_t *r, const char **out)
{
    const char *t = req_query(r, "title");
    *out = t;
    if (t == NULL)
        return 0;
    json_t *s = json_string(t); /* NULL: not UTF-8 */
    int ok = s != NULL, chars = 0;
    json_decref(s);
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        ok &= *p >= 0x20 && *p != 0x7f; /* no control characters */
        chars += (*p & 0xc0) != 0x80;
    }
    if (!ok || chars < 1 || chars > 255)
        return fail_req(r, ERR_BAD_REQUEST, "title must be 1-255 characters of UTF-8 text");
    return 0;
}

/* Reads the consent_id query parameter (NULL when absent); 400 when malformed. */
static int consent_param(req_t *r, const char **out)
{
    *out = req_query(r, "consent_id");
    if (*out && !is_uuid(*out))
        return fail_req(r, ERR_BAD_REQUEST, "consent_id must be a UUID");
    return 0;
}

/* Stores the spooled file as the chunks of document id; 0 or -1. */
static int store_chunks(req_t *r, upload_t *u, const char *id)
{
    char *buf = malloc(DOCUMENT_CHUNK_BYTES);
    if (buf == NULL)
        return fail_req(r, ERR_UNAVAILABLE, "out of memory; try again");
    int rc = 0;
    for (uint64_t off = 0, n = 0; rc == 0 && off < u->size; off += DOCUMENT_CHUNK_BYTES, n++) {
        size_t len = u->size - off < DOCUMENT_CHUNK_BYTES ? (size_t)(u->size - off) : DOCUMENT_CHUNK_BYTES;
        if (upload_read(u, buf, len, off) != 0) {
            rc = fail_req(r, ERR_UNAVAILABLE, "the upload could not be read back; try again");
            break;
        }
        char num[24];
        snprintf(num, sizeof num, "%llu", (unsigned long long)n);
        const char *params[3] = {id, num, buf};
        const int lengths[3] = {0, 0, (int)len};
        PGresult *res = db_exec_bytes(r, &DOCUMENT_CHUNK_PUT, params, lengths, 0);
        rc = res ? 0 : -1;
        PQclear(res);
    }
    free(buf);
    return rc;
}

int h_documents_upload(req_t *r)
{
    case_access_t a;
    const char *category, *title, *consent;
    upload_t *u = r->upload;
    if (case_here(r, &a) != 0 || query_enum(r, "category", CATEGORIES, &category) != 0 ||
        title_param(r, &title) != 0 || consent_param(r, &consent) != 0)
        return -1;
    if (category == NULL)
        return fail_req(r, ERR_BAD_REQUEST, "category is required: the data category of the document");
    /* a consent's form is the lead's; a case's document needs consent to its category */
    if (case_require(r, &a, category_bit(category), consent != NULL, "document.upload") != 0)
        return -1;
    if (u == NULL || u->size == 0)
        return fail_req(r, ERR_BAD_REQUEST, "the body is empty: send the file's bytes");
    char type[128];
    upload_media_type(u->fd, type, sizeof type);
    if (!upload_type_accepted(type, g_config.document_types))
        return fail_req(r, ERR_UNSUPPORTED_MEDIA, "the content is %s; accepted are %s", type,
                        g_config.document_types);
    if (g_config.document_scanner[0]) {
        char verdict[256];
        int scan = upload_scan(g_config.document_scanner, u->fd, verdict, sizeof verdict);
        if (scan < 0) {
            r->retry_after = 30;
            return fail_req(r, ERR_UNAVAILABLE, "the virus scanner did not answer; try again");
        }
        if (scan > 0)
            return fail_req(r, ERR_UNPROCESSABLE, "the virus scanner found %s in the file", verdict);
    }
    char size[24];
    snprintf(size, sizeof size, "%llu", (unsigned long long)u->size);
    const char *params[8] = {a.id, consent, category, title, type, size, u->sha256, r->principal.sub};
    PGresult *res = db_write(r, &DOCUMENT_CREATE, params, "document.added", "document");
    if (res == NULL || store_chunks(r, u, db_get(res, 0, "id")) != 0 ||
        audit(r, "document.upload", a.id, one_category(r, &a, category), 1) != 0)
        return -1;
    return respond_row(r, res, 201, arena_sprintf(r->arena, "/v1/cases/%s/documents/%s", a.id,
                                                  db_get(res, 0, "id")));
}

int h_documents_list(req_t *r)
{
    case_access_t a;
    page_t p;
    const char *category;
    if (case_here(r, &a) != 0 || page_parse(r, &p) != 0 ||
        query_enum(r, "category", CATEGORIES, &category) != 0)
        return -1;
    const char *params[4] = {a.id, p.after, p.limit_plus_one, category};
    PGresult *res = db_exec(r, &DOCUMENT_LIST, params);
    if (res == NULL)
        return -1;
    unsigned shown = 0;
    for (int i = 0; i < PQntuples(res) && i < p.limit; i++)
        shown |= category_bit(db_get(res, i, "category")) | (a.cats & CAT_IDENTITY);
    if (audit(r, "document.list", a.id, shown ? category_array(r, shown) : NULL, 1) != 0)
        return -1;
    return page_respond(r, &p, res);
}

/* The document of path parameter 1 as the caller sees it; 404 when it does not. */
static PGresult *document_here(req_t *r, const case_access_t *a)
{
    const char *params[2] = {a->id, uuid_param(r, 1)};
    if (params[1] == NULL)
        return NULL;
    PGresult *res = db_exec(r, &DOCUMENT_GET, params);
    if (res && PQntuples(res) == 0) {
        fail_req(r, ERR_NOT_FOUND, "no such document");
        return NULL;
    }
    return res;
}

int h_documents_get(req_t *r)
{
    case_access_t a;
    PGresult *res;
    if (case_here(r, &a) != 0 || (res = document_here(r, &a)) == NULL ||
        audit(r, "document.read", a.id, one_category(r, &a, db_get(res, 0, "category")), 1) != 0)
        return -1;
    return respond_row(r, res, 200, NULL);
}

/* Copies the chunks of document id into an unlinked file: its descriptor, or -1. */
static int chunks_to_file(req_t *r, const char *id, unsigned long long size)
{
    int fd = upload_tmpfile();
    if (fd < 0)
        return fail_req(r, ERR_UNAVAILABLE, "no room to prepare the download; try again");
    unsigned long long done = 0;
    for (int n = 0; done < size; n++) {
        char num[16];
        snprintf(num, sizeof num, "%d", n);
        const char *params[2] = {id, num};
        PGresult *res = db_exec_bytes(r, &DOCUMENT_CHUNK_GET, params, NULL, 1);
        int len = res && PQntuples(res) == 1 ? PQgetlength(res, 0, 0) : -1;
        ssize_t w = len > 0 ? write(fd, PQgetvalue(res, 0, 0), (size_t)len) : -1;
        PQclear(res);
        if (w != len || len <= 0) {
            close(fd);
            return r->err != ERR_NONE ? -1
                                      : fail_req(r, ERR_INTERNAL, "a stored document is incomplete");
        }
        done += (unsigned long long)len;
    }
    if (done != size || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return fail_req(r, ERR_INTERNAL, "a stored document is incomplete");
    }
    return fd;
}

/* A Content-Disposition naming the title as an attachment (RFC 6266: an
 * ASCII fallback and the UTF-8 name percent-encoded). */
static const char *disposition(req_t *r, const char *title)
{
    if (title == NULL)
        return "attachment";
    size_t n = strlen(title);
    char *ascii = arena_alloc(r->arena, n + 1), *enc = arena_alloc(r->arena, 3 * n + 1);
    char *a = ascii, *e = enc;
    for (const unsigned char *p = (const unsigned char *)title; *p; p++) {
        int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                    strchr("-._~", *p) != NULL;
        *a++ = plain || *p == ' ' ? (char)*p : '_';
        if (plain) {
            *e++ = (char)*p;
        } else {
            snprintf(e, 4, "%%%02X", *p);
            e += 3;
        }
    }
    *a = *e = '\0';
    return arena_sprintf(r->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, enc);
}

int h_documents_content(req_t *r)
{
    case_access_t a;
    PGresult *res;
    if (case_here(r, &a) != 0 || (res = document_here(r, &a)) == NULL)
        return -1;
    unsigned long long size = strtoull(db_get(res, 0, "size_bytes"), NULL, 10);
    int fd = chunks_to_file(r, uuid_param(r, 1), size);
    if (fd < 0)
        return -1;
    if (audit(r, "document.download", a.id, one_category(r, &a, db_get(res, 0, "category")), 1) != 0) {
        close(fd);
        return -1;
    }
    resp_etag(r, db_get(res, 0, "version"));
    resp_header(r, "Content-Disposition", disposition(r, db_get(res, 0, "title")));
    return respond_file(r, 200, db_get(res, 0, "media_type"), fd, size);
}

int h_documents_delete(req_t *r)
{
    case_access_t a;
    int ok;
    PGresult *cur;
    if (case_here(r, &a) != 0)
        return -1;
    const char *version = if_match_version(r, &ok);
    if (!ok || (cur = document_here(r, &a)) == NULL)
        return -1;
    const char *params[3] = {a.id, uuid_param(r, 1), version};
    PGresult *res = db_write(r, &DOCUMENT_DELETE, params, "document.removed", "document");
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 0) {
        if (version && strcmp(version, db_get(cur, 0, "version")) != 0)
            return fail_req(r, ERR_PRECONDITION_FAILED, "the document changed since you read it");
        return fail_req(r, ERR_FORBIDDEN, "only the agency that uploaded a document or the lead "
                                          "agency removes it");
    }
    if (audit(r, "document.delete", a.id, one_category(r, &a, db_get(res, 0, "category")), 1) != 0)
        return -1;
    return respond_no_content(r);
}
