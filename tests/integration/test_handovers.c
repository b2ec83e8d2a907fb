/* test_handovers.c - moving a person to another network (issue 22, item 4):
 * the walk from the consent naming the receiving network to the new case
 * there, with two networks; what each side sees, what the other network
 * hears (events, the source case closed, audit rows in the source network),
 * declining, withdrawing and revoking, and that nobody else learns of it. */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_NET "a0000000-0000-4000-8000-000000000001"

static char *jc, *caritas, *awo, *mbe;
static char knet[40], kagency[40], kcode[16], *kboot, *kworker;

static void setup(void)
{
    demo_team(&jc, &caritas, &awo, &mbe);
    new_network(knet, &kboot, kagency);
    char *code = sqlf("SELECT code FROM networks WHERE id = '%s'", knet);
    snprintf(kcode, sizeof kcode, "%s", code);
    free(code);
    kworker = signed_token("[\"caseworker\"]", kagency, knet);
}

static void teardown(void)
{
    demo_team_free(jc, caritas, awo, mbe);
    free(kboot);
    free(kworker);
}

/* A consent of case_id naming the receiving network (and agency, when
 * given) for categories; its id (malloc'd). */
static char *handover_consent(const char *case_id, const char *agency, const char *categories)
{
    char body[1024], path[128], named[96] = "";
    if (agency)
        snprintf(named, sizeof named, ",\"receiving_agency_id\":\"%s\"", agency);
    snprintf(body, sizeof body,
             "{\"receiving_network\":\"%s\"%s,\"categories\":%s,\"purpose\":\"Umzug nach %s\","
             "\"legal_basis\":\"consent\",\"form_reference\":\"EW-UMZUG-1\"}", kcode, named,
             categories, kcode);
    http_resp_t *r = http("POST", case_path(path, sizeof path, case_id, "/consents"), jc, body, NULL);
    ck_assert_msg(r->status == 201, "consent: %ld %s", r->status, r->body);
    json_t *net = json_object_get(r->json, "receiving_network");
    ck_assert_str_eq(json_string_value(json_object_get(net, "code")), kcode);
    char *id = strdup(jstr(r, "id"));
    http_free(r);
    return id;
}

/* Offers case_id under consent; the handover's id (malloc'd). */
static char *offer(const char *case_id, const char *consent)
{
    char body[128], path[128];
    snprintf(body, sizeof body, "{\"consent_id\":\"%s\"}", consent);
    http_resp_t *r = http("POST", case_path(path, sizeof path, case_id, "/handovers"), jc, body, NULL);
    ck_assert_msg(r->status == 201, "offer: %ld %s", r->status, r->body);
    ck_assert_str_eq(jstr(r, "status"), "pending");
    ck_assert_str_eq(jstr(r, "side"), "source");
    char *id = strdup(jstr(r, "id"));
    http_free(r);
    return id;
}

static http_resp_t *get_handover(const char *id, const char *token)
{
    char path[96];
    snprintf(path, sizeof path, "/v1/handovers/%s", id);
    return http("GET", path, token, NULL, NULL);
}

static long act(const char *id, const char *action, const char *token, const char *body)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/handovers/%s/%s", id, action);
    return status_of("POST", path, token, body);
}

/* The types of the events of network net about resource id (or of case id), in order. */
static char *events_of(const char *net, const char *id)
{
    return sqlf("SELECT coalesce(string_agg(type, ',' ORDER BY id), '') FROM events "
                "WHERE network_id = '%s' AND (resource_id = '%s' OR case_id::text = '%s')", net, id, id);
}

