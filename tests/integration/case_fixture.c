/* case_fixture.c - see case_fixture.h. */
#include "case_fixture.h"
#include "router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *case_body(const char *marker)
{
    char *b = malloc(2048);
    snprintf(b, 2048,
             "{\"target_group\":\"recognised_refugee\",\"fields_of_action\":[\"language\",\"employment\"],"
             "\"case_manager\":\"Frau Weber\","
             "\"person\":{\"first_name\":\"Amina%s\",\"last_name\":\"Haddad%s\","
             "\"birth_date\":\"1991-07-23\",\"gender\":\"female\",\"nationality\":\"SY\","
             "\"languages\":[{\"code\":\"ar\",\"level\":\"native\"},{\"code\":\"de\",\"level\":\"A2\"}],"
             "\"contact\":{\"phone\":\"0171 555%s\",\"email\":\"amina.%s@example.org\","
             "\"address\":\"Hauptstr. 1 %s\"}},"
             "\"residence\":{\"status\":\"residence_permit_humanitarian\",\"expires_on\":\"2027-05-01\","
             "\"arrival_date\":\"2023-05-02\",\"municipality_ags\":\"05378004\","
             "\"accommodation\":\"shared_accommodation\"}}",
             marker, marker, marker, marker, marker);
    return b;
}

char *create_case(const char *token, const char *marker)
{
    char *body = case_body(marker);
    http_resp_t *r = http("POST", "/v1/cases", token, body, NULL);
    ck_assert_msg(r->status == 201, "create case: %ld %s", r->status, r->body);
    char *id = strdup(jstr(r, "id"));
    http_free(r);
    free(body);
    return id;
}

void demo_team(char **jobcenter, char **caritas, char **awo, char **mbe)
{
    *jobcenter = demo_token("demo-jobcenter");
    *caritas = demo_token("demo-caritas");
    *awo = demo_token("demo-awo");
    *mbe = demo_token("demo-mbe");
}

void demo_team_free(char *jobcenter, char *caritas, char *awo, char *mbe)
{
    free(jobcenter);
    free(caritas);
    free(awo);
    free(mbe);
}

char *grant(const char *lead_token, const char *case_id, const char *agency,
            const char *categories, const char *valid_until)
{
    char body[1024], path[128], until[96] = "";
    if (valid_until)
        snprintf(until, sizeof until, ",\"valid_until\":\"%s\"", valid_until);
    snprintf(body, sizeof body,
             "{\"recipient_agency_id\":\"%s\",\"categories\":%s,\"purpose\":\"Beratung\","
             "\"legal_basis\":\"consent\",\"form_reference\":\"EW-2026-17\"%s}",
             agency, categories, until);
    snprintf(path, sizeof path, "/v1/cases/%s/consents", case_id);
    http_resp_t *r = http("POST", path, lead_token, body, NULL);
    ck_assert_msg(r->status == 201, "grant: %ld %s", r->status, r->body);
    char *id = strdup(jstr(r, "id"));
    http_free(r);
    return id;
}

/* The version of the resource an update, action or delete at path acts on,
 * as token reads it: the ETag of GET path (update, delete) or of its parent
 * (action); for an item without a GET of its own, the version field of its
 * entry in the collection (a consent), else the ETag of the nearest
 * resource above it (a decision: its conference; a delivery: its webhook).
 * "v0" (no resource has it) when token reads none of them, so the server
 * answers with its refusal.  The If-Match header into out. */
static void current_version(const route_t *rt, const char *path, const char *token, char *out,
                            size_t n)
{
    char res[512];
    snprintf(res, sizeof res, "%s", path);
    if (rt->kind == OP_ACTION)
        *strrchr(res, '/') = '\0';
    snprintf(out, n, "If-Match: \"v0\"");
    for (int found = 0; !found && strchr(res + 4, '/');) {
        http_resp_t *r = http("GET", res, token, NULL, NULL);
        char *etag = r->status == 200 ? resp_header_value(r, "ETag") : NULL;
        http_free(r);
        if (etag) {
            snprintf(out, n, "If-Match: %s", etag);
            free(etag);
            return;
        }
        char *slash = strrchr(res, '/');
        *slash = '\0';
        r = http("GET", res, token, NULL, NULL);
        json_t *items = r->status == 200 ? json_object_get(r->json, "items") : NULL;
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it) {
            const char *id = json_string_value(json_object_get(it, "id"));
            if (id && strcmp(id, slash + 1) == 0 && json_object_get(it, "version")) {
                snprintf(out, n, "If-Match: \"v%lld\"",
                         (long long)json_integer_value(json_object_get(it, "version")));
                found = 1;
            }
        }
        http_free(r);
    }
}

