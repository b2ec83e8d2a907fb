/* test_cases.c - cases through HTTP: the visibility matrix (lead, consent
 * with each category subset, no consent, another network, coordinator,
 * ministry) for read, list, patch and export; conditional writes; status
 * actions; transfer; idempotent retries; gapless references. */
#include "case_fixture.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *lead, *caritas, *awo, *mbe, *case_id;

/* A case led by the Jobcenter: Caritas sees identity, AWO residence,
 * potential, plan and journal, the MBE nothing. */
static void setup(void)
{
    demo_team(&lead, &caritas, &awo, &mbe);
    char m[9];
    random_hex(m, 8);
    case_id = create_case(lead, m);
    free(grant(lead, case_id, CARITAS_AGENCY, "[\"identity\"]", NULL));
    free(grant(lead, case_id, AWO_AGENCY, "[\"residence\",\"potential\",\"plan\",\"journal\"]", NULL));
}

static void teardown(void)
{
    demo_team_free(lead, caritas, awo, mbe);
    free(case_id);
}

START_TEST(read_shows_only_consented_categories)
{
    char p[128];
    case_path(p, sizeof p, case_id, NULL);
    http_resp_t *r = http("GET", p, lead, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(json_object_get(r->json, "person"));
    ck_assert_ptr_nonnull(json_object_get(r->json, "residence"));
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "categories")), 5);
    ck_assert_ptr_nonnull(strstr(jstr(r, "reference"), "RBK-"));
    char *etag = resp_header_value(r, "ETag");
    ck_assert_str_eq(etag, "\"v1\"");
    free(etag);
    http_free(r);

    r = http("GET", p, caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(json_object_get(r->json, "person"));
    ck_assert_ptr_null(json_object_get(r->json, "residence"));
    ck_assert_ptr_null(strstr(r->body, "05378004"));
    ck_assert_ptr_null(strstr(r->body, "residence_permit"));
    http_free(r);

    r = http("GET", p, awo, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_null(json_object_get(r->json, "person"));
    ck_assert_ptr_null(strstr(r->body, "Amina"));
    ck_assert_ptr_null(strstr(r->body, "1991"));
    ck_assert_ptr_nonnull(json_object_get(r->json, "residence"));
    http_free(r);

    r = http("GET", p, mbe, NULL, NULL);
    ck_assert_int_eq(r->status, 404);
    http_resp_t *random = http("GET", "/v1/cases/00000000-0000-4000-8000-0000000000ff", mbe, NULL, NULL);
    ck_assert_int_eq(random->status, 404);
    ck_assert_str_eq(jstr(r, "detail"), jstr(random, "detail"));
    ck_assert_str_eq(jstr(r, "type"), jstr(random, "type"));
    http_free(random);
    http_free(r);
}
END_TEST

START_TEST(other_network_coordinator_ministry)
{
    char p[128], id[40], agency[40], *other;
    case_path(p, sizeof p, case_id, NULL);
    new_network(id, &other, agency);
    ck_assert_int_eq(status_of("GET", p, other, NULL), 404);
    ck_assert_int_eq(status_of("PATCH", p, other, "{\"case_manager\":\"x\"}"), 404);
    http_resp_t *r = http("GET", "/v1/cases", other, NULL, NULL);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
    http_free(r);
    free(other);

    char *coord = signed_token("[\"coordinator\"]", KI_AGENCY, RBK_NETWORK);
    ck_assert_int_eq(status_of("GET", p, coord, NULL), 403);
    free(coord);
    char *ministry = demo_token("demo-ministry");
    ck_assert_int_eq(status_of("GET", p, ministry, NULL), 403);
    ck_assert_int_eq(status_of("GET", "/v1/cases", ministry, NULL), 403);
    free(ministry);
    char *platform = demo_token("demo-platform");
    ck_assert_int_eq(status_of("GET", p, platform, NULL), 403);
    free(platform);
    char *auditor = demo_token("demo-auditor");
    ck_assert_int_eq(status_of("GET", p, auditor, NULL), 403);
    free(auditor);
    /* a coordinator whose agency holds a consent sees what it covers */
    free(grant(lead, case_id, KI_AGENCY, "[\"plan\"]", NULL));
    coord = signed_token("[\"coordinator\"]", KI_AGENCY, RBK_NETWORK);
    r = http("GET", p, coord, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_null(json_object_get(r->json, "person"));
    http_free(r);
    free(coord);
}
END_TEST

static int list_contains(const char *path, const char *token, const char *id)
{
    http_resp_t *r = http("GET", path, token, NULL, NULL);
    ck_assert_msg(r->status == 200, "%s: %ld", path, r->status);
    int found = 0;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r->json, "items"), i, it) {
        if (strcmp(json_string_value(json_object_get(it, "id")), id) == 0) {
            found = 1;
            if (token == caritas) { /* identity only */
                ck_assert_ptr_null(json_object_get(it, "residence"));
                ck_assert_ptr_null(json_object_get(it, "target_group"));
                ck_assert_ptr_null(json_object_get(it, "fields_of_action"));
            }
        }
    }
    http_free(r);
    return found;
}

