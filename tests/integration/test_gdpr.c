/* test_gdpr.c - the audit log (one row per request, append-only, the
 * request fails when it cannot be written), anonymization that leaves no
 * personal data in any table, and the retention run. */
#include "case_fixture.h"

#include "b64.h"

#include <curl/curl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *lead, *caritas, *case_id, marker[9];

static void setup(void)
{
    lead = demo_token("demo-jobcenter");
    caritas = demo_token("demo-caritas");
    random_hex(marker, 8);
    case_id = create_case(lead, marker);
}

static void teardown(void)
{
    free(lead);
    free(caritas);
    free(case_id);
}

/* Sends a request with a fresh X-Request-Id, which it returns (static). */
static const char *tracked(const char *method, const char *path, const char *token,
                           const char *body, long *status)
{
    static char id[64];
    char hex[17], hdr[96];
    random_hex(hex, 16);
    snprintf(id, sizeof id, "t-%s", hex);
    snprintf(hdr, sizeof hdr, "X-Request-Id: %s", id);
    const char *h[] = {hdr, "If-Match: *", NULL};
    http_resp_t *r = http(method, path, token, body, h);
    *status = r->status;
    http_free(r);
    return id;
}

static char *audit_row(const char *request_id)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) || ':' || coalesce(max(action), '') || ':' || coalesce(max(outcome), '') "
             "|| ':' || coalesce(max(array_to_string(categories, ',')), '') "
             "FROM audit_log WHERE request_id = '%s'", request_id);
    return sql_super(sql);
}

