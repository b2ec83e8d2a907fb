/* case_fixture.c - see case_fixture.h. */
#include "case_fixture.h"

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

long status_of(const char *method, const char *path, const char *token, const char *body)
{
    const char *any[] = {"If-Match: *", NULL};
    http_resp_t *r = http(method, path, token, body, any);
    long st = r->status;
    http_free(r);
    return st;
}

char *case_path(char *buf, size_t n, const char *id, const char *suffix)
{
    snprintf(buf, n, "/v1/cases/%s%s", id, suffix ? suffix : "");
    return buf;
}
