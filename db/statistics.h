/* statistics.h - SQL for the anonymous, additive statistics. */
#ifndef LOTSE_DB_STATISTICS_H
#define LOTSE_DB_STATISTICS_H
#include "db.h"

/* $1 network: the counting context for that network (lotse.statistics
 * on); refresh: whether this call may bring the network's rollups up to
 * date ('t'), or another call is doing so right now ('f': this one reads
 * them as they are, instead of waiting for the other's recount) */
extern const db_stmt_t STATS_CONTEXT;
/* After a refresh 'f' of STATS_CONTEXT ($1 network): waits for the other
 * call's recount when the network's rollups were never built (a row: this
 * call refreshes then; none: they are built, read them as they are) */
extern const db_stmt_t STATS_WAIT_UNBUILT;
/* Refreshing the context's rollups (stat_days): STATS_STALE deletes the
 * marks and returns the ranges of days to recompute (rebuild boolean, lo,
 * hi exclusive); STATS_CLEAR ($1 rebuild, $2 lo, $3 hi) deletes their
 * rollups; STATS_COMPUTE ($1 lo, $2 hi) counts them again. */
extern const db_stmt_t STATS_STALE;
extern const db_stmt_t STATS_CLEAR;
extern const db_stmt_t STATS_COMPUTE;
/* Raw counts of the context's network. $1 from date, $2 to date
 * (inclusive), $3 granularity (month|quarter|year), for STATS_ROLLUP $4
 * the nationalities published by name (text[]): period, indicator,
 * breakdown ("total" or a dimension), value, count, key (the cell key:
 * the sum of the units' record keys modulo 2^32).  STATS_ROLLUP reads
 * the rollups: cases (opened by target group, residence status,
 * municipality, lead agency kind, age band, gender, nationality; closed
 * by reason; active at the period's end by target group) and referrals
 * (requested by field, agency kinds, under an agreement; answered by
 * answer and response days; ended by status and outcome; overdue; agency
 * pairs with and without an agreement), goals (set, achieved, not
 * achieved by field) and barriers (by code, field, source; migration
 * 0027), conferences (held, participants, cancelled), decisions (by
 * state), outcomes (German level at intake > latest assessment of cases
 * assessed again in the period; employment at intake > closure of cases
 * closed in it) and agreements in force (migration 0028). */
extern const db_stmt_t STATS_ROLLUP;
/* The gap register's barrier cells (see statistics.c); $1-$3 as above,
 * $4 the fields of action (text[]). */
extern const db_stmt_t STATS_BARRIERS;
/* The network's own breakdown values (municipalities, agency kind pairs). */
extern const db_stmt_t STATS_VALUES;
extern const db_stmt_t STATS_NETWORKS; /* id, code of every network (scope ministry) */
#endif