START_TEST(one_audit_row_per_request)
{
    char p[160], jp[160];
    case_path(p, sizeof p, case_id, NULL);
    case_path(jp, sizeof jp, case_id, "/journal");
    free(grant(lead, case_id, CARITAS_AGENCY, "[\"identity\"]", NULL));
    char conf[400], cl[200];
    snprintf(conf, sizeof conf, "{\"case_id\":\"%s\",\"starts_at\":\"2031-06-02T09:00:00Z\","
             "\"ends_at\":\"2031-06-02T10:00:00Z\",\"participants\":[{\"agency_id\":\"" CARITAS_AGENCY "\","
             "\"role\":\"chair\"}]}", case_id);
    ck_assert_int_eq(status_of("POST", "/v1/conferences", lead, conf), 201);
    snprintf(cl, sizeof cl, "/v1/conferences?case_id=%s", case_id);
    struct {
        const char *method, *path, *token, *body, *want;
        long status;
    } steps[] = {
        {"GET", p, lead, NULL, "1:case.read:success:identity,residence,potential,plan,journal", 200},
        {"GET", p, caritas, NULL, "1:case.read:success:identity", 200},
        {"GET", jp, caritas, NULL, "1:journal.list:denied:", 403},
        {"PATCH", p, caritas, "{\"person\":{\"first_name\":\"Amira\"}}", "1:case.update:success:identity", 200},
        {"POST", jp, lead, "{\"text\":\"Notiz\"}", "1:journal.create:success:journal", 201},
        /* one list row per set of categories shown (Caritas leads cases too): checked below */
        {"GET", "/v1/cases?limit=500", caritas, NULL, "*", 200},
        {"GET", "/v1/cases/00000000-0000-4000-8000-00000000dead", caritas, NULL, "1:case.read:denied:", 404},
        /* a list records the categories its rows showed of the cases (the route declares
         * what they may show, the consents decide) */
        {"GET", cl, caritas, NULL, "1:conference.list:success:identity", 200},
        {"GET", cl, lead, NULL, "1:conference.list:success:identity,journal,plan", 200},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        long st;
        const char *rid = tracked(steps[i].method, steps[i].path, steps[i].token, steps[i].body, &st);
        ck_assert_msg(st == steps[i].status, "step %zu: %ld", i, st);
        char *row = audit_row(rid);
        size_t n = strcspn(steps[i].want, "*");
        int prefix = steps[i].want[n] == '*';
        ck_assert_msg(prefix ? strncmp(row, steps[i].want, n) == 0 : strcmp(row, steps[i].want) == 0,
                      "step %zu: audit %s, want %s", i, row, steps[i].want);
        free(row);
    }
    /* the list rows name the cases they showed, this one with what Caritas saw of it only */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT string_agg(DISTINCT categories::text, ' ') FROM audit_log "
             "WHERE action = 'case.list' AND actor_sub = 'client:demo-caritas' AND '%s' = ANY(case_ids)",
             case_id);
    char *n = sql_super(sql);
    ck_assert_str_eq(n, "{identity}");
    free(n);
    /* the auditor reads it through the API, others may not */
    char *auditor = demo_token("demo-auditor");
    char ap[200];
    snprintf(ap, sizeof ap, "/v1/audit?case_id=%s&limit=500", case_id);
    http_resp_t *r = http("GET", ap, auditor, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_uint_ge(json_array_size(json_object_get(r->json, "items")), 7);
    size_t all = json_array_size(json_object_get(r->json, "items"));
    /* the same rows page by page, newest first, none twice (the case's own rows and its lists) */
    char pp[400], seen[8192] = "", last_at[40] = "9999";
    snprintf(pp, sizeof pp, "/v1/audit?case_id=%s&limit=2", case_id);
    size_t paged = 0;
    for (int pages = 0; pages < 100; pages++) {
        http_resp_t *pg = http("GET", pp, auditor, NULL, NULL);
        ck_assert_int_eq(pg->status, 200);
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(pg->json, "items"), i, it) {
            char id[32];
            snprintf(id, sizeof id, ",%lld,", (long long)json_integer_value(json_object_get(it, "id")));
            ck_assert_msg(strstr(seen, id) == NULL, "row %s twice", id);
            strncat(seen, id, sizeof seen - strlen(seen) - 1);
            const char *at = json_string_value(json_object_get(it, "at"));
            ck_assert_msg(strcmp(at, last_at) <= 0, "not newest first: %s after %s", at, last_at);
            snprintf(last_at, sizeof last_at, "%s", at);
            paged++;
        }
        const char *next = json_string_value(json_object_get(pg->json, "next_cursor"));
        if (next == NULL) {
            http_free(pg);
            break;
        }
        char *esc = curl_easy_escape(NULL, next, 0);
        snprintf(pp, sizeof pp, "/v1/audit?case_id=%s&limit=2&cursor=%s", case_id, esc);
        curl_free(esc);
        http_free(pg);
    }
    ck_assert_uint_eq(paged, all);
    /* cursors of another form, though well encoded, are refused */
    static const char *const BAD[] = {"12345", "2026-13-01T00:00:00.000000Z~1", "2026-01-01T00:00:00.000000Z~",
                                      "2026-01-01T00:00:00.000000Z~99999999999999999999", "x~1"};
    for (size_t b = 0; b < sizeof BAD / sizeof BAD[0]; b++) {
        char enc[128], bp[200];
        b64url_encode((const unsigned char *)BAD[b], strlen(BAD[b]), enc);
        snprintf(bp, sizeof bp, "/v1/audit?cursor=%s", enc);
        http_resp_t *br = http("GET", bp, auditor, NULL, NULL);
        ck_assert_msg(br->status == 400, "cursor %s: %ld", BAD[b], br->status);
        ck_assert_str_eq(jstr(br, "detail"), "cursor is not one this service issued");
        http_free(br);
    }
    /* a case's rows narrowed further (here: up to now) are all found, not only its newest page's */
    snprintf(pp, sizeof pp, "/v1/audit?case_id=%s&limit=500&to=2099-01-01T00:00:00Z", case_id);
    http_resp_t *nr = http("GET", pp, auditor, NULL, NULL);
    ck_assert_msg(nr->status == 200, "%s: %ld %s", pp, nr->status, nr->body);
    ck_assert_uint_eq(json_array_size(json_object_get(nr->json, "items")), all);
    http_free(nr);
    snprintf(pp, sizeof pp, "/v1/audit?case_id=%s&limit=2&agency_id=" CARITAS_AGENCY, case_id);
    nr = http("GET", pp, auditor, NULL, NULL);
    ck_assert_int_eq(nr->status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(nr->json, "items")), 2); /* Caritas read it often */
    http_free(nr);
    http_free(r);
    snprintf(ap, sizeof ap, "/v1/audit?agency_id=" CARITAS_AGENCY "&actor=client:demo-caritas&limit=2");
    r = http("GET", ap, auditor, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 2);
    ck_assert_ptr_nonnull(jstr(r, "next_cursor"));
    http_free(r);
    ck_assert_int_eq(status_of("GET", "/v1/audit?from=yesterday", auditor, NULL), 400);
    free(auditor);
    ck_assert_int_eq(status_of("GET", "/v1/audit", lead, NULL), 403);
}
END_TEST