long status_of(const char *method, const char *path, const char *token, const char *body)
{
    size_t nroutes;
    const route_t *table = routes_table(&nroutes);
    char copy[512], header[160];
    snprintf(copy, sizeof copy, "%s", path);
    *strchrnul(copy, '?') = '\0';
    route_match_t m;
    const char *hdrs[] = {header, NULL};
    int conditional = router_match(table, nroutes, method, copy, &m) == MATCH_OK &&
                      OP_NEEDS_IF_MATCH(m.route->kind);
    if (conditional)
        current_version(m.route, path, token, header, sizeof header);
    http_resp_t *r = http(method, path, token, body, conditional ? hdrs : NULL);
    long st = r->status;
    http_free(r);
    return st;
}

char *case_path(char *buf, size_t n, const char *id, const char *suffix)
{
    snprintf(buf, n, "/v1/cases/%s%s", id, suffix ? suffix : "");
    return buf;
}

/* POST path as token with body: 201 asserted, the new id into out. */
static void created(const char *path, const char *token, const char *body, char *out)
{
    http_resp_t *r = http("POST", path, token, body, NULL);
    ck_assert_msg(r->status == 201, "POST %s: %ld %s", path, r->status, r->body);
    snprintf(out, 40, "%s", jstr(r, "id"));
    http_free(r);
}

void random_birth_date(char *out)
{
    char h[5];
    random_hex(h, 4);
    unsigned v = (unsigned)strtoul(h, NULL, 16);
    snprintf(out, 16, "19%02u-%02u-%02u", 30 + v % 60, 1 + v / 60 % 12, 1 + v / 720 % 28);
}

static char receiving[40], receiving_agency[40], receiving_code_[16], *receiving_tok;

/* the receiving network, made on first use */
static void receiving_network(void)
{
    if (receiving_tok)
        return;
    char *boot;
    new_network(receiving, &boot, receiving_agency);
    free(boot);
    char *code = sqlf("SELECT code FROM networks WHERE id = '%s'", receiving);
    snprintf(receiving_code_, sizeof receiving_code_, "%s", code);
    free(code);
    receiving_tok = signed_token("[\"caseworker\"]", receiving_agency, receiving);
}

const char *receiving_token(void)
{
    receiving_network();
    return receiving_tok;
}

void handover_fixture(const char *lead, const char *case_id, int consent_only, char *out)
{
    receiving_network();
    char body[512], path[128], consent[40];
    snprintf(body, sizeof body, "{\"receiving_network\":\"%s\",\"categories\":[\"identity\",\"residence\"],"
             "\"purpose\":\"Umzug\",\"legal_basis\":\"consent\"}", receiving_code_);
    snprintf(path, sizeof path, "/v1/cases/%s/consents", case_id);
    created(path, lead, body, consent);
    if (consent_only) {
        snprintf(out, 40, "%s", consent);
        return;
    }
    snprintf(body, sizeof body, "{\"consent_id\":\"%s\"}", consent);
    snprintf(path, sizeof path, "/v1/cases/%s/handovers", case_id);
    created(path, lead, body, out);
}

