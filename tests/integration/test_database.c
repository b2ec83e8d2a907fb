/* test_database.c - row-level security as the service role, and recovery
 * after PostgreSQL goes away and comes back (lotse keeps running). */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

START_TEST(service_role_sees_nothing_without_network)
{
    char err[64] = "";
    char *n = sql_app("SELECT count(*) FROM agencies", err, sizeof err);
    ck_assert_msg(n != NULL, "query failed: %s", err);
    ck_assert_str_eq(n, "0");
    free(n);
    n = sql_app("SELECT count(*) FROM api_clients", err, sizeof err);
    ck_assert_str_eq(n, "0");
    free(n);
    n = sql_app("SELECT count(*) FROM networks", err, sizeof err);
    ck_assert_str_eq(n, "0");
    free(n);
    n = sql_app("SELECT set_config('lotse.network_id', '" RBK_NETWORK "', false) IS NOT NULL "
                "AND (SELECT count(*) FROM agencies) > 10 "
                "AND (SELECT count(*) FROM agencies WHERE network_id <> '" RBK_NETWORK "') = 0",
                err, sizeof err);
    ck_assert_str_eq(n, "t");
    free(n);
    n = sql_app("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user", err, sizeof err);
    ck_assert_str_eq(n, "f");
    free(n);
}
END_TEST

START_TEST(service_role_cannot_write_across_networks)
{
    char err[64] = "";
    char *n = sql_app("INSERT INTO agencies (network_id, name, kind) VALUES ('" RBK_NETWORK "', 'sneaky', 'other')",
                      err, sizeof err);
    ck_assert_ptr_null(n);
    ck_assert_str_eq(err, "42501");
    n = sql_app("UPDATE events SET type = 'x.y'", err, sizeof err);
    ck_assert_ptr_null(n);
    ck_assert_str_eq(err, "42501");
    n = sql_app("DELETE FROM events", err, sizeof err);
    ck_assert_ptr_null(n);
    ck_assert_str_eq(err, "42501");
    n = sql_app("DROP TABLE agencies", err, sizeof err);
    ck_assert_ptr_null(n);
    n = sql_super("SELECT relforcerowsecurity AND relrowsecurity FROM pg_class WHERE relname = 'agencies'");
    ck_assert_str_eq(n, "t");
    free(n);
}
END_TEST

START_TEST(database_restart_503_then_recovery)
{
    char *t = demo_token("demo-caritas");
    http_resp_t *r = http("GET", "/v1/agencies?limit=1", t, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    ck_assert_int_eq(pg_ctl_cluster("stop"), 0);
    r = http("GET", "/v1/agencies?limit=1", t, NULL, NULL);
    ck_assert_int_eq(r->status, 503);
    char *ra = resp_header_value(r, "Retry-After");
    ck_assert_ptr_nonnull(ra);
    free(ra);
    ck_assert_str_eq(jstr(r, "type"), "https://lotse.example/problems/unavailable");
    http_free(r);
    r = http("GET", "/readyz", NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 503);
    http_free(r);
    ck_assert_int_eq(pg_ctl_cluster("start"), 0);
    /* every worker thread reconnects on its next request */
    for (int i = 0; i < 12; i++) {
        r = http("GET", "/v1/agencies?limit=1", t, NULL, NULL);
        ck_assert_msg(r->status == 200, "request %d after restart: %ld", i, r->status);
        http_free(r);
    }
    r = http("GET", "/readyz", NULL, NULL, NULL);
    ck_assert_int_eq(r->status, 200);
    http_free(r);
    r = http("GET", "/metrics", NULL, NULL, NULL);
    ck_assert_ptr_null(strstr(r->body, "lotse_db_errors_total 0\n"));
    http_free(r);
    free(t);
}
END_TEST

Suite *suite_database(void)
{
    Suite *s = suite_create("database");
    TCase *tc = tcase_create("database");
    tcase_set_timeout(tc, 90);
    tcase_add_test(tc, service_role_sees_nothing_without_network);
    tcase_add_test(tc, service_role_cannot_write_across_networks);
    tcase_add_test(tc, database_restart_503_then_recovery);
    suite_add_tcase(s, tc);
    return s;
}