START_TEST(audit_log_is_append_only)
{
    char err[64] = "";
    ck_assert_ptr_null(sql_app("UPDATE audit_log SET outcome = 'success'", err, sizeof err));
    ck_assert_str_eq(err, "42501");
    ck_assert_ptr_null(sql_app("DELETE FROM audit_log", err, sizeof err));
    ck_assert_str_eq(err, "42501");
    ck_assert_ptr_null(sql_app("TRUNCATE audit_log", err, sizeof err));
    /* the owner is stopped by the trigger */
    char *owner = getenv("LOTSE_MIGRATION_DATABASE_URL");
    ck_assert_ptr_nonnull(owner);
    char *res = sql_super("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass "
                          "AND NOT tgisinternal");
    ck_assert_str_eq(res, "2");
    free(res);
    res = sql_super("DO $$ BEGIN DELETE FROM audit_log WHERE id = 1; "
                    "EXCEPTION WHEN insufficient_privilege THEN RAISE NOTICE 'refused'; "
                    "RETURN; END $$; SELECT 'refused'");
    ck_assert_str_eq(res, "refused");
    free(res);
}
END_TEST

START_TEST(unwritable_audit_means_no_data)
{
    char p[160];
    case_path(p, sizeof p, case_id, NULL);
    free(sql_super("REVOKE INSERT ON audit_log FROM lotse_app"));
    http_resp_t *r = http("GET", p, lead, NULL, NULL);
    free(sql_super("GRANT INSERT ON audit_log TO lotse_app"));
    ck_assert_int_eq(r->status, 503);
    ck_assert_ptr_null(strstr(r->body, marker));
    char *ra = resp_header_value(r, "Retry-After");
    ck_assert_ptr_nonnull(ra);
    free(ra);
    http_free(r);
    ck_assert_int_eq(status_of("GET", p, lead, NULL), 200);
    /* the disk is full when the audit row is written (SQLSTATE 53100) */
    free(sql_super("CREATE FUNCTION pg_temp_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   "RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; "
                   "END $$; CREATE TRIGGER audit_disk_full BEFORE INSERT ON audit_log "
                   "FOR EACH ROW EXECUTE FUNCTION pg_temp_disk_full(); SELECT 'ok'"));
    r = http("GET", p, lead, NULL, NULL);
    free(sql_super("DROP TRIGGER audit_disk_full ON audit_log; DROP FUNCTION pg_temp_disk_full(); SELECT 'ok'"));
    ck_assert_int_eq(r->status, 503);
    ck_assert_ptr_null(strstr(r->body, marker));
    ck_assert_ptr_null(strstr(r->body, "No space"));
    http_free(r);
    ck_assert_int_eq(status_of("GET", p, lead, NULL), 200);
}
END_TEST

/* Tables and columns anywhere in the schema whose text contains needle. */
static char *where_is(const char *needle)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "WITH cols AS MATERIALIZED (SELECT c.table_name::text AS t, c.column_name::text AS col "
             "  FROM information_schema.columns c JOIN pg_tables p ON p.schemaname = 'public' "
             "  AND p.tablename = c.table_name WHERE c.table_schema = 'public') "
             "SELECT coalesce(string_agg(t || '.' || col, ','), '') FROM cols "
             "WHERE (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %%I "
             "WHERE %%I::text ILIKE %%L', t, col, '%%%s%%'), false, true, '')))[1]::text::int > 0",
             needle);
    return sql_super(sql);
}

