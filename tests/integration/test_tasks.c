/* test_tasks.c - tasks and reminders (issue 23, item 2): a follow-up set
 * for a partner and done by it; the reminders `lotse maintenance` sets by
 * itself (a consent and a residence permit expiring, a referral unanswered,
 * a decision due), each to the agency that must act and only to agencies
 * that see its category; due and overdue announced once; closed when the
 * cause is gone; and two instances with the maintenance running at once
 * add every reminder and every event exactly once. */
#include "case_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

static void maintenance(void)
{
    ck_assert_int_eq(system("build/lotse maintenance 2>/dev/null"), 0);
}

/* The worklist of token as one JSON text (malloc'd), with query (may be ""). */
static char *worklist(const char *token, const char *query)
{
    char path[160];
    snprintf(path, sizeof path, "/v1/worklist?limit=500%s", query);
    http_resp_t *r = http("GET", path, token, NULL, NULL);
    ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
    char *out = strdup(r->body);
    http_free(r);
    return out;
}

START_TEST(a_follow_up_for_a_partner)
{
    char *c = create_case(jc, "TaskFollow");
    free(grant(jc, c, CARITAS_AGENCY, "[\"plan\"]", NULL));
    char path[160], body[256];
    case_path(path, sizeof path, c, "/tasks");
    /* AWO sees nothing of the case: the lead may not assign it */
    ck_assert_int_eq(status_of("POST", path, jc, "{\"title\":\"Rückruf\",\"assigned_agency_id\":\"" AWO_AGENCY "\"}"), 422);
    snprintf(body, sizeof body, "{\"title\":\"Rückruf wegen Kita-Platz\",\"due_on\":\"2020-01-01\","
             "\"assigned_agency_id\":\"" CARITAS_AGENCY "\",\"assignee\":\"client:demo-caritas\"}");
    http_resp_t *r = http("POST", path, jc, body, NULL);
    ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
    char id[40];
    snprintf(id, sizeof id, "%s", jstr(r, "id"));
    ck_assert(json_is_true(json_object_get(r->json, "overdue")));
    http_free(r);

    /* Caritas's worklist, and that person's, has it (overdue, so first); AWO's does not */
    char *w = worklist(caritas, "");
    ck_assert_msg(strstr(w, id) != NULL, "%s", w);
    ck_assert_msg(strncmp(strstr(w, "\"items\""), "\"items\":[{", 10) == 0, "%s", w);
    free(w);
    w = worklist(caritas, "&assignee=me&overdue=true");
    ck_assert_msg(strstr(w, id) != NULL, "%s", w);
    free(w);
    w = worklist(caritas, "&assignee=someone-else");
    ck_assert_msg(strstr(w, id) == NULL, "%s", w);
    free(w);
    w = worklist(awo, "");
    ck_assert_msg(strstr(w, id) == NULL, "%s", w);
    free(w);
    ck_assert_int_eq(status_of("GET", "/v1/worklist?overdue=maybe", caritas, NULL), 400);
    ck_assert_int_eq(status_of("GET", "/v1/worklist?kind=chores", caritas, NULL), 400);
    case_path(path, sizeof path, c, "/tasks");
    ck_assert_int_eq(status_of("POST", path, jc, "{\"due_on\":\"2027-01-01\"}"), 400); /* no title */
    ck_assert_int_eq(status_of("POST", path, jc, "{\"title\":\"x\",\"due_on\":\"morgen\"}"), 400);
    ck_assert_int_eq(status_of("GET", "/v1/worklist?cursor=bm9wZQ", caritas, NULL), 400);
    /* without the plan consent Caritas no longer sees it */
    snprintf(path, sizeof path, "/v1/cases/%s/tasks/%s", c, id);
    ck_assert_int_eq(status_of("GET", path, awo, NULL), 404);

    /* Caritas marks it done (If-Match): it leaves the worklist, with task.updated */
    ck_assert_int_eq(status_of("PATCH", path, caritas, "{\"status\":\"done\"}"), 200);
    w = worklist(caritas, "");
    ck_assert_msg(strstr(w, id) == NULL, "%s", w);
    free(w);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM events WHERE resource_id = '%s' AND type IN "
                              "('task.created', 'task.updated')", id), 2);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM audit_log WHERE action = 'task.worklist' AND "
                              "actor_agency = '" CARITAS_AGENCY "' AND '%s' = ANY (case_ids)", c), 2);
    free(c);
}
END_TEST

