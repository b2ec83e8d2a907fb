/* test_retention.c - what only grows is bounded (issue 21).  The audit log
 * lives in monthly partitions, kept twelve months ahead; `lotse
 * maintenance` drops the months older than LOTSE_AUDIT_RETENTION_MONTHS,
 * also while requests write audit rows, without losing an acknowledged
 * row or failing a request.  Events and finished webhook deliveries go
 * after their retention; case.transferred events stay (the export needs
 * them). */
#include "case_fixture.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* How many of the log's partitions start this month or later. */
static long months_ahead(void)
{
    char *n = sql_super("SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        "WHERE i.inhparent = 'audit_log'::regclass "
                        "AND c.relname >= 'audit_log_p' || to_char(now() AT TIME ZONE 'UTC', 'YYYYMM')");
    long v = atol(n);
    free(n);
    return v;
}

/* Starts `lotse maintenance` with setting name=value in the background; its pid. */
static pid_t maintenance(const char *name, const char *value)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        setenv(name, value, 1);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 2);
        execl("build/lotse", "lotse", "maintenance", (char *)NULL);
        _exit(127);
    }
    return pid;
}

START_TEST(old_audit_months_are_dropped_under_load)
{
    ck_assert_int_ge(months_ahead(), 13); /* this month and twelve ahead */
    /* two years of months long past, each with a row */
    char *ok = sql_super("SELECT count(lotse_audit_partition(m::date)) FROM generate_series(timestamp '2019-01-01', "
                         "timestamp '2020-12-01', interval '1 month') m");
    ck_assert_str_eq(ok, "24");
    free(ok);
    ok = sql_super("INSERT INTO audit_log (network_id, at, request_id, actor_sub, action, outcome) "
                   "SELECT '" RBK_NETWORK "', m + interval '14 days', 'long-past', 'test', 'case.read', 'success' "
                   "FROM generate_series(timestamp '2019-01-01', timestamp '2020-12-01', interval '1 month') m; "
                   "SELECT 'ok'");
    ck_assert_str_eq(ok, "ok");
    free(ok);
    char *jc = demo_token("demo-jobcenter"), marker[9], rid[64];
    random_hex(marker, 8);
    /* audited reads while the maintenance drops those months */
    /* and a month within three months of now, which LOTSE_AUDIT_RETENTION_MONTHS=3 keeps */
    ok = sql_super("SELECT lotse_audit_partition((date_trunc('month', now() AT TIME ZONE 'UTC') "
                   "- interval '2 months')::date)::text");
    free(ok);
    ok = sql_super("INSERT INTO audit_log (network_id, at, request_id, actor_sub, action, outcome) VALUES "
                   "('" RBK_NETWORK "', date_trunc('month', now() AT TIME ZONE 'UTC') - interval '2 months' "
                   "+ interval '1 day', 'recent-past', 'test', 'case.read', 'success'); SELECT 'ok'");
    ck_assert_str_eq(ok, "ok");
    free(ok);
    pid_t m = maintenance("LOTSE_AUDIT_RETENTION_MONTHS", "3");
    int sent = 0, status = -1, done = 0;
    while (!done || sent < 50) {
        snprintf(rid, sizeof rid, "X-Request-Id: load-%s-%d", marker, sent);
        http_resp_t *r = http("GET", "/v1/cases/d0000000-0000-4000-8000-000000000001", jc, NULL,
                              (const char *[]){rid, NULL});
        ck_assert_msg(r->status == 200, "request %d during the drop: %ld %s", sent, r->status, r->body);
        http_free(r);
        sent++;
        if (!done && waitpid(m, &status, WNOHANG) == m)
            done = 1;
    }
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    /* every acknowledged read left its row; the long-past months are gone */
    char *n = sqlf("SELECT count(*) FROM audit_log WHERE request_id LIKE 'load-%s-%%'", marker);
    ck_assert_int_eq(atol(n), sent);
    free(n);
    n = sql_super("SELECT count(*) FROM audit_log WHERE request_id = 'long-past'");
    ck_assert_str_eq(n, "0");
    free(n);
    n = sql_super("SELECT count(*) FROM audit_log WHERE request_id = 'recent-past'");
    ck_assert_str_eq(n, "1");
    free(n);
    /* the service cannot empty its own log or feed through the owner's functions */
    char err[64] = "";
    ck_assert_ptr_null(sql_app("SELECT * FROM lotse_audit_upkeep(0, 0)", err, sizeof err));
    ck_assert_str_eq(err, "22023");
    ck_assert_ptr_null(sql_app("SELECT * FROM lotse_prune(0, 0, 10)", err, sizeof err));
    ck_assert_str_eq(err, "22023");
    n = sql_super("SELECT to_regclass('audit_log_p202003') IS NULL");
    ck_assert_str_eq(n, "t");
    free(n);
    ck_assert_int_ge(months_ahead(), 13);
    /* append-only on every month too: a partition refuses DELETE and TRUNCATE even to the
     * superuser (the service role is refused at the parent, test_gdpr) */
    char *part = sql_super("SELECT 'audit_log_p' || to_char(now() AT TIME ZONE 'UTC', 'YYYYMM')");
    n = sqlf("DELETE FROM %s WHERE request_id LIKE 'load-%s-%%'", part, marker);
    ck_assert_ptr_null(n);
    n = sqlf("TRUNCATE %s", part);
    ck_assert_ptr_null(n);
    n = sqlf("SELECT count(*) FROM audit_log WHERE request_id LIKE 'load-%s-%%'", marker);
    ck_assert_int_eq(atol(n), sent);
    free(n);
    free(part);
    free(jc);
}
END_TEST

