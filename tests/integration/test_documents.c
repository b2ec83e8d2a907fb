/* test_documents.c - documents (issue 23, item 1): upload, list, read and
 * download under the consent rule of each document's category (a
 * consent's signed form: the lead only), the type taken from the content,
 * the size limit, SHA-256, the audit row of every download, removal, the
 * virus scanner hook against a stub clamd, anonymization, the export, and
 * a 20 MiB file through a server whose memory grows by less than twice
 * the file. */
#include "case_fixture.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

static char *jc, *caritas, *awo, *mbe;

static void setup(void)
{
    demo_team(&jc, &caritas, &awo, &mbe);
}

static void teardown(void)
{
    demo_team_free(jc, caritas, awo, mbe);
}

static const char PDF[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
static const char GIF[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
                          "\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";

/* POST bytes as a document of case_id to base (NULL: the shared server); query is
 * "category=...&title=..." ; content_type is what the client claims. */
static http_resp_t *upload_to(const char *base, const char *token, const char *case_id, const char *query,
                              const char *content_type, const char *bytes, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "/v1/cases/%s/documents?%s", case_id, query);
    return http_to(base ? base : g_base, "POST", path, token, content_type, bytes, len, NULL);
}

static void sha256_hex(const char *data, size_t n, char out[65])
{
    unsigned char md[32];
    unsigned len = 0;
    EVP_Digest(data, n, md, &len, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

START_TEST(documents_follow_the_consent_of_their_category)
{
    char *c = create_case(jc, "DocAmina");
    char *consent = grant(jc, c, CARITAS_AGENCY, "[\"plan\"]", NULL);
    char q[256], path[200], sha[65];

    /* the signed consent form: identity, the consent's, the lead's; claimed as octet-stream */
    snprintf(q, sizeof q, "category=identity&title=Einwilligung%%20Amina.pdf&consent_id=%s", consent);
    http_resp_t *r = upload_to(NULL, jc, c, q, "application/octet-stream", PDF, sizeof PDF - 1);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    sha256_hex(PDF, sizeof PDF - 1, sha);
    ck_assert_str_eq(jstr(r, "media_type"), "application/pdf");
    ck_assert_str_eq(jstr(r, "sha256"), sha);
    ck_assert_str_eq(jstr(r, "title"), "Einwilligung Amina.pdf");
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "size_bytes")), (long)(sizeof PDF - 1));
    char form[40];
    snprintf(form, sizeof form, "%s", jstr(r, "id"));
    char *loc = resp_header_value(r, "Location");
    snprintf(path, sizeof path, "/v1/cases/%s/documents/%s", c, form);
    ck_assert_str_eq(loc, path);
    free(loc);
    http_free(r);
    /* a plan document Caritas may see (text) */
    r = upload_to(NULL, jc, c, "category=plan&title=Plan.txt", "text/plain", "Ziel: Sprachkurs B1\n", 20);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    ck_assert_str_eq(jstr(r, "media_type"), "text/plain");
    char plan[40];
    snprintf(plan, sizeof plan, "%s", jstr(r, "id"));
    http_free(r);

    /* the lead sees both; Caritas only the plan document, the form answers as missing */
    case_path(path, sizeof path, c, "/documents");
    r = http("GET", path, jc, NULL, NULL);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 2);
    http_free(r);
    r = http("GET", path, caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
    ck_assert_msg(strstr(r->body, plan) && !strstr(r->body, form) && !strstr(r->body, "Einwilligung"), "%s", r->body);
    /* a file name and a hash may name the person: shown only with identity, which Caritas lacks */
    json_t *item = json_array_get(json_object_get(r->json, "items"), 0);
    ck_assert(json_is_null(json_object_get(item, "title")) && json_is_null(json_object_get(item, "sha256")));
    http_free(r);
    char fp[200], missing[200];
    snprintf(fp, sizeof fp, "/v1/cases/%s/documents/%s/content", c, form);
    snprintf(missing, sizeof missing, "/v1/cases/%s/documents/00000000-0000-4000-8000-00000000d0c0/content", c);
    r = http("GET", fp, caritas, NULL, NULL);
    http_resp_t *m = http("GET", missing, caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 404);
    ck_assert_int_eq(m->status, 404);
    ck_assert_str_eq(jstr(r, "detail"), jstr(m, "detail"));
    http_free(r);
    http_free(m);
    /* AWO, without any consent, does not see the case */
    ck_assert_int_eq(status_of("GET", path, awo, NULL), 404);
    /* Caritas may not add an identity document (its consent covers the plan) */
    r = upload_to(NULL, caritas, c, "category=identity", "text/plain", "Pass\n", 5);
    ck_assert_int_eq(r->status, 403);
    http_free(r);

    /* the lead downloads the form: the same bytes, its type, an attachment, one audit row */
    r = http("GET", fp, jc, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_mem_eq(r->body, PDF, sizeof PDF - 1);
    char *ct = resp_header_value(r, "Content-Type"), *cd = resp_header_value(r, "Content-Disposition");
    ck_assert_str_eq(ct, "application/pdf");
    ck_assert_msg(strstr(cd, "attachment") && strstr(cd, "Einwilligung"), "%s", cd);
    free(ct);
    free(cd);
    http_free(r);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = 'document.download' AND case_id = '%s' "
                              "AND categories = '{identity}' AND outcome = 'success'", c), 1);
    /* Caritas downloads the plan document: audited with plan */
    snprintf(fp, sizeof fp, "/v1/cases/%s/documents/%s/content", c, plan);
    r = http("GET", fp, caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(r->body, "Ziel: Sprachkurs B1\n");
    http_free(r);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = 'document.download' AND case_id = '%s' "
                              "AND categories = '{plan}' AND actor_agency = '" CARITAS_AGENCY "'", c), 1);

    /* events: Caritas's feed has the plan document's, not the form's */
    char *feed = sqlf("SELECT string_agg(resource_id, ',') FROM events WHERE case_id = '%s' AND type = 'document.added'", c);
    ck_assert_msg(strstr(feed, plan) && strstr(feed, form), "%s", feed);
    free(feed);
    r = http("GET", "/v1/events?types=document.added&limit=500", caritas, NULL, NULL);
    ck_assert_msg(r->status == 200 && strstr(r->body, plan) && !strstr(r->body, form), "%s", r->body);
    http_free(r);

    /* Caritas may not remove the lead's document; the lead may, with If-Match */
    snprintf(path, sizeof path, "/v1/cases/%s/documents/%s", c, plan);
    ck_assert_int_eq(status_of("DELETE", path, caritas, NULL), 403);
    ck_assert_int_eq(status_of("DELETE", path, jc, NULL), 204);
    ck_assert_int_eq(status_of("GET", path, jc, NULL), 404);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM document_chunks WHERE document_id = '%s'", plan), 0);

    /* the export lists the form, without its bytes */
    case_path(path, sizeof path, c, "/export");
    r = http("GET", path, jc, NULL, NULL);
    json_t *docs = json_object_get(r->json, "documents");
    ck_assert_int_eq(json_array_size(docs), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(docs, 0), "sha256")), sha);
    http_free(r);

    /* anonymizing the case deletes its documents and their bytes, and who was assigned to it */
    case_path(path, sizeof path, c, "/assignments");
    ck_assert_int_eq(status_of("POST", path, jc, "{\"assignee\":\"idp|sachbearbeiterin\"}"), 201);
    case_path(path, sizeof path, c, "/anonymize");
    r = http("POST", path, jc, NULL, (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM documents WHERE case_id = '%s'", c), 0);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM document_chunks WHERE document_id = '%s'", form), 0);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM case_assignments WHERE case_id = '%s'", c), 0);
    free(consent);
    free(c);
}
END_TEST

