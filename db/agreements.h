/* agreements.h - SQL for cooperation agreements (Kooperationsvereinbarungen). */
#ifndef LOTSE_DB_AGREEMENTS_H
#define LOTSE_DB_AGREEMENTS_H
#include "db.h"

extern const db_stmt_t AGREEMENT_CREATE;      /* $1 body jsonb, $2 created_by, $3 supersedes */
extern const db_stmt_t AGREEMENT_ADD_PARTIES; /* $1 agreement, $2 parties jsonb array */
/* $1 after, $2 limit+1, $3 party agency, $4 field of action, $5 status, $6 valid on */
extern const db_stmt_t AGREEMENT_LIST;
/* $1 id: version, status (as it reads today), is_party (of the caller's agency), json */
extern const db_stmt_t AGREEMENT_GET;
extern const db_stmt_t AGREEMENT_UPDATE;      /* $1 id, $2 patch jsonb, $3 version: drafts only */
extern const db_stmt_t AGREEMENT_UNSIGN;      /* $1 id: a changed draft is signed anew */
/* $1 id, $2 signed_by: the caller's agency signs a draft it is party to */
extern const db_stmt_t AGREEMENT_SIGN;
/* $1 id: active once every party signed; returns id, network_id, supersedes_id */
extern const db_stmt_t AGREEMENT_ACTIVATE;
/* $1 id, $2 reason, $3 version (NULL: any): an active agreement ends */
extern const db_stmt_t AGREEMENT_TERMINATE;
/* $1 old id: a new draft with the same content and parties, linked to the old one */
extern const db_stmt_t AGREEMENT_COPY;
extern const db_stmt_t AGREEMENT_COPY_PARTIES; /* $1 new id, $2 old id */
/* $1 from agency, $2 to agency, $3 field: the agreement in force between
 * them covering the field (id, response_days; NULL when none) with its
 * response_day_kind (calendar for the network's default), the network's
 * default_days and whether it requires an agreement (required) */
extern const db_stmt_t AGREEMENT_BETWEEN;
#endif
