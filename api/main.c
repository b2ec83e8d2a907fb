/* main.c - the lotse binary: `lotse [serve]` runs the API, `lotse migrate`
 * applies the schema migrations and exits. Exit status 2 means bad
 * configuration (message on stderr), 1 a runtime failure. */
#include "auth.h"
#include "config.h"
#include "store.h"
#include "log.h"
#include "metrics.h"
#include "migrate.h"
#include "maintenance.h"
#include "operator.h"
#include "route_params.h"
#include "router.h"
#include "server.h"

#include <stdio.h>
#include <string.h>

static int usage(void)
{
    fputs("usage: lotse [serve | migrate | maintenance | create-client ROLE NAME]\n"
          "  serve          run the API (default); configured by LOTSE_* and DATABASE_URL\n"
          "  migrate        apply the migrations with LOTSE_MIGRATION_DATABASE_URL and exit\n"
          "  maintenance    anonymize cases closed longer than LOTSE_RETENTION_DAYS and\n"
          "                 remove expired idempotency records (safe on several machines)\n"
          "  create-client  create a platform_admin or ministry API client with\n"
          "                 LOTSE_MIGRATION_DATABASE_URL; prints its id and one-time secret\n",
          stderr);
    return 2;
}

static int need_migration_url(void)
{
    if (g_config.migration_url != NULL)
        return 0;
    fputs("lotse: LOTSE_MIGRATION_DATABASE_URL: required (a connection as the owning role)\n",
          stderr);
    return 2;
}

static int create_client(const char *role, const char *name)
{
    char id[20], secret[48], hash[65], err[512];
    if (need_migration_url())
        return 2;
    if (auth_new_client_credentials(id, secret, hash) != 0) {
        fputs("lotse create-client: no randomness\n", stderr);
        return 1;
    }
    if (operator_create_client(g_config.migration_url, role, name, id, hash, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    printf("{\"client_id\":\"%s\",\"client_secret\":\"%s\",\"roles\":[\"%s\"]}\n", id, secret,
           role);
    return 0;
}

static int run_migrations(void)
{
    char err[512];
    if (need_migration_url())
        return 2;
    if (migrate_apply(g_config.migration_url, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "serve";
    int serve = strcmp(cmd, "serve") == 0;
    int create = strcmp(cmd, "create-client") == 0;
    int maintain = strcmp(cmd, "maintenance") == 0;
    if (!serve && !create && !maintain && strcmp(cmd, "migrate") != 0)
        return usage();
    if (create && argc != 4)
        return usage();

    char err[512];
    if (config_load(&g_config, serve ? CONFIG_SERVE : maintain ? CONFIG_DATABASE : 0, err,
                    sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    log_set_level(g_config.log_level);
    store_init();
    if (create)
        return create_client(argv[2], argv[3]);
    if (maintain) {
        db_init_timeout(g_config.statement_timeout);
        db_init_prepared(g_config.prepared_statements);
        return maintenance_run(&g_config);
    }
    if (!serve)
        return run_migrations();

    if (auth_init(&g_config, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    if (g_config.migration_url && run_migrations() != 0)
        return 1;
    if (db_check_service_role(g_config.database_url, migrate_latest(), 30, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    size_t nroutes;
    const route_t *table = routes_table(&nroutes);
    if (route_params_init(table, nroutes, err, sizeof err) != 0) {
        fprintf(stderr, "lotse: %s\n", err);
        return 2;
    }
    metrics_init(nroutes);
    db_init_timeout(g_config.statement_timeout);
    db_init_prepared(g_config.prepared_statements);
    db_init(g_config.database_url);
    db_init_read(g_config.read_url);
    server_block_signals();
    int rc = server_run(&g_config);
    return rc;
}
