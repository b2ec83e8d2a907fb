/* offers.h - SQL for the offers catalogue (Angebote). */
#ifndef LOTSE_DB_OFFERS_H
#define LOTSE_DB_OFFERS_H
#include "db.h"

extern const db_stmt_t OFFER_CREATE; /* $1 body jsonb: the caller's agency offers it */
extern const db_stmt_t OFFER_GET;    /* $1 id: version, published, own (the caller's agency's), json */
extern const db_stmt_t OFFER_UPDATE; /* $1 id, $2 patch jsonb, $3 version: the owner only */
extern const db_stmt_t OFFER_DELETE; /* $1 id, $2 version */
/* Search. $1 network, $2 text (German full text) or NULL, $3 field of action,
 * $4 language, $5 target group, $6 municipality, $7 availability, $8 limit+1,
 * $9 offset, $10 public view (published and valid today only): key (the
 * offset after the row), json; ranked by relevance when $2 is given. */
extern const db_stmt_t OFFER_SEARCH;
extern const db_stmt_t NETWORK_BY_CODE; /* $1 code: id (scope public) */
#endif