/* The reminders of one case: run by `lotse maintenance`, to the agencies that must act. */
START_TEST(reminders_go_to_who_must_act_and_close_with_their_cause)
{
    char *c = create_case(jc, "TaskRemind");
    /* Caritas may see residence, AWO only the plan: the permit's reminder is Caritas's, not AWO's */
    free(grant(jc, c, CARITAS_AGENCY, "[\"identity\",\"residence\",\"plan\"]", NULL));
    char *awo_consent = grant(jc, c, AWO_AGENCY, "[\"plan\"]", "2099-01-01T00:00:00Z");
    free(sqlf("UPDATE consents SET valid_until = now() + interval '3 days' WHERE id = '%s'", awo_consent));
    free(sqlf("UPDATE cases SET residence_expires_on = current_date + 5 WHERE id = '%s'", c));
    char body[256], rid[40];
    snprintf(body, sizeof body, "{\"case_id\":\"%s\",\"to_agency_id\":\"" CARITAS_AGENCY "\","
             "\"field_of_action\":\"language\",\"reason\":\"Kurs\"}", c);
    http_resp_t *r = http("POST", "/v1/referrals", jc, body, NULL);
    ck_assert_int_eq(r->status, 201);
    snprintf(rid, sizeof rid, "%s", jstr(r, "id"));
    http_free(r);
    free(sqlf("UPDATE referrals SET response_due_at = now() - interval '2 days' WHERE id = '%s'", rid));

    maintenance();
    ck_assert_int_eq(sql_count("SELECT count(*) FROM tasks WHERE kind = 'consent_expiring' AND source_id = '%s' "
                              "AND assigned_agency_id = '" JOBCENTER_AGENCY "'", awo_consent), 1);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM tasks WHERE kind = 'residence_expiring' AND case_id = '%s' "
                              "AND assigned_agency_id IN ('" JOBCENTER_AGENCY "', '" CARITAS_AGENCY "')", c), 2);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM tasks WHERE kind = 'residence_expiring' AND case_id = '%s' "
                              "AND assigned_agency_id = '" AWO_AGENCY "'", c), 0);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM tasks WHERE kind = 'referral_overdue' AND source_id = '%s' "
                              "AND assigned_agency_id = '" CARITAS_AGENCY "' AND announced = 'overdue'", rid), 1);
    /* the worklists: Caritas the permit and the referral (overdue first), the Jobcenter the consent */
    char *w = worklist(caritas, "");
    char *ref = strstr(w, rid), *permit = strstr(w, "residence_expiring");
    ck_assert_msg(ref && permit && ref < permit, "%s", w);
    ck_assert_msg(strstr(w, "TaskRemind") == NULL, "a worklist item shows a name: %s", w);
    free(w);
    w = worklist(jc, "&kind=consent_expiring");
    ck_assert_msg(strstr(w, awo_consent) != NULL, "%s", w);
    free(w);
    w = worklist(awo, "");
    ck_assert_msg(strstr(w, c) == NULL, "AWO sees a reminder of the case: %s", w);
    free(w);

    /* a reminder's text and date follow its cause; its status and person change */
    char *rem = sqlf("SELECT id FROM tasks WHERE kind = 'referral_overdue' AND source_id = '%s'", rid);
    char tp[160];
    snprintf(tp, sizeof tp, "/v1/cases/%s/tasks/%s", c, rem);
    ck_assert_int_eq(status_of("PATCH", tp, caritas, "{\"title\":\"Anders\"}"), 409);
    ck_assert_int_eq(status_of("PATCH", tp, caritas, "{\"status\":\"paused\"}"), 400);
    ck_assert_int_eq(status_of("PATCH", tp, caritas, "{\"assignee\":\"idp|anna\"}"), 200);
    free(rem);

    /* a second run adds nothing, announces nothing again */
    long tasks = sql_count("SELECT count(*) FROM tasks WHERE case_id = '%s'", c);
    long events = sql_count("SELECT count(*) FROM events WHERE case_id = '%s' AND type LIKE 'task.%%'", c);
    maintenance();
    ck_assert_int_eq(sql_count("SELECT count(*) FROM tasks WHERE case_id = '%s'", c), tasks);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM events WHERE case_id = '%s' AND type LIKE 'task.%%'", c), events);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM events WHERE case_id = '%s' AND type = 'task.overdue'", c), 1);

    /* the causes go: Caritas answers the referral, the lead revokes AWO's consent, the permit is renewed */
    char p[160];
    snprintf(p, sizeof p, "/v1/referrals/%s/accept", rid);
    ck_assert_int_eq(status_of("POST", p, caritas, NULL), 200);
    snprintf(p, sizeof p, "/v1/cases/%s/consents/%s/revoke", c, awo_consent);
    ck_assert_int_eq(status_of("POST", p, jc, "{\"reason\":\"Widerruf\"}"), 200);
    free(sqlf("UPDATE cases SET residence_expires_on = current_date + 700 WHERE id = '%s'", c));
    maintenance();
    ck_assert_int_eq(sql_count("SELECT count(*) FROM tasks WHERE case_id = '%s' AND kind <> 'follow_up' "
                              "AND status = 'open'", c), 0);
    /* anonymized, the case keeps no date of its permit in its reminders */
    snprintf(p, sizeof p, "/v1/cases/%s/anonymize", c);
    http_resp_t *an = http("POST", p, jc, NULL, (const char *[]){"If-Match: *", NULL});
    ck_assert_int_eq(an->status, 200);
    http_free(an);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM tasks WHERE case_id = '%s' AND due_on IS NOT NULL", c), 0);
    free(awo_consent);
    free(c);
}
END_TEST

