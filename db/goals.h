/* goals.h - SQL for goals of a case's integration plan. */
#ifndef LOTSE_DB_GOALS_H
#define LOTSE_DB_GOALS_H
#include "db.h"

extern const db_stmt_t GOAL_CREATE; /* $1 case, $2 body jsonb, $3 created_by */
extern const db_stmt_t GOAL_LIST;   /* $1 case, $2 after key, $3 limit+1, $4 status: key, json */
extern const db_stmt_t GOAL_GET;    /* $1 case, $2 id: version, status, json */
extern const db_stmt_t GOAL_UPDATE; /* $1 case, $2 id, $3 patch jsonb, $4 version */
#endif
