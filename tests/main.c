/* main.c - the test runner: unit suites first, then the integration
 * suites against one real lotse process and the test PostgreSQL cluster
 * that deploy/test.sh prepared.  Ends with one line "N passed, N failed". */
#include "harness.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

typedef Suite *(*suite_fn)(void);

static const suite_fn UNIT[] = {suite_router, suite_json_in, suite_claims, suite_openapi, suite_problem_de, suite_ckm};
static const suite_fn INTEGRATION[] = {
    suite_ops,       suite_auth,     suite_token,       suite_limits,   suite_networks,
    suite_municipalities, suite_agencies, suite_api_clients, suite_cases, suite_case_data,
    suite_gdpr, suite_referrals, suite_offers, suite_conferences, suite_statistics, suite_barriers, suite_events, suite_webhooks, suite_if_match, suite_revocation, suite_audit_matrix, suite_lengths, suite_hygiene, suite_sideways, suite_disclosure, suite_retention, suite_person_search, suite_person_links, suite_households, suite_documents, suite_tasks, suite_feeds, suite_assignments, suite_imports, suite_handovers, suite_authz, suite_process,
    suite_database, suite_readme, suite_contract, /* last: checks what all the others recorded */
};

static void run(SRunner *sr, int *passed, int *failed)
{
    srunner_run_all(sr, CK_NORMAL);
    int f = srunner_ntests_failed(sr);
    *failed += f;
    *passed += srunner_ntests_run(sr) - f;
}

/* The limit tests hold 10,000 connections open on both ends: the soft
 * open-file limit (1024 on a stock Debian) is raised to the hard limit
 * here, before the servers are started, so that they inherit it too. */
static void raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == rl.rlim_max)
        return;
    rlim_t was = rl.rlim_cur;
    rl.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
        printf("open-file limit raised from %lu to the hard limit %lu\n", (unsigned long)was,
               (unsigned long)rl.rlim_max);
}

int main(void)
{
    raise_fd_limit();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int passed = 0, failed = 0;

    SRunner *unit = srunner_create(UNIT[0]());
    for (size_t i = 1; i < sizeof UNIT / sizeof UNIT[0]; i++)
        srunner_add_suite(unit, UNIT[i]());
    run(unit, &passed, &failed);
    srunner_free(unit);

    pid_t server = server_start(NULL, g_base);
    if (server < 0) {
        fprintf(stderr, "could not start build/lotse (see LOTSE_TEST_SERVER_LOG)\n");
        printf("%d passed, %d failed\n", passed, failed + 1);
        return 1;
    }
    SRunner *integ = srunner_create(INTEGRATION[0]());
    for (size_t i = 1; i < sizeof INTEGRATION / sizeof INTEGRATION[0]; i++)
        srunner_add_suite(integ, INTEGRATION[i]());
    run(integ, &passed, &failed);
    srunner_free(integ);
    if (server_stop(server) != 0) {
        fprintf(stderr, "lotse did not shut down cleanly on SIGTERM\n");
        failed++;
    }

    curl_global_cleanup();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