void full_case(full_case_t *f, const char *jc, const char *caritas, const char *marker)
{
    char *c = create_case(jc, marker);
    snprintf(f->case_id, sizeof f->case_id, "%s", c);
    free(c);
    char *k = grant(jc, f->case_id, CARITAS_AGENCY, "[\"identity\",\"residence\",\"potential\",\"plan\",\"journal\"]",
                    NULL);
    snprintf(f->consent, sizeof f->consent, "%s", k);
    free(k);
    char p[160], body[1024];
    snprintf(p, sizeof p, "/v1/cases/%s/analyses", f->case_id);
    created(p, caritas, "{\"assessed_on\":\"2026-11-02\",\"language\":{\"german_level\":\"A2\"}}", f->analysis);
    snprintf(p, sizeof p, "/v1/cases/%s/goals", f->case_id);
    created(p, jc, "{\"field_of_action\":\"language\",\"title\":\"Deutsch B1\",\"responsible_agency_id\":\""
            CARITAS_AGENCY "\"}", f->goal);
    snprintf(p, sizeof p, "/v1/cases/%s/journal", f->case_id);
    created(p, caritas, "{\"text\":\"Erstgespräch\",\"occurred_on\":\"2026-11-02\"}", f->entry);
    snprintf(p, sizeof p, "/v1/cases/%s/barriers", f->case_id);
    created(p, caritas, "{\"code\":\"no_childcare\",\"field_of_action\":\"language\",\"text\":\"kein Kita-Platz\"}",
            f->barrier);
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"to_agency_id\":\"" CARITAS_AGENCY "\","
             "\"field_of_action\":\"language\",\"reason\":\"Sprachkurs %s\"}", f->case_id, marker);
    created("/v1/referrals", jc, body, f->referral);
    created("/v1/referrals", jc, body, f->accepted);
    snprintf(p, sizeof p, "/v1/referrals/%s/accept", f->accepted);
    ck_assert_int_eq(status_of("POST", p, caritas, NULL), 200);
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"starts_at\":\"2031-05-05T09:00:00Z\","
             "\"ends_at\":\"2031-05-05T10:00:00Z\",\"place\":\"Rathaus\",\"agenda\":\"Sprachkurs %s\","
             "\"participants\":[{\"agency_id\":\"" CARITAS_AGENCY "\",\"role\":\"participant\"}]}", f->case_id, marker);
    created("/v1/conferences", jc, body, f->conference);
    snprintf(p, sizeof p, "/v1/cases/%s/documents?category=plan&title=Plan.txt", f->case_id);
    http_resp_t *r = http_to(g_base, "POST", p, jc, "text/plain", "Förderplan\n", 12, NULL);
    ck_assert_msg(r->status == 201, "document: %ld %s", r->status, r->body);
    snprintf(f->document, sizeof f->document, "%s", jstr(r, "id"));
    http_free(r);
    snprintf(p, sizeof p, "/v1/cases/%s/tasks", f->case_id);
    created(p, jc, "{\"title\":\"Rückruf\",\"assigned_agency_id\":\"" CARITAS_AGENCY "\"}", f->task);
    snprintf(p, sizeof p, "/v1/cases/%s/assignments", f->case_id);
    created(p, jc, "{\"team\":\"Integration\"}", f->assignment);
}

int full_case_path(const full_case_t *f, const char *tpl, char *out, size_t n)
{
    const char *first;
    if (strncmp(tpl, "/v1/cases/{id}", 14) == 0)
        first = f->case_id;
    else if (strncmp(tpl, "/v1/referrals/{id}", 18) == 0)
        first = f->accepted;
    else if (strncmp(tpl, "/v1/conferences/{id}", 20) == 0)
        first = f->conference;
    else
        return 0;
    size_t k = 0;
    for (const char *p = tpl; *p && k + 1 < n;) {
        if (*p != '{') {
            out[k++] = *p++;
            continue;
        }
        const char *end = strchr(p, '}');
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
        const char *v = strcmp(name, "id") == 0            ? first
                      : strcmp(name, "consent_id") == 0    ? f->consent
                      : strcmp(name, "analysis_id") == 0   ? f->analysis
                      : strcmp(name, "goal_id") == 0       ? f->goal
                      : strcmp(name, "entry_id") == 0      ? f->entry
                      : strcmp(name, "barrier_id") == 0    ? f->barrier
                      : strcmp(name, "document_id") == 0   ? f->document
                      : strcmp(name, "task_id") == 0       ? f->task
                      : strcmp(name, "assignment_id") == 0 ? f->assignment
                                                           : "00000000-0000-4000-8000-00000000dead";
        k += (size_t)snprintf(out + k, n - k, "%s", v);
        p = end + 1;
    }
    out[k] = '\0';
    return 1;
}

char *doc_example(json_t *doc, const route_t *rt)
{
    char m[8];
    snprintf(m, sizeof m, "%s", rt->method);
    for (char *c = m; *c; c++)
        *c = (char)(*c - 'A' + 'a');
    return op_example(json_object_get(json_object_get(json_object_get(doc, "paths"), rt->pattern), m));
}

char *op_example(json_t *op)
{
    json_t *content = json_object_get(json_object_get(op, "requestBody"), "content");
    const char *types[] = {"application/json", "application/merge-patch+json"};
    for (int i = 0; i < 2; i++) {
        json_t *ex = json_object_get(json_object_get(content, types[i]), "example");
        if (ex)
            return json_dumps(ex, JSON_COMPACT);
    }
    return content ? strdup("{}") : NULL;
}