START_TEST(list_and_filters_respect_categories)
{
    ck_assert(list_contains("/v1/cases?limit=500", lead, case_id));
    ck_assert(list_contains("/v1/cases?limit=500", caritas, case_id));
    ck_assert(!list_contains("/v1/cases?limit=500", mbe, case_id));
    /* filtering on a category the caller does not see finds nothing */
    ck_assert(list_contains("/v1/cases?limit=500&municipality_ags=05378004", awo, case_id));
    ck_assert(!list_contains("/v1/cases?limit=500&municipality_ags=05378004", caritas, case_id));
    ck_assert(!list_contains("/v1/cases?limit=500&residence_status=residence_permit_humanitarian",
                             caritas, case_id));
    ck_assert(list_contains("/v1/cases?limit=500&status=open&target_group=recognised_refugee"
                            "&field_of_action=language&lead_agency_id=" JOBCENTER_AGENCY,
                            lead, case_id));
    ck_assert(list_contains("/v1/cases?limit=500&status=open&lead_agency_id=" JOBCENTER_AGENCY,
                            caritas, case_id));
    /* the target group tells the residence situation, the fields of action the plan */
    ck_assert(!list_contains("/v1/cases?limit=500&target_group=recognised_refugee", caritas, case_id));
    ck_assert(!list_contains("/v1/cases?limit=500&status=closed", lead, case_id));
    char q[128], p[128];
    http_resp_t *r = http("GET", case_path(p, sizeof p, case_id, NULL), lead, NULL, NULL);
    snprintf(q, sizeof q, "/v1/cases?q=%s", jstr(r, "reference") + 4);
    http_free(r);
    ck_assert(list_contains(q, lead, case_id));
    /* by reference only among the cases the caller sees (the references are read by index) */
    char m[9];
    random_hex(m, 8);
    char *hidden = create_case(lead, m);
    r = http("GET", case_path(p, sizeof p, hidden, NULL), lead, NULL, NULL);
    snprintf(q, sizeof q, "/v1/cases?q=%s", jstr(r, "reference") + 4);
    http_free(r);
    ck_assert(list_contains(q, lead, hidden));
    ck_assert(!list_contains(q, caritas, hidden));
    free(hidden);
    ck_assert_int_eq(status_of("GET", "/v1/cases?status=sleeping", lead, NULL), 400);
    ck_assert_int_eq(status_of("GET", "/v1/cases?lead_agency_id=x", lead, NULL), 400);
}
END_TEST