/* The type is the content's: a GIF claimed as PDF, HTML claimed as text and a
 * script are refused with 415 and nothing is stored; an empty body, a
 * missing or unknown category, a bad consent id or title are 400. */
START_TEST(the_content_decides_the_type_and_bad_input_stores_nothing)
{
    char *c = create_case(jc, "DocTypes");
    long before = sql_count("SELECT count(*) FROM documents WHERE case_id = '%s'", c);
    struct { const char *claimed, *bytes; size_t len; } refused[] = {
        {"application/pdf", GIF, sizeof GIF - 1},
        {"text/plain", "<!DOCTYPE html><html><script>alert(1)</script></html>", 54},
        {"image/png", "\x7f" "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00", 20},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        http_resp_t *r = upload_to(NULL, jc, c, "category=identity", refused[i].claimed, refused[i].bytes,
                                   refused[i].len);
        ck_assert_msg(r->status == 415, "%zu: %ld %s", i, r->status, r->body);
        ck_assert_ptr_nonnull(strstr(r->headers, "application/problem+json"));
        http_free(r);
    }
    const char *bad[] = {"title=x", "category=secret", "category=plan&consent_id=nope",
                         "category=plan&title=", "category=plan&title=a%0Ab",
                         "category=plan&consent_id=00000000-0000-4000-8000-000000000000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        http_resp_t *r = upload_to(NULL, jc, c, bad[i], "text/plain", "Hallo\n", 6);
        ck_assert_msg(r->status == 400 || r->status == 422, "%s: %ld %s", bad[i], r->status, r->body);
        http_free(r);
    }
    http_resp_t *r = upload_to(NULL, jc, c, "category=plan", "text/plain", "", 0);
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    /* without a token nothing is read or spooled: 401 before the body, the connection closed */
    r = upload_to(NULL, NULL, c, "category=plan", "text/plain", PDF, sizeof PDF - 1);
    ck_assert_int_eq(r->status, 401);
    char *conn = resp_header_value(r, "Connection");
    ck_assert_msg(conn && strcasecmp(conn, "close") == 0, "%s", conn ? conn : "(none)");
    free(conn);
    http_free(r);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM documents WHERE case_id = '%s'", c), before);
    free(c);
}
END_TEST