START_TEST(anonymization_leaves_no_personal_data)
{
    char p[160], key[64], body[256];
    free(grant(lead, case_id, CARITAS_AGENCY, "[\"identity\",\"journal\",\"plan\"]", NULL));
    snprintf(body, sizeof body, "{\"text\":\"Gespräch mit Amina%s über Wohnung\"}", marker);
    snprintf(key, sizeof key, "Idempotency-Key: j-%s", marker);
    http_resp_t *r = http("POST", case_path(p, sizeof p, case_id, "/journal"), lead, body,
                          (const char *[]){key, NULL});
    ck_assert_int_eq(r->status, 201);
    char jp[256];
    snprintf(jp, sizeof jp, "%s/%s", p, jstr(r, "id"));
    http_free(r);
    snprintf(body, sizeof body, "{\"text\":\"Korrektur: Haddad%s\"}", marker);
    ck_assert_int_eq(status_of("PATCH", jp, lead, body), 200);
    snprintf(body, sizeof body, "{\"field_of_action\":\"housing\",\"title\":\"Wohnung für Amina%s\","
                                "\"responsible_agency_id\":\"" CARITAS_AGENCY "\"}", marker);
    ck_assert_int_eq(status_of("POST", case_path(p, sizeof p, case_id, "/goals"), lead, body), 201);
    snprintf(body, sizeof body, "{\"assessed_on\":\"2026-11-01\",\"notes\":\"Amina%s kocht gern\"}", marker);
    ck_assert_int_eq(status_of("POST", case_path(p, sizeof p, case_id, "/analyses"), lead, body), 201);
    snprintf(body, sizeof body, "{\"code\":\"no_childcare\",\"field_of_action\":\"language\","
                                "\"text\":\"Amina%s findet keinen Kita-Platz\"}", marker);
    ck_assert_int_eq(status_of("POST", case_path(p, sizeof p, case_id, "/barriers"), lead, body), 201);
    /* a referral with reason and note; a conference with place, link, agenda, an answer note,
     * minutes, a decision and a late correction of the minutes; each POST retried with its
     * Idempotency-Key */
    char big[768], cid[40], rid[40];
    snprintf(big, sizeof big, "{\"case_id\":\"%s\",\"to_agency_id\":\"" CARITAS_AGENCY "\","
             "\"field_of_action\":\"employment\",\"reason\":\"Amina%s sucht Arbeit\"}", case_id, marker);
    snprintf(key, sizeof key, "Idempotency-Key: r-%s", marker);
    for (int i = 0; i < 2; i++) {
        r = http("POST", "/v1/referrals", lead, big, (const char *[]){key, NULL});
        ck_assert_int_eq(r->status, 201);
        snprintf(rid, sizeof rid, "%s", jstr(r, "id"));
        http_free(r);
    }
    snprintf(p, sizeof p, "/v1/referrals/%s/accept", rid);
    snprintf(body, sizeof body, "{\"note\":\"Amina%s hat einen Termin\"}", marker);
    ck_assert_int_eq(status_of("POST", p, caritas, body), 200);
    snprintf(big, sizeof big, "{\"case_id\":\"%s\",\"starts_at\":\"2027-01-12T09:00:00Z\","
             "\"ends_at\":\"2027-01-12T10:00:00Z\",\"place\":\"Bei Amina%s zu Hause\","
             "\"online_url\":\"https://meet.example.org/amina%s\",\"agenda\":\"Amina%s: Wohnung\","
             "\"participants\":[{\"agency_id\":\"" CARITAS_AGENCY "\",\"role\":\"minute_taker\"}]}",
             case_id, marker, marker, marker);
    snprintf(key, sizeof key, "Idempotency-Key: c-%s", marker);
    for (int i = 0; i < 2; i++) {
        r = http("POST", "/v1/conferences", lead, big, (const char *[]){key, NULL});
        ck_assert_msg(r->status == 201, "conference: %ld %s", r->status, r->body);
        snprintf(cid, sizeof cid, "%s", jstr(r, "id"));
        http_free(r);
    }
    snprintf(p, sizeof p, "/v1/conferences/%s/answer", cid);
    snprintf(body, sizeof body, "{\"answer\":\"confirmed\",\"note\":\"Amina%s bringt Papiere\"}", marker);
    ck_assert_int_eq(status_of("POST", p, caritas, body), 200);
    snprintf(p, sizeof p, "/v1/conferences/%s/held", cid);
    snprintf(big, sizeof big, "{\"minutes\":\"Amina%s wurde beraten\",\"decisions\":[{\"text\":"
             "\"Amina%s besucht den Kurs\",\"responsible_agency_id\":\"" JOBCENTER_AGENCY "\"}]}",
             marker, marker);
    ck_assert_int_eq(status_of("POST", p, lead, big), 200);
    char sql[512];
    snprintf(sql, sizeof sql, "UPDATE conferences SET held_at = now() - interval '3 days' WHERE id = '%s'", cid);
    free(sql_super(sql));
    snprintf(p, sizeof p, "/v1/conferences/%s/minutes", cid);
    snprintf(body, sizeof body, "{\"minutes\":\"Korrigiert: Amina%s\"}", marker);
    ck_assert_int_eq(status_of("PATCH", p, lead, body), 200);

    char *before = where_is(marker);
    for (const char *const *c = (const char *const[]){"referrals.reason", "referrals.note", "conferences.place",
             "conferences.online_url", "conferences.agenda", "conferences.minutes",
             "conference_participants.answer_note", "conference_decisions.text",
             "conference_corrections.previous", NULL}; *c; c++)
        ck_assert_msg(strstr(before, *c) != NULL, "the test stored nothing in %s (%s)", *c, before);
    ck_assert_ptr_nonnull(strstr(before, "cases.first_name"));
    ck_assert_ptr_nonnull(strstr(before, "barriers.text"));
    ck_assert_ptr_nonnull(strstr(before, "idempotency_keys.body"));
    free(before);

    case_path(p, sizeof p, case_id, "/anonymize");
    ck_assert_int_eq(status_of("POST", p, caritas, NULL), 403);
    r = http("POST", p, lead, NULL, (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 200);
    ck_assert(json_is_true(json_object_get(r->json, "anonymized")));
    json_t *person = json_object_get(r->json, "person");
    ck_assert(json_is_null(json_object_get(person, "first_name")));
    ck_assert(json_is_null(json_object_get(person, "birth_date")));
    /* quasi-identifiers generalized: the birth year to a band or nothing, no languages */
    json_t *year = json_object_get(person, "birth_year");
    ck_assert(json_is_null(year) || json_integer_value(year) % 5 == 0);
    ck_assert_int_eq(json_array_size(json_object_get(person, "languages")), 0);
    /* a new reference: the agencies' own files cannot link the case again */
    ck_assert_ptr_nonnull(strstr(jstr(r, "reference"), "-ANON-"));
    http_free(r);

    char *after = where_is(marker);
    ck_assert_msg(after[0] == '\0', "personal data left in %s", after);
    free(after);
    /* a plain-text dump of the whole database holds none of it either */
    char cmd[256], out[64];
    snprintf(cmd, sizeof cmd, "pg_dump --data-only \"$LOTSE_SUPER_URL\" 2>/dev/null | grep -ci -- '%s'", marker);
    ck_assert_int_eq(shell_output(cmd, out, sizeof out), 1); /* grep found nothing */
    ck_assert_str_eq(out, "0\n");
    /* every anonymized case of the network shares its remaining quasi-identifiers with at
     * least k - 1 others (k = 5), or has none left */
    char *n = sql_super("SELECT count(*) FROM (SELECT count(*) FROM cases WHERE anonymized_at IS NOT NULL "
                        "AND generalization < 5 GROUP BY network_id, generalization >= 1, birth_year, "
                        "gender, nationality, municipality_ags, arrival_date, residence_status, "
                        "accommodation, target_group HAVING count(*) < 5) small");
    ck_assert_str_eq(n, "0");
    free(n);
    n = sql_super("SELECT count(*) FROM cases WHERE anonymized_at IS NOT NULL AND (generalization IS NULL "
                  "OR birth_date IS NOT NULL OR languages <> '[]' OR residence_expires_on IS NOT NULL)");
    ck_assert_str_eq(n, "0");
    free(n);
    /* idempotent, and personal data cannot come back */
    ck_assert_int_eq(status_of("POST", p, lead, NULL), 200);
    ck_assert_int_eq(status_of("PATCH", case_path(p, sizeof p, case_id, NULL), lead,
                               "{\"person\":{\"first_name\":\"Amina\"}}"), 409);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE resource_id = '%s' AND type = 'case.anonymized'", case_id);
    n = sql_super(sql);
    ck_assert_str_eq(n, "1");
    free(n);
}
END_TEST

/* The Art. 15 export holds every object of the case -- its analysis,
 * goal, journal entry, barrier, both referrals, its conference and one the
 * lead does not take part in -- and the agencies that received its data;
 * with Accept: text/html the same as a German page that headless Chromium
 * renders with every section. */
START_TEST(export_holds_every_object_and_renders_in_german)
{
    char *jc, *car, *awo, *mbe, m[9], body[768], p[200];
    demo_team(&jc, &car, &awo, &mbe);
    random_hex(m, 8);
    full_case_t f;
    full_case(&f, jc, car, m);
    /* a conference Caritas organises with AWO, without the lead */
    free(grant(jc, f.case_id, AWO_AGENCY, "[\"identity\",\"plan\"]", NULL));
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"starts_at\":\"2031-06-01T09:00:00Z\","
             "\"ends_at\":\"2031-06-01T10:00:00Z\",\"agenda\":\"Ohne-Lead-%s\",\"participants\":"
             "[{\"agency_id\":\"" AWO_AGENCY "\",\"role\":\"chair\"}]}", f.case_id, m);
    ck_assert_int_eq(status_of("POST", "/v1/conferences", car, body), 201);
    snprintf(p, sizeof p, "/v1/cases/%s", f.case_id);
    ck_assert_int_eq(status_of("GET", p, car, NULL), 200); /* Caritas reads: a recipient */

    snprintf(p, sizeof p, "/v1/cases/%s/export", f.case_id);
    http_resp_t *r = http("GET", p, jc, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    const char *ids[] = {f.analysis, f.goal, f.entry, f.barrier, f.referral, f.accepted, f.conference,
                         CARITAS_AGENCY};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        ck_assert_msg(strstr(r->body, ids[i]) != NULL, "the export lacks %s", ids[i]);
    char want[64];
    snprintf(want, sizeof want, "Ohne-Lead-%s", m);
    ck_assert_msg(strstr(r->body, want) != NULL, "the export lacks the conference without the lead");
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "referrals")), 2);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "conferences")), 2);
    /* the statistics' secret record keys and a referral's wait for consent are not the person's data */
    ck_assert_msg(strstr(r->body, "record_key") == NULL && strstr(r->body, "awaiting_consent") == NULL,
                  "the export shows internal columns");
    http_free(r);

    r = http("GET", p, jc, NULL, (const char *[]){"Accept: text/html", NULL});
    ck_assert_int_eq(r->status, 200);
    char *ct = resp_header_value(r, "Content-Type");
    ck_assert_ptr_nonnull(strstr(ct, "text/html"));
    free(ct);
    char file[] = "/tmp/lotse-export-XXXXXX.html";
    int fd = mkstemps(file, 5);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, r->body, strlen(r->body)), (ssize_t)strlen(r->body));
    close(fd);
    http_free(r);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "chromium --headless --no-sandbox --disable-gpu --dump-dom file://%s 2>/dev/null",
             file);
    FILE *pipe = popen(cmd, "r");
    static char dom[1 << 20];
    size_t n = fread(dom, 1, sizeof dom - 1, pipe);
    dom[n] = '\0';
    ck_assert_int_eq(pclose(pipe), 0);
    unlink(file);
    static const char *const SECTIONS[] = {"Ihr Fall", "Ihre Einwilligungen", "Ziele Ihres Integrationsplans",
                                           "Gesprächsnotizen", "Überweisungen", "Fallkonferenzen",
                                           "Wer Ihre Daten erhalten hat"};
    for (size_t i = 0; i < sizeof SECTIONS / sizeof SECTIONS[0]; i++)
        ck_assert_msg(strstr(dom, SECTIONS[i]) != NULL, "Chromium shows no section %s", SECTIONS[i]);
    snprintf(want, sizeof want, "Amina%s", m);
    ck_assert_msg(strstr(dom, want) != NULL, "Chromium shows no name");
    demo_team_free(jc, car, awo, mbe);
}
END_TEST

