/* networks.h - SQL for networks (tenants). Column contract: reads return
 * version and json; writes return id, network_id, version and json;
 * collections return key and json. */
#ifndef LOTSE_DB_NETWORKS_H
#define LOTSE_DB_NETWORKS_H
#include "db.h"

extern const db_stmt_t NETWORK_LIST;    /* $1 after id, $2 updated_since, $3 limit+1 */
extern const db_stmt_t NETWORK_GET;     /* $1 id */
extern const db_stmt_t NETWORK_CREATE;  /* $1 body jsonb */
extern const db_stmt_t NETWORK_UPDATE;  /* $1 id, $2 patch jsonb, $3 version or NULL */
#endif
