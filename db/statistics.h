/* statistics.h - SQL for the anonymous, additive statistics. */
#ifndef LOTSE_DB_STATISTICS_H
#define LOTSE_DB_STATISTICS_H
#include "db.h"

/* $1 network: the counting context for that network (lotse.statistics on) */
extern const db_stmt_t STATS_CONTEXT;
/* Raw counts of the case indicators of the context's network. $1 from
 * date, $2 to date (inclusive), $3 granularity (month|quarter|year):
 * period, indicator, breakdown ("total" or a dimension), value, count. */
extern const db_stmt_t STATS_CASES;
extern const db_stmt_t STATS_NETWORKS; /* id, code of every network (scope ministry) */
#endif
