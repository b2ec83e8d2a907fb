/* referrals.h - SQL for referrals of a case from one agency to another.
 * Only the two agencies involved see a referral (row-level security). */
#ifndef LOTSE_DB_REFERRALS_H
#define LOTSE_DB_REFERRALS_H
#include "db.h"

/* $1 case, $2 body jsonb, $3 agreement id, $4 response days, $5 created_by,
 * $6 awaiting_consent ('t' when the receiver's consent does not cover
 * identity and plan yet; never shown), $7 'working' when the days are
 * working days in NRW (lotse_working_days_after), else calendar days */
extern const db_stmt_t REFERRAL_CREATE;
/* Lists of the caller's incoming, outgoing or all referrals. $1 after,
 * $2 limit+1, $3 case, $4 status, $5 field, $6 overdue (bool), $7
 * updated_since: key, case_id, json */
extern const db_stmt_t REFERRAL_LIST_IN;
extern const db_stmt_t REFERRAL_LIST_OUT;
extern const db_stmt_t REFERRAL_LIST_BOTH;
/* $1 id: version, status, side ("sender"|"receiver"), case_id, json */
extern const db_stmt_t REFERRAL_GET;
/* $1 id, $2 new status, $3 decline reason, $4 outcome, $5 note, $6 current status, $7 version,
 * $8 suggested agency (decline) */
extern const db_stmt_t REFERRAL_TRANSITION;
extern const db_stmt_t OFFER_OF_AGENCY; /* $1 offer, $2 agency: a row when it is theirs */
/* Ends the wait of referrals awaiting consent (migration 0022) of the
 * cases the caller's agency leads ($1: one case, NULL: all) whose
 * receiving agency's consent now covers identity and plan. */
extern const db_stmt_t REFERRAL_SETTLE;
/* Withdraws the open referrals (requested, accepted), not awaiting
 * consent, of the cases the caller's agency leads ($1: one case, NULL:
 * all) whose receiving agency's consent no longer covers identity and
 * plan (it no longer sees the referral): id, network_id per
 * withdrawn referral */
extern const db_stmt_t REFERRAL_SWEEP;
#endif