/* A stub clamd on a Unix socket: INSTREAM, FOUND when the stream holds the marker. */
static const char MARKER[] = "LOTSE-TEST-VIRUS-MARKER";
static char g_sock[108];

static void *stub_scanner(void *arg)
{
    int ls = *(int *)arg;
    for (;;) {
        int s = accept(ls, NULL, NULL);
        if (s < 0)
            return NULL;
        static char data[1 << 20];
        size_t have = 0;
        char cmd[10];
        if (recv(s, cmd, sizeof cmd, MSG_WAITALL) == (ssize_t)sizeof cmd && memcmp(cmd, "zINSTREAM", 10) == 0) {
            for (;;) {
                unsigned char len[4];
                if (recv(s, len, 4, MSG_WAITALL) != 4)
                    break;
                size_t n = (size_t)len[0] << 24 | (size_t)len[1] << 16 | (size_t)len[2] << 8 | len[3];
                if (n == 0)
                    break;
                char *buf = malloc(n);
                if (recv(s, buf, n, MSG_WAITALL) == (ssize_t)n && have + n < sizeof data) {
                    memcpy(data + have, buf, n);
                    have += n;
                }
                free(buf);
            }
        }
        const char *reply = memmem(data, have, MARKER, sizeof MARKER - 1) ? "stream: Lotse.Test.Marker FOUND"
                                                                            : "stream: OK";
        send(s, reply, strlen(reply) + 1, MSG_NOSIGNAL);
        close(s);
    }
}

START_TEST(the_scanner_hook_rejects_what_it_flags)
{
    snprintf(g_sock, sizeof g_sock, "/tmp/lotse-scan-%d.sock", (int)getpid());
    unlink(g_sock);
    int ls = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%s", g_sock);
    ck_assert_int_eq(bind(ls, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(ls, 8), 0);
    pthread_t t;
    pthread_create(&t, NULL, stub_scanner, &ls);
    char env[160], base[64];
    snprintf(env, sizeof env, "LOTSE_DOCUMENT_SCANNER=unix:%s", g_sock);
    pid_t pid = server_start((const char *[]){env, NULL}, base);
    char *c = create_case(jc, "DocScan");

    char infected[128];
    snprintf(infected, sizeof infected, "Harmlos aussehender Text %s am Ende\n", MARKER);
    http_resp_t *r = upload_to(base, jc, c, "category=plan", "text/plain", infected, strlen(infected));
    ck_assert_msg(r->status == 422 && strstr(r->body, "Lotse.Test.Marker"), "%ld %s", r->status, r->body);
    http_free(r);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM documents WHERE case_id = '%s'", c), 0);
    r = upload_to(base, jc, c, "category=plan", "text/plain", "Sauberer Text\n", 14);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    http_free(r);
    /* the scanner gone: the upload fails closed */
    shutdown(ls, SHUT_RDWR);
    close(ls);
    unlink(g_sock);
    r = upload_to(base, jc, c, "category=plan", "text/plain", "Noch ein Text\n", 14);
    ck_assert_msg(r->status == 503, "%ld %s", r->status, r->body);
    http_free(r);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM documents WHERE case_id = '%s'", c), 1);
    ck_assert_int_eq(server_stop(pid), 0);
    free(c);
}
END_TEST

/* "VmHWM" (the peak resident set) or "VmRSS" of pid, in kB. */
static long status_kb(pid_t pid, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, strlen(field)) == 0)
            kb = atol(line + strlen(field) + 1);
    if (f)
        fclose(f);
    return kb;
}