START_TEST(handover_walk_between_two_networks)
{
    char *case_id = create_case(jc, "Umzug"), path[160];
    char body[256];
    snprintf(path, sizeof path, "/v1/cases/%s/analyses", case_id);
    ck_assert_int_eq(status_of("POST", path, jc, "{\"assessed_on\":\"2026-11-02\",\"language\":{\"german_level\":\"A2\"}}"), 201);
    snprintf(path, sizeof path, "/v1/cases/%s/goals", case_id);
    snprintf(body, sizeof body, "{\"field_of_action\":\"language\",\"title\":\"Deutsch B1\","
             "\"responsible_agency_id\":\"%s\"}", JOBCENTER_AGENCY);
    ck_assert_int_eq(status_of("POST", path, jc, body), 201);

    /* the journal never moves; a handover consent covers identity */
    char bad[512];
    snprintf(bad, sizeof bad, "{\"receiving_network\":\"%s\",\"categories\":[\"identity\",\"journal\"],"
             "\"purpose\":\"Umzug\",\"legal_basis\":\"consent\"}", kcode);
    http_resp_t *r = http("POST", case_path(path, sizeof path, case_id, "/consents"), jc, bad, NULL);
    ck_assert_int_eq(r->status, 400);
    ck_assert(refuses_member(r, "/categories"));
    http_free(r);
    snprintf(bad, sizeof bad, "{\"receiving_network\":\"NOPE%s\",\"categories\":[\"identity\"],"
             "\"purpose\":\"Umzug\",\"legal_basis\":\"consent\"}", kcode);
    r = http("POST", path, jc, bad, NULL);
    ck_assert_int_eq(r->status, 400);
    ck_assert(refuses_member(r, "/receiving_network"));
    http_free(r);

    char *consent = handover_consent(case_id, NULL, "[\"identity\",\"residence\",\"potential\",\"plan\"]");
    /* the consent lets no one see the case, in either network */
    snprintf(path, sizeof path, "/v1/cases/%s", case_id);
    ck_assert_int_eq(status_of("GET", path, kworker, NULL), 404);
    char *id = offer(case_id, consent);
    /* bad input changes nothing */
    ck_assert_int_eq(status_of("POST", case_path(path, sizeof path, case_id, "/handovers"), jc, "{\"consent_id\":\"x\"}"), 400);
    ck_assert_int_eq(status_of("POST", path, jc, "{}"), 400);
    ck_assert_int_eq(status_of("GET", "/v1/handovers?direction=sideways", kworker, NULL), 400);
    ck_assert_int_eq(status_of("GET", "/v1/handovers?case_id=nope", kworker, NULL), 400);
    ck_assert_int_eq(status_of("GET", "/v1/handovers?cursor=bm9wZQ", kworker, NULL), 400);
    /* one pending handover per case */
    snprintf(body, sizeof body, "{\"consent_id\":\"%s\"}", consent);
    ck_assert_int_eq(status_of("POST", case_path(path, sizeof path, case_id, "/handovers"), jc, body), 409);

    /* the receiving side: in its incoming list without the record, and one read with it */
    r = http("GET", "/v1/handovers?direction=incoming&status=pending", kworker, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    ck_assert_msg(strstr(r->body, id) != NULL && strstr(r->body, "AminaUmzug") == NULL, "%s", r->body);
    http_free(r);
    r = get_handover(id, kworker);
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    ck_assert_str_eq(jstr(r, "side"), "target");
    ck_assert(json_is_null(json_object_get(r->json, "case_id")));
    ck_assert(json_is_null(json_object_get(r->json, "consent_id")));
    json_t *rec = json_object_get(r->json, "record");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(rec, "person"), "first_name")), "AminaUmzug");
    ck_assert_ptr_null(json_object_get(rec, "reference"));
    ck_assert_ptr_null(json_object_get(json_object_get(rec, "residence"), "municipality_ags"));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(rec, "analysis"), "german_level")), "A2");
    ck_assert_int_eq(json_array_size(json_object_get(rec, "goals")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r->json, "from_network"), "code")), "RBK");
    http_free(r);
    /* that read is in the source network's audit log, for the source case, by the receiving agency */
    char *audited = sqlf("SELECT count(*) FROM audit_log WHERE network_id = '" DEMO_NET "' "
                         "AND case_id = '%s' AND action = 'handover.read' AND actor_agency = '%s'",
                         case_id, kagency);
    ck_assert_str_eq(audited, "1");
    free(audited);

    /* nobody else: the source network's other agencies, a third network, the source accepting */
    r = get_handover(id, caritas);
    ck_assert_int_eq(r->status, 404);
    http_resp_t *missing = get_handover("00000000-0000-4000-8000-00000000dead", caritas);
    ck_assert_str_eq(jstr(r, "detail"), jstr(missing, "detail"));
    http_free(r);
    http_free(missing);
    char third[40], third_agency[40], *third_boot;
    new_network(third, &third_boot, third_agency);
    char *outsider = signed_token("[\"caseworker\"]", third_agency, third);
    char hpath[96];
    snprintf(hpath, sizeof hpath, "/v1/handovers/%s", id);
    ck_assert_int_eq(status_of("GET", hpath, outsider, NULL), 404);
    r = http("GET", "/v1/handovers", outsider, NULL, NULL);
    ck_assert_msg(r->status == 200 && strstr(r->body, id) == NULL, "%s", r->body);
    http_free(r);
    ck_assert_int_eq(act(id, "accept", outsider, NULL), 404);
    ck_assert_int_eq(act(id, "accept", jc, NULL), 404);
    ck_assert_int_eq(act(id, "withdraw", kworker, NULL), 404);

    /* accepted: a new case in the receiving network, led by the accepting agency */
    ck_assert_int_eq(status_of("POST", "/v1/handovers/x/accept", kworker, NULL), 404); /* not an id */
    ck_assert_int_eq(act(id, "accept", kworker, "{\"case_manager\":\"Frau Schmitz\"}"), 200);
    r = get_handover(id, kworker);
    ck_assert_str_eq(jstr(r, "status"), "accepted");
    ck_assert(json_is_null(json_object_get(r->json, "record")));
    char new_case[40];
    snprintf(new_case, sizeof new_case, "%s", jstr(r, "new_case_id"));
    http_free(r);
    snprintf(path, sizeof path, "/v1/cases/%s", new_case);
    r = http("GET", path, kworker, NULL, NULL);
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r->json, "person"), "first_name")), "AminaUmzug");
    ck_assert_str_eq(jstr(r, "case_manager"), "Frau Schmitz");
    ck_assert_str_eq(jstr(r, "lead_agency_id"), kagency);
    ck_assert(strncmp(jstr(r, "reference"), kcode, strlen(kcode)) == 0);
    http_free(r);
    snprintf(path, sizeof path, "/v1/cases/%s/analyses", new_case);
    r = http("GET", path, kworker, NULL, NULL);
    ck_assert_msg(strstr(r->body, "\"intake\"") && strstr(r->body, "\"A2\""), "%s", r->body);
    http_free(r);
    snprintf(path, sizeof path, "/v1/cases/%s/goals", new_case);
    r = http("GET", path, kworker, NULL, NULL);
    ck_assert_msg(strstr(r->body, "Deutsch B1") && strstr(r->body, kagency), "%s", r->body);
    http_free(r);
    /* the source case closed as moved away; the source sees the outcome, not the new case */
    snprintf(path, sizeof path, "/v1/cases/%s", case_id);
    r = http("GET", path, jc, NULL, NULL);
    ck_assert_str_eq(jstr(r, "status"), "closed");
    ck_assert_str_eq(jstr(r, "closure_reason"), "moved_away");
    http_free(r);
    r = get_handover(id, jc);
    ck_assert_str_eq(jstr(r, "status"), "accepted");
    ck_assert(json_is_null(json_object_get(r->json, "new_case_id")));
    ck_assert_str_eq(jstr(r, "case_id"), case_id);
    http_free(r);
    ck_assert_int_eq(act(id, "accept", kworker, NULL), 409);
    /* each side finds the handover by its own case */
    snprintf(path, sizeof path, "/v1/handovers?case_id=%s", new_case);
    r = http("GET", path, kworker, NULL, NULL);
    ck_assert_msg(r->status == 200 && strstr(r->body, id), "%s", r->body);
    http_free(r);
    snprintf(path, sizeof path, "/v1/handovers?case_id=%s", case_id);
    r = http("GET", path, kworker, NULL, NULL); /* not the receiver's case */
    ck_assert_msg(r->status == 200 && !strstr(r->body, id), "%s", r->body);
    http_free(r);
    r = http("GET", path, jc, NULL, NULL);
    ck_assert_msg(r->status == 200 && strstr(r->body, id), "%s", r->body);
    http_free(r);
    /* the person's Art. 15 export names the receiving agency as a recipient, and the handover */
    snprintf(path, sizeof path, "/v1/cases/%s/export", case_id);
    r = http("GET", path, jc, NULL, NULL);
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    char *office = sqlf("SELECT name FROM agencies WHERE id = '%s'", kagency);
    ck_assert_msg(strstr(r->body, kagency) && strstr(r->body, office), "%s", r->body);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "handovers")), 1);
    free(office);
    http_free(r);
    /* the record is gone from the database, not only from the answers */
    char *erased = sqlf("SELECT record IS NULL FROM handovers WHERE id = '%s'", id);
    ck_assert_str_eq(erased, "t");
    free(erased);

    /* each network heard what happened, in its own feed */
    char *src = events_of(DEMO_NET, id), *dst = events_of(knet, id);
    ck_assert_str_eq(src, "handover.offered,handover.accepted");
    ck_assert_str_eq(dst, "handover.offered,handover.accepted");
    free(src);
    free(dst);
    src = events_of(DEMO_NET, case_id);
    ck_assert_msg(strstr(src, "case.status_changed") != NULL, "%s", src);
    free(src);
    dst = events_of(knet, new_case);
    ck_assert_msg(strstr(dst, "case.created") && strstr(dst, "analysis.created") && strstr(dst, "goal.created"),
                  "%s", dst);
    free(dst);
    r = http("GET", "/v1/events?types=handover.accepted", kworker, NULL, NULL);
    ck_assert_msg(r->status == 200 && strstr(r->body, id) != NULL, "%ld %s", r->status, r->body);
    http_free(r);
    r = http("GET", "/v1/events?types=handover.offered,handover.accepted", caritas, NULL, NULL);
    ck_assert_msg(r->status == 200 && strstr(r->body, id) == NULL, "%s", r->body);
    http_free(r);
    free(outsider);
    free(third_boot);
    free(id);
    free(consent);
    free(case_id);
}
END_TEST