START_TEST(patch_needs_the_category_and_if_match)
{
    char p[128];
    case_path(p, sizeof p, case_id, NULL);
    /* Caritas may correct identity data, nothing else */
    http_resp_t *r = http("PATCH", p, caritas, "{\"person\":{\"first_name\":\"Amira\"}}", NULL);
    ck_assert_int_eq(r->status, 428);
    http_free(r);
    const char *v1[] = {"If-Match: \"v1\"", NULL};
    r = http("PATCH", p, caritas, "{\"person\":{\"first_name\":\"Amira\",\"contact\":{\"email\":null}}}", v1);
    ck_assert_int_eq(r->status, 200);
    json_t *person = json_object_get(r->json, "person");
    ck_assert_str_eq(json_string_value(json_object_get(person, "first_name")), "Amira");
    ck_assert(json_is_null(json_object_get(json_object_get(person, "contact"), "email")));
    ck_assert_ptr_nonnull(json_string_value(json_object_get(person, "last_name")));
    char *etag = resp_header_value(r, "ETag");
    ck_assert_str_eq(etag, "\"v2\"");
    free(etag);
    http_free(r);
    r = http("PATCH", p, lead, "{\"case_manager\":\"Herr Yilmaz\"}", v1);
    ck_assert_int_eq(r->status, 412);
    http_free(r);
    ck_assert_int_eq(status_of("PATCH", p, caritas, "{\"residence\":{\"accommodation\":\"private\"}}"), 403);
    ck_assert_int_eq(status_of("PATCH", p, caritas, "{\"target_group\":\"other\"}"), 403);
    ck_assert_int_eq(status_of("PATCH", p, awo, "{\"person\":{\"last_name\":\"X\"}}"), 403);
    ck_assert_int_eq(status_of("PATCH", p, awo, "{\"residence\":{\"accommodation\":\"private\"}}"), 200);
    ck_assert_int_eq(status_of("PATCH", p, mbe, "{\"person\":{\"last_name\":\"X\"}}"), 404);
    /* validation names the fields, codes come from the database tables */
    r = http("PATCH", p, lead,
             "{\"person\":{\"nationality\":\"XX\",\"languages\":[{\"code\":\"zz\",\"level\":\"A1\"}],"
             "\"birth_date\":\"2999-01-01\"},\"residence\":{\"municipality_ags\":\"09162000\"}}",
             (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 400);
    char *errs = json_dumps(json_object_get(r->json, "errors"), JSON_COMPACT);
    ck_assert_ptr_nonnull(strstr(errs, "/person/birth_date"));
    http_free(r);
    free(errs);
    r = http("PATCH", p, lead,
             "{\"person\":{\"nationality\":\"XX\",\"languages\":[{\"code\":\"zz\",\"level\":\"A1\"}]},"
             "\"residence\":{\"municipality_ags\":\"09162000\"}}",
             (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 400);
    errs = json_dumps(json_object_get(r->json, "errors"), JSON_COMPACT);
    ck_assert_ptr_nonnull(strstr(errs, "/person/nationality"));
    ck_assert_ptr_nonnull(strstr(errs, "/person/languages/0/code"));
    ck_assert_ptr_nonnull(strstr(errs, "/residence/municipality_ags"));
    free(errs);
    http_free(r);
}
END_TEST

START_TEST(export_only_for_the_lead)
{
    char p[128];
    case_path(p, sizeof p, case_id, "/export");
    ck_assert_int_eq(status_of("GET", p, caritas, NULL), 403);
    ck_assert_int_eq(status_of("GET", p, mbe, NULL), 404);
    char rp[128];
    ck_assert_int_eq(status_of("GET", case_path(rp, sizeof rp, case_id, NULL), caritas, NULL), 200);
    http_resp_t *r = http("GET", p, lead, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    json_t *c = json_object_get(r->json, "case");
    ck_assert_ptr_nonnull(json_object_get(c, "person"));
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "consents")), 2);
    /* Art. 15 recipients: Caritas read the identity data */
    int caritas_seen = 0;
    size_t i;
    json_t *rec;
    json_array_foreach(json_object_get(r->json, "recipients"), i, rec) {
        if (strcmp(json_string_value(json_object_get(rec, "agency_id")), CARITAS_AGENCY) == 0) {
            caritas_seen = 1;
            ck_assert_str_eq(json_string_value(json_array_get(json_object_get(rec, "categories"), 0)),
                             "identity");
            ck_assert_ptr_nonnull(json_string_value(json_object_get(rec, "first_access")));
        }
    }
    ck_assert(caritas_seen);
    http_free(r);
}
END_TEST

