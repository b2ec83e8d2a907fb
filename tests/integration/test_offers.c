/* test_offers.c - the offers catalogue: CRUD by the owning agency, German
 * full-text search (inflected words match), combined filters, the public
 * catalogue without a token (published only, cacheable). */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int titles_contain(http_resp_t *r, const char *title)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r->json, "items"), i, it) if (
        strcmp(json_string_value(json_object_get(it, "title")), title) == 0) return 1;
    return 0;
}

START_TEST(german_search_and_filters)
{
    char *t = demo_token("demo-mbe");
    /* "Sprachkurse" finds "Sprachkurs", ranked first */
    http_resp_t *r = http("GET", "/v1/offers?q=Sprachkurse", t, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert(titles_contain(r, "Sprachkurs für Frauen mit Kinderbetreuung"));
    ck_assert(!titles_contain(r, "Wohnungssuche und Mietschuldenberatung"));
    http_free(r);
    r = http("GET", "/v1/offers?q=Kinderbetreuung%20Frauen", t, NULL, NULL);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "title")),
                     "Sprachkurs für Frauen mit Kinderbetreuung");
    http_free(r);
    r = http("GET", "/v1/offers?q=Beratungen", t, NULL, NULL);
    ck_assert(titles_contain(r, "Anerkennungsberatung für ausländische Berufsabschlüsse") ||
              titles_contain(r, "Beratung zur Ausbildungsduldung"));
    http_free(r);
    /* filters combine */
    r = http("GET", "/v1/offers?field_of_action=language&language=ar&availability=waitlist", t, NULL, NULL);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
    ck_assert(titles_contain(r, "Sprachkurs für Frauen mit Kinderbetreuung"));
    http_free(r);
    r = http("GET", "/v1/offers?field_of_action=language&target_group=asylum_seeker&municipality_ags=05378028", t, NULL, NULL);
    ck_assert(titles_contain(r, "Sprachpatenschaften mit Ehrenamtlichen"));
    ck_assert(!titles_contain(r, "Hausaufgabenhilfe und Lerngruppen"));
    http_free(r);
    /* another agency's draft is not listed; paging walks everything once */
    r = http("GET", "/v1/offers?limit=5", t, NULL, NULL);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 5);
    ck_assert(!titles_contain(r, "Nähwerkstatt (in Planung)"));
    char next[256];
    snprintf(next, sizeof next, "/v1/offers?limit=500&cursor=%s", jstr(r, "next_cursor"));
    http_free(r);
    r = http("GET", next, t, NULL, NULL);
    ck_assert_uint_ge(json_array_size(json_object_get(r->json, "items")), 6);
    ck_assert(!titles_contain(r, "Nähwerkstatt (in Planung)"));
    http_free(r);
    ck_assert_int_eq(status_of("GET", "/v1/offers?language=deutsch", t, NULL), 400);
    free(t);
    t = demo_token("demo-caritas");
    r = http("GET", "/v1/offers?q=Nähwerkstatt", t, NULL, NULL);
    ck_assert(titles_contain(r, "Nähwerkstatt (in Planung)"));
    http_free(r);
    free(t);
}
END_TEST

START_TEST(owner_manages_public_reads_published)
{
    char *awo = demo_token("demo-awo"), *caritas = demo_token("demo-caritas");
    http_resp_t *r = http("POST", "/v1/offers", awo,
                          "{\"title\":\"Schreibwerkstatt Bewerbungen\",\"description\":\"Anschreiben und Lebenslauf\","
                          "\"fields_of_action\":[\"employment\"],\"languages\":[\"de\",\"xx1\"]}", NULL);
    ck_assert_int_eq(r->status, 400);
    http_free(r);
    r = http("POST", "/v1/offers", awo,
             "{\"title\":\"Schreibwerkstatt Bewerbungen\",\"description\":\"Anschreiben und Lebenslauf\","
             "\"fields_of_action\":[\"employment\"],\"languages\":[\"de\"]}", NULL);
    ck_assert_int_eq(r->status, 201);
    char p[128];
    snprintf(p, sizeof p, "/v1/offers/%s", jstr(r, "id"));
    ck_assert(json_is_false(json_object_get(r->json, "published")));
    http_free(r);
    r = http("GET", "/v1/public/networks/RBK/offers?q=Schreibwerkstatt", NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
    http_free(r);
    ck_assert_int_eq(status_of("PATCH", p, caritas, "{\"published\":true}"), 404); /* a draft of another agency */
    ck_assert_int_eq(status_of("PATCH", p, awo, "{\"published\":true}"), 200);
    ck_assert_int_eq(status_of("PATCH", p, caritas, "{\"title\":\"Unsere Werkstatt\"}"), 403);
    r = http("GET", "/v1/public/networks/RBK/offers?q=Schreibwerkstätten", NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert(titles_contain(r, "Schreibwerkstatt Bewerbungen"));
    json_t *item = json_array_get(json_object_get(r->json, "items"), 0);
    ck_assert_ptr_null(json_object_get(item, "version"));
    ck_assert_ptr_null(json_object_get(item, "published"));
    ck_assert_ptr_nonnull(json_object_get(item, "agency_name"));
    char *etag = resp_header_value(r, "ETag"), *cc = resp_header_value(r, "Cache-Control");
    ck_assert_str_eq(cc, "public, max-age=300");
    char inm[128];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    http_resp_t *again = http("GET", "/v1/public/networks/RBK/offers?q=Schreibwerkst%C3%A4tten", NULL, NULL,
                              (const char *[]){inm, NULL});
    ck_assert_int_eq(again->status, 304);
    http_free(again);
    free(etag);
    free(cc);
    http_free(r);
    r = http("GET", "/v1/public/networks/RBK/offers?q=Nähwerkstatt", NULL, NULL, NULL);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
    http_free(r);
    ck_assert_int_eq(status_of("GET", "/v1/public/networks/NOPE/offers", NULL, NULL), 404);
    ck_assert_int_eq(status_of("DELETE", p, caritas, NULL), 403);
    ck_assert_int_eq(status_of("DELETE", p, awo, NULL), 204);
    ck_assert_int_eq(status_of("GET", p, awo, NULL), 404);
    char *ev = sql_super("SELECT string_agg(type, ',' ORDER BY id) FROM events WHERE resource_type = 'offer' "
                         "AND id > (SELECT max(id) - 10 FROM events)");
    ck_assert_ptr_nonnull(strstr(ev, "offer.created,offer.updated,offer.published,offer.deleted"));
    free(ev);
    free(awo);
    free(caritas);
}
END_TEST

Suite *suite_offers(void)
{
    Suite *s = suite_create("offers");
    TCase *tc = tcase_create("offers");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, german_search_and_filters);
    tcase_add_test(tc, owner_manages_public_reads_published);
    suite_add_tcase(s, tc);
    return s;
}