START_TEST(declined_withdrawn_revoked)
{
    char *case_id = create_case(jc, "Umzug2");
    /* a handover naming one agency there; declining needs a reason */
    char *consent = handover_consent(case_id, kagency, "[\"identity\"]");
    char *id = offer(case_id, consent);
    /* another agency of the receiving network does not learn of it */
    http_resp_t *a = http("POST", "/v1/agencies", kboot, "{\"name\":\"AWO Köln\",\"kind\":\"welfare_organisation\"}", NULL);
    ck_assert_msg(a->status == 201, "%ld %s", a->status, a->body);
    char *neighbour = signed_token("[\"caseworker\"]", jstr(a, "id"), knet);
    http_free(a);
    char hpath[96];
    snprintf(hpath, sizeof hpath, "/v1/handovers/%s", id);
    ck_assert_int_eq(status_of("GET", hpath, neighbour, NULL), 404);
    a = http("GET", "/v1/handovers", neighbour, NULL, NULL);
    ck_assert_msg(a->status == 200 && strstr(a->body, id) == NULL, "%s", a->body);
    http_free(a);
    ck_assert_int_eq(act(id, "accept", neighbour, NULL), 404);
    free(neighbour);
    ck_assert_int_eq(act(id, "decline", kworker, "{}"), 400);
    ck_assert_int_eq(act(id, "decline", kworker, "{\"reason\":\"nicht zuständig\"}"), 200);
    http_resp_t *r = get_handover(id, jc);
    ck_assert_str_eq(jstr(r, "status"), "declined");
    ck_assert_str_eq(jstr(r, "reason"), "nicht zuständig");
    ck_assert(json_is_null(json_object_get(r->json, "record")));
    http_free(r);
    char *src = events_of(DEMO_NET, id);
    ck_assert_str_eq(src, "handover.offered,handover.declined");
    free(src);
    char path[128];
    snprintf(path, sizeof path, "/v1/cases/%s", case_id);
    r = http("GET", path, jc, NULL, NULL);
    ck_assert_str_eq(jstr(r, "status"), "open");
    http_free(r);

    /* revoking the consent withdraws the pending handover at once */
    char *again = offer(case_id, consent);
    snprintf(path, sizeof path, "/v1/cases/%s/consents/%s/revoke", case_id, consent);
    ck_assert_int_eq(status_of("POST", path, jc, NULL), 200);
    r = get_handover(again, kworker);
    ck_assert_str_eq(jstr(r, "status"), "withdrawn");
    ck_assert(json_is_null(json_object_get(r->json, "record")));
    http_free(r);
    ck_assert_int_eq(act(again, "accept", kworker, NULL), 409);
    char *dst = events_of(knet, again);
    ck_assert_str_eq(dst, "handover.offered,handover.withdrawn");
    free(dst);

    /* the source withdraws; accepting without residence needs a target group */
    char *consent2 = handover_consent(case_id, NULL, "[\"identity\"]");
    char *third = offer(case_id, consent2);
    ck_assert_int_eq(act(third, "withdraw", jc, NULL), 200);
    ck_assert_int_eq(act(third, "withdraw", jc, NULL), 409);
    char *fourth = offer(case_id, consent2);
    ck_assert_int_eq(act(fourth, "accept", kworker, NULL), 400);
    ck_assert_int_eq(act(fourth, "accept", kworker, "{\"target_group\":\"newly_arrived\"}"), 200);
    /* an expired consent: the receiving side no longer sees the record; maintenance withdraws it */
    char *later = create_case(jc, "Umzug4"), *k4 = handover_consent(later, NULL, "[\"identity\"]");
    char *sixth = offer(later, k4), hpath6[96];
    free(sqlf("UPDATE consents SET valid_from = now() - interval '2 days', valid_until = now() - interval '1 day' "
              "WHERE id = '%1$s'; UPDATE handovers SET consent_until = now() - interval '1 day' "
              "WHERE id = '%2$s' RETURNING 1", k4, sixth));
    snprintf(hpath6, sizeof hpath6, "/v1/handovers/%s", sixth);
    ck_assert_int_eq(status_of("GET", hpath6, kworker, NULL), 404);
    ck_assert_int_eq(system("build/lotse maintenance 2>/dev/null"), 0);
    r = get_handover(sixth, jc);
    ck_assert_str_eq(jstr(r, "status"), "withdrawn");
    http_free(r);
    char *erased6 = sqlf("SELECT (record IS NULL)::text || ' ' || (SELECT string_agg(network_id::text, ',' ORDER BY id) "
                         "FROM events WHERE resource_id = '%1$s' AND type = 'handover.withdrawn') "
                         "FROM handovers WHERE id = '%1$s'", sixth);
    char want[128];
    snprintf(want, sizeof want, "true %s,%s", DEMO_NET, knet); /* both networks heard it */
    ck_assert_str_eq(erased6, want);
    free(erased6);
    free(sixth);
    free(k4);
    /* closing the case withdraws a pending handover */
    char *k5 = handover_consent(later, NULL, "[\"identity\"]"), *seventh = offer(later, k5);
    snprintf(hpath6, sizeof hpath6, "/v1/cases/%s/close", later);
    ck_assert_int_eq(status_of("POST", hpath6, jc, "{\"closure_reason\":\"goals_achieved\"}"), 200);
    ck_assert_int_eq(act(seventh, "accept", kworker, NULL), 409);
    free(seventh);
    free(k5);
    free(later);
    /* anonymizing a case withdraws its pending handover, record and all */
    char *gone = create_case(jc, "Umzug3"), *k3 = handover_consent(gone, NULL, "[\"identity\"]");
    char *fifth = offer(gone, k3);
    r = http("POST", case_path(path, sizeof path, gone, "/anonymize"), jc, NULL, (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    r = get_handover(fifth, kworker);
    ck_assert_str_eq(jstr(r, "status"), "withdrawn");
    ck_assert(json_is_null(json_object_get(r->json, "record")));
    http_free(r);
    free(fifth);
    free(k3);
    free(gone);
    free(fourth);
    free(third);
    free(consent2);
    free(again);
    free(id);
    free(consent);
    free(case_id);
}
END_TEST

/* The published count of a total of network id's statistics this month (keys 0). */
static long moves(const char *id, const char *indicator)
{
    char *ministry = demo_token("demo-ministry");
    char *month = sql_one("SELECT to_char(now() AT TIME ZONE 'Europe/Berlin', 'YYYY-MM')"), path[192];
    snprintf(path, sizeof path, "/v1/networks/%s/statistics?from=%s-01&to=%s-28", id, month, month);
    http_resp_t *r = http("GET", path, ministry, NULL, NULL);
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    long n = -2;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(r->json, "rows"), i, row)
        if (strcmp(json_string_value(json_object_get(row, "indicator")), indicator) == 0 &&
            strcmp(json_string_value(json_object_get(row, "breakdown")), "total") == 0 &&
            strcmp(json_string_value(json_object_get(row, "period")), month) == 0)
            n = (long)json_integer_value(json_object_get(row, "count"));
    http_free(r);
    free(month);
    free(ministry);
    return n;
}

/* The ministry counts the moves out of one network and into the other (perturbed like every
 * count of people: with the record keys set to 0, a true 3 is published as published_key0(3)). */
START_TEST(statistics_count_moves_in_and_out)
{
    char from[40], from_agency[40], *from_boot, to[40], to_agency[40], *to_boot;
    new_network(from, &from_boot, from_agency);
    new_network(to, &to_boot, to_agency);
    char *to_code = sqlf("SELECT code FROM networks WHERE id = '%s'", to);
    free(sqlf("INSERT INTO municipalities (network_id, ags, name) VALUES ('%s', '05378004', 'Bergisch Gladbach') "
              "RETURNING 1", from)); /* the town of case_body() */
    char *sender = signed_token("[\"caseworker\"]", from_agency, from);
    char *receiver = signed_token("[\"caseworker\"]", to_agency, to);
    for (int i = 0; i < 4; i++) {
        char *case_id = create_case(sender, "Stat"), path[128], body[512];
        snprintf(body, sizeof body, "{\"receiving_network\":\"%s\",\"categories\":[\"identity\",\"residence\"],"
                 "\"purpose\":\"Umzug\",\"legal_basis\":\"consent\"}", to_code);
        http_resp_t *r = http("POST", case_path(path, sizeof path, case_id, "/consents"), sender, body, NULL);
        ck_assert_int_eq(r->status, 201);
        snprintf(body, sizeof body, "{\"consent_id\":\"%s\"}", jstr(r, "id"));
        http_free(r);
        r = http("POST", case_path(path, sizeof path, case_id, "/handovers"), sender, body, NULL);
        ck_assert_int_eq(r->status, 201);
        char id[40];
        snprintf(id, sizeof id, "%s", jstr(r, "id"));
        http_free(r);
        /* three accepted, one declined: only acceptances move anyone */
        ck_assert_int_eq(act(id, i < 3 ? "accept" : "decline", receiver, i < 3 ? NULL : "{\"reason\":\"nein\"}"), 200);
        free(case_id);
    }
    free(sqlf("UPDATE handovers SET record_key = 0 WHERE network_id = '%1$s'; "
              "DELETE FROM stat_state WHERE network_id IN ('%1$s', '%2$s'); SELECT 1", from, to));
    ck_assert_int_eq(moves(from, "handovers.moved_out"), published_key0(3));
    ck_assert_int_eq(moves(from, "handovers.moved_in"), 0);
    ck_assert_int_eq(moves(to, "handovers.moved_in"), published_key0(3));
    ck_assert_int_eq(moves(to, "handovers.moved_out"), 0);
    free(receiver);
    free(sender);
    free(to_code);
    free(from_boot);
    free(to_boot);
}
END_TEST

Suite *suite_handovers(void)
{
    Suite *s = suite_create("handovers");
    TCase *tc = tcase_create("handovers");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, handover_walk_between_two_networks);
    tcase_add_test(tc, declined_withdrawn_revoked);
    tcase_add_test(tc, statistics_count_moves_in_and_out);
    suite_add_tcase(s, tc);
    return s;
}
