/* agencies.h - SQL for a network's agencies. Column contract as in networks.h. */
#ifndef LOTSE_DB_AGENCIES_H
#define LOTSE_DB_AGENCIES_H
#include "db.h"

/* $1 after id, $2 updated_since, $3 limit+1, $4 kind or NULL, $5 active or NULL */
extern const db_stmt_t AGENCY_LIST;
extern const db_stmt_t AGENCY_GET;    /* $1 id */
extern const db_stmt_t AGENCY_CREATE; /* $1 body jsonb, $2 network id (NULL: the caller's) */
extern const db_stmt_t AGENCY_UPDATE; /* $1 id, $2 patch jsonb, $3 version or NULL */
#endif
