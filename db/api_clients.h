/* api_clients.h - SQL for agencies' API clients (client-credentials grant).
 * Every query is scoped to one agency ($agency) inside the caller's network. */
#ifndef LOTSE_DB_API_CLIENTS_H
#define LOTSE_DB_API_CLIENTS_H
#include "db.h"

extern const db_stmt_t CLIENT_LIST;   /* $1 after, $2 updated_since, $3 limit+1, $4 agency */
extern const db_stmt_t CLIENT_GET;    /* $1 id, $2 agency */
/* $1 client_id, $2 network (NULL: caller's), $3 agency, $4 name, $5 roles jsonb,
 * $6 secret hash, $7 created_by */
extern const db_stmt_t CLIENT_CREATE;
extern const db_stmt_t CLIENT_UPDATE; /* $1 id, $2 agency, $3 patch jsonb, $4 version */
extern const db_stmt_t CLIENT_ROTATE; /* $1 id, $2 agency, $3 secret hash, $4 version */
extern const db_stmt_t CLIENT_REVOKE; /* $1 id, $2 agency, $3 version */
/* $1 client_id: id, secret_hash, agency_id, network_id, roles (JSON) of an
 * active client; needs lotse.client_lookup = $1 (the request context sets it). */
extern const db_stmt_t CLIENT_CREDENTIALS;
#endif