/* Two instances generating every second and three maintenance runs at once: every reminder
 * once, every announcement once. */
START_TEST(two_instances_add_every_reminder_once)
{
    char *cases[6];
    for (int i = 0; i < 6; i++) {
        cases[i] = create_case(jc, "TaskTwice");
        free(grant(jc, cases[i], CARITAS_AGENCY, "[\"residence\"]", NULL));
        free(sqlf("UPDATE cases SET residence_expires_on = lotse_day(now()) - %d WHERE id = '%s'", i % 3, cases[i]));
    }
    char b1[64], b2[64];
    pid_t s1 = server_start((const char *[]){"LOTSE_REMINDER_INTERVAL_S=1", NULL}, b1);
    pid_t s2 = server_start((const char *[]){"LOTSE_REMINDER_INTERVAL_S=1", NULL}, b2);
    pid_t m[3];
    for (int i = 0; i < 3; i++)
        if ((m[i] = fork()) == 0) {
            execl("build/lotse", "lotse", "maintenance", (char *)NULL);
            _exit(127);
        }
    for (int i = 0; i < 3; i++) {
        int st;
        waitpid(m[i], &st, 0);
        ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    sleep(3); /* the instances' timers run too */
    ck_assert_int_eq(server_stop(s1), 0);
    ck_assert_int_eq(server_stop(s2), 0);
    char list[600] = "";
    for (int i = 0; i < 6; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'", i ? "," : "", cases[i]);
    /* two agencies per case, one reminder each; each created once, announced once (due or overdue) */
    ck_assert_int_eq(sql_count("SELECT count(*) FROM tasks WHERE case_id IN (%s)", list), 12);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM events WHERE case_id IN (%s) AND type = 'task.created'", list), 12);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM (SELECT resource_id FROM events WHERE case_id IN (%s) "
                              "AND type IN ('task.due', 'task.overdue') GROUP BY resource_id, type "
                              "HAVING count(*) > 1) twice", list), 0);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM events WHERE case_id IN (%s) AND type = 'task.overdue'", list), 8);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM events WHERE case_id IN (%s) AND type = 'task.due'", list), 4);
    for (int i = 0; i < 6; i++)
        free(cases[i]);
}
END_TEST

/* A network another instance is working is skipped, not waited for: with its reminder_runs row
 * locked (as a run holds it), maintenance adds nothing there and ends; once free, it adds. */
START_TEST(a_network_being_worked_is_skipped)
{
    char *c = create_case(jc, "TaskLocked");
    free(sqlf("UPDATE cases SET residence_expires_on = lotse_day(now()) + 3 WHERE id = '%s'", c));
    free(sql_super("INSERT INTO reminder_runs (network_id) VALUES ('" RBK_NETWORK "') ON CONFLICT DO NOTHING"));
    PGconn *holder = PQconnectdb(getenv("LOTSE_SUPER_URL"));
    ck_assert_int_eq(PQstatus(holder), CONNECTION_OK);
    PQclear(PQexec(holder, "BEGIN"));
    PGresult *held = PQexec(holder, "SELECT 1 FROM reminder_runs WHERE network_id = '" RBK_NETWORK "' FOR UPDATE");
    ck_assert_int_eq(PQntuples(held), 1);
    PQclear(held);
    ck_assert_int_eq(system("timeout 20 build/lotse maintenance 2>/dev/null"), 0);
    ck_assert_int_eq(sql_count("SELECT count(*) FROM tasks WHERE case_id = '%s'", c), 0);
    PQclear(PQexec(holder, "COMMIT"));
    PQfinish(holder);
    maintenance();
    ck_assert_int_eq(sql_count("SELECT count(*) FROM tasks WHERE case_id = '%s'", c), 1);
    free(c);
}
END_TEST

Suite *suite_tasks(void)
{
    Suite *s = suite_create("tasks");
    TCase *tc = tcase_create("tasks");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_follow_up_for_a_partner);
    tcase_add_test(tc, reminders_go_to_who_must_act_and_close_with_their_cause);
    tcase_add_test(tc, two_instances_add_every_reminder_once);
    tcase_add_test(tc, a_network_being_worked_is_skipped);
    suite_add_tcase(s, tc);
    return s;
}
