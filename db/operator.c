/* operator.c - see operator.h. */
#include "operator.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

int operator_create_client(const char *url, const char *role, const char *name,
                           const char *client_id, const char *secret_hash, char *err, size_t errlen)
{
    if (strcmp(role, "platform_admin") != 0 && strcmp(role, "ministry") != 0) {
        snprintf(err, errlen, "lotse create-client: role must be platform_admin or ministry");
        return -1;
    }
    PGconn *pg = PQconnectdb(url);
    if (PQstatus(pg) != CONNECTION_OK) {
        snprintf(err, errlen, "lotse create-client: cannot connect: %s", PQerrorMessage(pg));
        PQfinish(pg);
        return -1;
    }
    const char *params[4] = {client_id, name, role, secret_hash};
    PGresult *res = PQexecParams(pg,
        "WITH ctx AS (SELECT set_config('lotse.scope', 'platform', false)) "
        "INSERT INTO api_clients (client_id, name, roles, secret_hash, created_by) "
        "SELECT $1, $2, ARRAY[$3], $4, 'operator' FROM ctx",
        4, NULL, params, NULL, NULL, 0);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc)
        snprintf(err, errlen, "lotse create-client: %s", PQerrorMessage(pg));
    PQclear(res);
    PQfinish(pg);
    return rc;
}