START_TEST(events_and_deliveries_go_after_their_retention)
{
    char *ok = sql_super(
        "WITH s AS (INSERT INTO webhook_subscriptions (network_id, agency_id, url, secret, created_by) "
        "  VALUES ('" RBK_NETWORK "', '" JOBCENTER_AGENCY "', 'https://partner.example/hook', 'whsec_x', 'test') "
        "  RETURNING id), "
        "e AS (INSERT INTO events (network_id, type, resource_type, resource_id, actor_sub, request_id, created_at) "
        "  VALUES ('" RBK_NETWORK "', 'case.updated', 'case', 'old-event', 'test', 'old', now() - interval '500 days'), "
        "  ('" RBK_NETWORK "', 'case.transferred', 'case', 'old-transfer', 'test', 'old', now() - interval '500 days'), "
        "  ('" RBK_NETWORK "', 'case.updated', 'case', 'new-event', 'test', 'new', now() - interval '10 days') "
        "  RETURNING id) "
        "INSERT INTO webhook_deliveries (network_id, subscription_id, event_id, payload, status, created_at, "
        "  next_attempt_at) "
        "SELECT '" RBK_NETWORK "', s.id, x.event, '{}', x.status, now() - x.age, now() + interval '1 day' "
        "FROM s, (VALUES (-1, 'delivered', interval '40 days'), (-2, 'failed', interval '40 days'), "
        "  (-3, 'pending', interval '40 days'), (-4, 'delivered', interval '5 days')) x(event, status, age) "
        "WHERE (SELECT count(*) FROM e) = 3; "
        /* a subscription disabled after failures: its old pending delivery goes, a recent one stays */
        "WITH s AS (INSERT INTO webhook_subscriptions (network_id, agency_id, url, secret, created_by, status, "
        "  disabled_at, disabled_reason) VALUES ('" RBK_NETWORK "', '" JOBCENTER_AGENCY "', "
        "  'https://gone.example/hook', 'whsec_y', 'test', 'disabled', now() - interval '35 days', 'failures') "
        "  RETURNING id) "
        "INSERT INTO webhook_deliveries (network_id, subscription_id, event_id, payload, status, created_at) "
        "SELECT '" RBK_NETWORK "', s.id, x.event, '{}', 'pending', now() - x.age FROM s, "
        "  (VALUES (-5, interval '40 days'), (-6, interval '5 days')) x(event, age); SELECT 'ok'");
    ck_assert_str_eq(ok, "ok");
    free(ok);
    /* a batch is a batch, whichever kind of delivery fills it (maintenance goes on while one is full) */
    char *one = sql_super("SELECT deliveries FROM lotse_prune(400, 30, 1)");
    ck_assert_str_eq(one, "1");
    free(one);
    int st = system("build/lotse maintenance 2>/dev/null");
    ck_assert_int_eq(WEXITSTATUS(st), 0);
    char *n = sql_super("SELECT string_agg(resource_id, ',' ORDER BY resource_id) FROM events "
                        "WHERE resource_id IN ('old-event', 'old-transfer', 'new-event')");
    ck_assert_str_eq(n, "new-event,old-transfer");
    free(n);
    n = sql_super("SELECT string_agg(d.status || ':' || (d.created_at > now() - interval '30 days'), ',' "
                  "ORDER BY d.status, d.created_at) FROM webhook_deliveries d JOIN webhook_subscriptions s "
                  "ON s.id = d.subscription_id WHERE s.url = 'https://partner.example/hook'");
    ck_assert_str_eq(n, "delivered:true,pending:false"); /* an active subscription's pending one stays */
    free(n);
    n = sql_super("SELECT string_agg((d.created_at > now() - interval '30 days')::text, ',') "
                  "FROM webhook_deliveries d JOIN webhook_subscriptions s "
                  "ON s.id = d.subscription_id WHERE s.url = 'https://gone.example/hook'");
    ck_assert_str_eq(n, "true");
    free(n);
    free(sql_super("DELETE FROM webhook_subscriptions WHERE url LIKE 'https://%.example/hook'"));
}
END_TEST

Suite *suite_retention(void)
{
    Suite *s = suite_create("retention");
    TCase *tc = tcase_create("retention");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, old_audit_months_are_dropped_under_load);
    tcase_add_test(tc, events_and_deliveries_go_after_their_retention);
    suite_add_tcase(s, tc);
    return s;
}