/* The recipients are the agencies that received data while they did not
 * lead the case: after a hand-over, what the new lead read as a partner
 * stays listed, and what the former lead read while leading does not. */
START_TEST(export_recipients_survive_a_transfer)
{
    char *id = create_case(lead, marker), p[200];
    free(grant(lead, id, CARITAS_AGENCY, "[\"identity\",\"residence\",\"potential\",\"plan\",\"journal\"]",
               NULL));
    snprintf(p, sizeof p, "/v1/cases/%s", id);
    ck_assert_int_eq(status_of("GET", p, caritas, NULL), 200);
    ck_assert_int_eq(status_of("GET", p, lead, NULL), 200);
    snprintf(p, sizeof p, "/v1/cases/%s/transfer", id);
    ck_assert_int_eq(status_of("POST", p, lead, "{\"lead_agency_id\":\"" CARITAS_AGENCY "\"}"), 200);
    snprintf(p, sizeof p, "/v1/cases/%s/export", id);
    http_resp_t *r = http("GET", p, caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    char *recipients = json_dumps(json_object_get(r->json, "recipients"), JSON_COMPACT);
    ck_assert_msg(strstr(recipients, CARITAS_AGENCY) != NULL, "Caritas read as a partner: %s", recipients);
    ck_assert_msg(strstr(recipients, JOBCENTER_AGENCY) == NULL, "the Jobcenter read as the lead: %s",
                  recipients);
    free(recipients);
    http_free(r);
    free(id);
}
END_TEST

START_TEST(retention_run_anonymizes_old_closed_cases)
{
    char p[160], sql[256];
    ck_assert_int_eq(status_of("POST", case_path(p, sizeof p, case_id, "/close"), lead,
                               "{\"closure_reason\":\"goals_achieved\"}"), 200);
    char m2[9];
    random_hex(m2, 8);
    char *recent = create_case(lead, m2);
    ck_assert_int_eq(status_of("POST", case_path(p, sizeof p, recent, "/close"), lead,
                               "{\"closure_reason\":\"moved_away\"}"), 200);
    snprintf(sql, sizeof sql, "UPDATE cases SET created_at = now() - interval '500 days', "
             "closed_at = now() - interval '400 days' WHERE id = '%s'", case_id);
    free(sql_super(sql));
    free(sql_super("INSERT INTO idempotency_keys (network_id, principal, key, request_hash, created_at) "
                   "VALUES ('" RBK_NETWORK "', 'x', 'old-key', 'h', now() - interval '2 days')"));
    /* two runs at once share the work without harm */
    int st = system("LOTSE_RETENTION_DAYS=365 build/lotse maintenance 2>/dev/null & "
                    "LOTSE_RETENTION_DAYS=365 build/lotse maintenance 2>/dev/null; wait $!");
    ck_assert_int_eq(WEXITSTATUS(st), 0);
    snprintf(sql, sizeof sql, "SELECT (anonymized_at IS NOT NULL)::text || (first_name IS NULL)::text "
                              "FROM cases WHERE id = '%s'", case_id);
    char *v = sql_super(sql);
    ck_assert_str_eq(v, "truetrue");
    free(v);
    snprintf(sql, sizeof sql, "SELECT (anonymized_at IS NULL)::text FROM cases WHERE id = '%s'", recent);
    v = sql_super(sql);
    ck_assert_str_eq(v, "true");
    free(v);
    snprintf(sql, sizeof sql, "SELECT count(*) || ':' || max(actor_sub) FROM audit_log "
                              "WHERE case_id = '%s' AND action = 'case.anonymize'", case_id);
    v = sql_super(sql);
    ck_assert_str_eq(v, "1:maintenance");
    free(v);
    v = sql_super("SELECT count(*) FROM idempotency_keys WHERE key = 'old-key'");
    ck_assert_str_eq(v, "0");
    free(v);
    free(recent);
}
END_TEST

Suite *suite_gdpr(void)
{
    Suite *s = suite_create("gdpr");
    TCase *tc = tcase_create("gdpr");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, one_audit_row_per_request);
    tcase_add_test(tc, audit_log_is_append_only);
    tcase_add_test(tc, unwritable_audit_means_no_data);
    tcase_add_test(tc, anonymization_leaves_no_personal_data);
    tcase_add_test(tc, retention_run_anonymizes_old_closed_cases);
    tcase_add_test(tc, export_holds_every_object_and_renders_in_german);
    tcase_add_test(tc, export_recipients_survive_a_transfer);
    suite_add_tcase(s, tc);
    return s;
}
