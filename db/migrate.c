/* migrate.c - applies the embedded migrations; see migrate.h. */
#include "migrate.h"
#include "db.h"

#include <libpq-fe.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIGRATION_LOCK_KEY "7410211"  /* advisory lock id shared by all instances */

int migrate_latest(void)
{
    int v = 0;
    for (size_t i = 0; i < lotse_migrations_count; i++)
        if (lotse_migrations[i].version > v)
            v = lotse_migrations[i].version;
    return v;
}

static void sha256_hex(const char *s, char out[65])
{
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(s, strlen(s), md, &len, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static int exec_ok(PGconn *pg, PGresult *res, char *err, size_t errlen, const char *what)
{
    ExecStatusType s = PQresultStatus(res);
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
        return 1;
    snprintf(err, errlen, "lotse migrate: %s: %s", what, PQerrorMessage(pg));
    return 0;
}

int migrate_apply(const char *url, char *err, size_t errlen)
{
    PGconn *pg = PQconnectdb(url);
    if (PQstatus(pg) != CONNECTION_OK) {
        snprintf(err, errlen, "lotse migrate: cannot connect: %s", PQerrorMessage(pg));
        PQfinish(pg);
        return -1;
    }
    int rc = -1;
    PGresult *res = PQexec(pg,
        "SET client_min_messages = warning; BEGIN; "
        "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK_KEY "); "
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "  version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
        "  applied_at timestamptz NOT NULL DEFAULT now())");
    if (!exec_ok(pg, res, err, errlen, "prepare"))
        goto out;
    for (size_t i = 0; i < lotse_migrations_count; i++) {
        const migration_t *m = &lotse_migrations[i];
        char version[16], sum[65];
        snprintf(version, sizeof version, "%d", m->version);
        sha256_hex(m->sql, sum);
        const char *p[1] = {version};
        PQclear(res);
        res = PQexecParams(pg, "SELECT checksum FROM schema_migrations WHERE version = $1",
                           1, NULL, p, NULL, NULL, 0);
        if (!exec_ok(pg, res, err, errlen, "read schema_migrations"))
            goto out;
        if (PQntuples(res) == 1) {
            if (strcmp(PQgetvalue(res, 0, 0), sum) != 0) {
                snprintf(err, errlen, "lotse migrate: %s was changed after it was applied; "
                         "add a new migration instead", m->name);
                goto out;
            }
            continue;
        }
        PQclear(res);
        res = PQexec(pg, m->sql);
        if (!exec_ok(pg, res, err, errlen, m->name))
            goto out;
        const char *ins[3] = {version, m->name, sum};
        PQclear(res);
        res = PQexecParams(pg, "INSERT INTO schema_migrations (version, name, checksum) "
                               "VALUES ($1, $2, $3)", 3, NULL, ins, NULL, NULL, 0);
        if (!exec_ok(pg, res, err, errlen, "record migration"))
            goto out;
        db_log(DB_LOG_INFO, "applied migration %s", m->name);
    }
    PQclear(res);
    res = PQexec(pg, "GRANT SELECT ON schema_migrations TO lotse_app; COMMIT");
    if (!exec_ok(pg, res, err, errlen, "commit"))
        goto out;
    rc = 0;
out:
    PQclear(res);
    PQfinish(pg);
    return rc;
}
