/* conferences.h - SQL for case conferences (Fallkonferenzen). Only the
 * organiser and the participating agencies see a conference. */
#ifndef LOTSE_DB_CONFERENCES_H
#define LOTSE_DB_CONFERENCES_H
#include "db.h"

/* $1 body jsonb, $2 created_by: id, network_id; no row when the body names a household the case
 * is not a member of */
extern const db_stmt_t CONF_CREATE;
extern const db_stmt_t CONF_ADD_PARTICIPANTS; /* $1 conference, $2 participants jsonb */
/* $1 case, $2 agency ids (jsonb array): agencies (", ") without active consent, or NULL */
extern const db_stmt_t CONF_WITHOUT_CONSENT;
extern const db_stmt_t CONF_SET_SLOTS;    /* $1 conference: busy slots of everyone taking part */
extern const db_stmt_t CONF_CLEAR_SLOTS;  /* $1 conference */
extern const db_stmt_t CONF_OVERLAPS;     /* $1 conference: warnings (JSON array text) */
/* $1 id: version, status, is_organiser, late (held more than 24 h ago), case_id, json */
extern const db_stmt_t CONF_GET;
/* $1 case, $2 from, $3 to, $4 and $6 the start and id after which the page
 * begins ('-infinity' and the nil UUID for the first), $5 limit+1: key
 * ("start~id"), case_id, json */
extern const db_stmt_t CONF_LIST;
extern const db_stmt_t CONF_ANSWER;        /* $1 id, $2 answer, $3 note (caller's agency) */
extern const db_stmt_t CONF_RESCHEDULE;    /* $1 id, $2 times/place jsonb, $3 version */
extern const db_stmt_t CONF_RESET_ANSWERS; /* $1 id */
extern const db_stmt_t CONF_CANCEL;        /* $1 id, $2 reason, $3 version */
extern const db_stmt_t CONF_HOLD;          /* $1 id, $2 minutes, $3 version */
extern const db_stmt_t CONF_ATTENDANCE;    /* $1 id, $2 [{agency_id, attended}] */
/* $1 conference, $2 case, $3 decision jsonb, $4 goal id or NULL */
extern const db_stmt_t CONF_ADD_DECISION;
/* $1 conference, $2 subject ("minutes" | "decision:<id>"), $3 corrected_by:
 * keeps the current text before a late correction */
extern const db_stmt_t CONF_KEEP_CORRECTION;
extern const db_stmt_t CONF_SET_MINUTES;   /* $1 id, $2 minutes, $3 version */
/* $1 conference, $2 decision, $3 patch jsonb: the responsible agency or the organiser */
extern const db_stmt_t DECISION_UPDATE;
extern const db_stmt_t ACTION_ITEMS;       /* $1 after key, $2 limit+1: open, overdue first */
/* $1 conference or NULL for all the caller takes part in: the fields of VEVENTs */
extern const db_stmt_t CONF_CALENDAR;
#endif