/* A 20 MiB file up and down through a server of its own: the server's peak
 * resident memory grows by less than twice the file, the bytes come back
 * whole, and one byte more is refused with 413. */
START_TEST(a_20_mib_file_streams_through_in_bounded_memory)
{
    char base[64];
    pid_t pid = server_start(NULL, base);
    char *c = create_case(jc, "DocBig");
    const size_t size = 20u << 20;
    char *file = malloc(size + 1);
    memcpy(file, "%PDF-1.5\n", 9);
    for (size_t i = 9; i < size + 1; i++)
        file[i] = (char)(i * 2654435761u >> 13);
    /* warm up: a small upload and download, so the baseline holds what every request needs */
    http_resp_t *r = upload_to(base, jc, c, "category=plan", "application/pdf", PDF, sizeof PDF - 1);
    ck_assert_int_eq(r->status, 201);
    http_free(r);
    long before = status_kb(pid, "VmHWM:");
    r = upload_to(base, jc, c, "category=plan&title=gross.pdf", "application/pdf", file, size);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    char sha[65], path[200];
    sha256_hex(file, size, sha);
    ck_assert_str_eq(jstr(r, "sha256"), sha);
    snprintf(path, sizeof path, "%s/content", jstr(r, "id"));
    char full[256];
    snprintf(full, sizeof full, "/v1/cases/%s/documents/%s", c, path);
    http_free(r);
    r = http_to(base, "GET", full, jc, NULL, NULL, 0, NULL);
    ck_assert_int_eq(r->status, 200);
    char *len = resp_header_value(r, "Content-Length");
    ck_assert_str_eq(len, "20971520");
    free(len);
    ck_assert_int_eq(memcmp(r->body, file, size), 0);
    http_free(r);
    long after = status_kb(pid, "VmHWM:");
    fprintf(stderr, "documents: 20 MiB up and down, server peak RSS %ld kB -> %ld kB (+%ld kB)\n", before,
            after, after - before);
    ck_assert_msg(after - before < 2 * 20 * 1024, "the server's peak memory grew by %ld kB", after - before);
    /* one byte over the limit */
    r = upload_to(base, jc, c, "category=plan", "application/pdf", file, size + 1);
    ck_assert_int_eq(r->status, 413);
    http_free(r);
    ck_assert_int_eq(server_stop(pid), 0);
    free(file);
    free(c);
}
END_TEST

/* One instance spools at most LOTSE_MAX_UPLOADS bodies at once: with one upload still arriving,
 * a second is 503 with Retry-After; once it ended, uploads are taken again. */
START_TEST(uploads_at_once_are_limited)
{
    char base[64];
    pid_t pid = server_start((const char *[]){"LOTSE_MAX_UPLOADS=1", NULL}, base);
    char *c = create_case(jc, "DocLimit");
    int port = atoi(strrchr(base, ':') + 1);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    char head[2048];
    int n = snprintf(head, sizeof head, "POST /v1/cases/%s/documents?category=plan HTTP/1.1\r\nHost: x\r\n"
                     "Authorization: Bearer %s\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nHalb",
                     c, jc);
    ck_assert_int_eq((int)write(fd, head, (size_t)n), n);
    usleep(300000); /* the first upload is spooling, its body not complete */
    http_resp_t *r = upload_to(base, jc, c, "category=plan", "text/plain", "Zweiter Text\n", 13);
    ck_assert_msg(r->status == 503, "%ld %s", r->status, r->body);
    char *retry = resp_header_value(r, "Retry-After");
    ck_assert_ptr_nonnull(retry);
    free(retry);
    http_free(r);
    close(fd); /* the first ends (its connection closed) */
    usleep(300000);
    r = upload_to(base, jc, c, "category=plan", "text/plain", "Dritter Text\n", 13);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    http_free(r);
    ck_assert_int_eq(server_stop(pid), 0);
    free(c);
}
END_TEST

Suite *suite_documents(void)
{
    Suite *s = suite_create("documents");
    TCase *tc = tcase_create("documents");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, documents_follow_the_consent_of_their_category);
    tcase_add_test(tc, the_content_decides_the_type_and_bad_input_stores_nothing);
    tcase_add_test(tc, the_scanner_hook_rejects_what_it_flags);
    tcase_add_test(tc, a_20_mib_file_streams_through_in_bounded_memory);
    tcase_add_test(tc, uploads_at_once_are_limited);
    suite_add_tcase(s, tc);
    return s;
}