START_TEST(status_actions_follow_the_state_machine)
{
    char p[160];
    case_path(p, sizeof p, case_id, "/hold");
    http_resp_t *r = http("POST", p, lead, NULL, (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 409);
    ck_assert_ptr_nonnull(strstr(jstr(r, "detail"), "activate, close"));
    http_free(r);
    ck_assert_int_eq(status_of("POST", case_path(p, sizeof p, case_id, "/activate"), caritas, NULL), 403);
    r = http("POST", case_path(p, sizeof p, case_id, "/activate"), lead, NULL, NULL);
    ck_assert_int_eq(r->status, 428);
    http_free(r);
    r = http("POST", p, lead, NULL, (const char *[]){"If-Match: \"v1\"", NULL});
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "status"), "active");
    http_free(r);
    ck_assert_int_eq(status_of("POST", case_path(p, sizeof p, case_id, "/hold"), lead, NULL), 200);
    ck_assert_int_eq(status_of("POST", case_path(p, sizeof p, case_id, "/activate"), lead, NULL), 200);
    ck_assert_int_eq(status_of("POST", case_path(p, sizeof p, case_id, "/close"), lead, "{}"), 400);
    ck_assert_int_eq(status_of("POST", case_path(p, sizeof p, case_id, "/close"), lead,
                               "{\"closure_reason\":\"bored\"}"), 400);
    r = http("POST", case_path(p, sizeof p, case_id, "/close"), lead,
             "{\"closure_reason\":\"moved_away\"}", (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "closure_reason"), "moved_away");
    ck_assert_ptr_nonnull(jstr(r, "closed_at"));
    http_free(r);
    ck_assert_int_eq(status_of("POST", case_path(p, sizeof p, case_id, "/activate"), lead, NULL), 409);
    r = http("POST", case_path(p, sizeof p, case_id, "/reopen"), lead, NULL, (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(jstr(r, "status"), "active");
    ck_assert(json_is_null(json_object_get(r->json, "closure_reason")));
    http_free(r);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE resource_id = '%s' AND type = "
                              "'case.status_changed'", case_id);
    char *n = sql_super(sql);
    ck_assert_str_eq(n, "5");
    free(n);
}
END_TEST

