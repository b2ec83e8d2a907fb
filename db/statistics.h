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
/* Referrals (requested by field, agency kinds, under an agreement;
 * answered by answer and response days; ended by status and outcome;
 * overdue), goals (set, achieved, not achieved by field), conferences
 * (held, participants, cancelled) and decisions (by state). As STATS_CASES. */
extern const db_stmt_t STATS_ACTIVITY;
/* Outcomes (German level at intake > latest assessment of cases assessed
 * again in the period; employment at intake > closure of cases closed in
 * it), agency pairs that exchanged referrals with and without an
 * agreement, agreements in force. As STATS_CASES. */
extern const db_stmt_t STATS_OUTCOMES;
extern const db_stmt_t STATS_NETWORKS; /* id, code of every network (scope ministry) */
#endif