START_TEST(transfer_needs_consent_of_the_new_lead)
{
    char p[160], rp[128];
    case_path(p, sizeof p, case_id, "/transfer");
    http_resp_t *r = http("POST", p, lead, "{\"lead_agency_id\":\"" MBE_AGENCY "\"}",
                          (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 422);
    ck_assert_str_eq(jstr(r, "type"), "https://lotse.example/problems/consent-required");
    http_free(r);
    ck_assert_int_eq(status_of("POST", p, caritas, "{\"lead_agency_id\":\"" CARITAS_AGENCY "\"}"), 403);
    ck_assert_int_eq(status_of("POST", p, lead, "{\"lead_agency_id\":\"" CARITAS_AGENCY "\"}"), 200);
    /* Caritas now leads and sees everything; the Jobcenter has no consent left */
    r = http("GET", case_path(rp, sizeof rp, case_id, NULL), caritas, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_ptr_nonnull(json_object_get(r->json, "residence"));
    ck_assert_str_eq(jstr(r, "lead_agency_id"), CARITAS_AGENCY);
    http_free(r);
    ck_assert_int_eq(status_of("GET", rp, lead, NULL), 404);
}
END_TEST

START_TEST(idempotent_create)
{
    char m[9], key[64];
    random_hex(m, 8);
    snprintf(key, sizeof key, "Idempotency-Key: create-%s", m);
    const char *h[] = {key, NULL};
    char *body = case_body(m);
    http_resp_t *a = http("POST", "/v1/cases", lead, body, h);
    http_resp_t *b = http("POST", "/v1/cases", lead, body, h);
    ck_assert_int_eq(a->status, 201);
    ck_assert_int_eq(b->status, 201);
    ck_assert_str_eq(jstr(a, "id"), jstr(b, "id"));
    ck_assert_str_eq(jstr(a, "reference"), jstr(b, "reference"));
    char *replayed = resp_header_value(b, "Idempotent-Replayed");
    ck_assert_str_eq(replayed, "true");
    free(replayed);
    char *loc = resp_header_value(b, "Location");
    ck_assert_ptr_nonnull(strstr(loc, jstr(a, "id")));
    free(loc);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM cases WHERE first_name = 'Amina%s'", m);
    char *n = sql_super(sql);
    ck_assert_str_eq(n, "1");
    free(n);
    http_resp_t *c = http("POST", "/v1/cases", lead, "{\"target_group\":\"other\"}", h);
    ck_assert_int_eq(c->status, 422);
    http_free(c);
    /* keys are per principal: the same key from another client is a new request */
    http_resp_t *d = http("POST", "/v1/cases", caritas, body, h);
    ck_assert_int_eq(d->status, 201);
    ck_assert_str_ne(jstr(d, "id"), jstr(a, "id"));
    http_free(d);
    http_free(a);
    http_free(b);
    free(body);
}
END_TEST

START_TEST(fifty_concurrent_creates_get_gapless_references)
{
    enum { N = 50 };
    CURLM *multi = curl_multi_init();
    CURL *handles[N];
    char auth[4096];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", lead);
    struct curl_slist *hdrs = curl_slist_append(NULL, auth);
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    char url[128];
    snprintf(url, sizeof url, "%s/v1/cases", g_base);
    static const char body[] = "{\"target_group\":\"newly_arrived\"}";
    for (int i = 0; i < N; i++) {
        handles[i] = curl_easy_init();
        curl_easy_setopt(handles[i], CURLOPT_URL, url);
        curl_easy_setopt(handles[i], CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(handles[i], CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(handles[i], CURLOPT_WRITEFUNCTION, fwrite);
        curl_easy_setopt(handles[i], CURLOPT_WRITEDATA, fopen("/dev/null", "w"));
        curl_multi_add_handle(multi, handles[i]);
    }
    char *before = sql_super("SELECT coalesce(max(last_value), 0) FROM case_counters "
                             "WHERE network_id = '" RBK_NETWORK "'");
    int running = 1;
    while (running) {
        curl_multi_perform(multi, &running);
        curl_multi_wait(multi, NULL, 0, 100, NULL);
    }
    int created = 0;
    for (int i = 0; i < N; i++) {
        long st = 0;
        curl_easy_getinfo(handles[i], CURLINFO_RESPONSE_CODE, &st);
        created += st == 201;
        curl_multi_remove_handle(multi, handles[i]);
        curl_easy_cleanup(handles[i]);
    }
    curl_multi_cleanup(multi);
    curl_slist_free_all(hdrs);
    ck_assert_int_eq(created, N);
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(DISTINCT reference) || '/' || (max(n) - min(n) + 1) || '/' || min(n) FROM "
             "(SELECT reference, split_part(reference, '-', 3)::int AS n FROM cases "
             " WHERE network_id = '" RBK_NETWORK "' AND split_part(reference, '-', 3)::int > %s) s",
             before);
    char *res = sql_super(sql);
    char want[64];
    snprintf(want, sizeof want, "%d/%d/%d", N, N, atoi(before) + 1);
    ck_assert_str_eq(res, want);
    free(res);
    free(before);
}
END_TEST

Suite *suite_cases(void)
{
    Suite *s = suite_create("cases");
    TCase *tc = tcase_create("cases");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, read_shows_only_consented_categories);
    tcase_add_test(tc, other_network_coordinator_ministry);
    tcase_add_test(tc, list_and_filters_respect_categories);
    tcase_add_test(tc, patch_needs_the_category_and_if_match);
    tcase_add_test(tc, export_only_for_the_lead);
    tcase_add_test(tc, status_actions_follow_the_state_machine);
    tcase_add_test(tc, transfer_needs_consent_of_the_new_lead);
    tcase_add_test(tc, idempotent_create);
    tcase_add_test(tc, fifty_concurrent_creates_get_gapless_references);
    suite_add_tcase(s, tc);
    return s;
}
