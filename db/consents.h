/* consents.h - SQL for consents (Einwilligung / Schweigepflichtentbindung). */
#ifndef LOTSE_DB_CONSENTS_H
#define LOTSE_DB_CONSENTS_H
#include "db.h"

/* $1 case, $2 body jsonb, $3 granted_by, $4 receiving network (id or NULL):
 * id, network_id, version, json */
extern const db_stmt_t CONSENT_CREATE;
/* $1 case, $2 after, $3 limit+1, $4 active only (bool or NULL): key, json */
extern const db_stmt_t CONSENT_LIST;
extern const db_stmt_t CONSENT_GET;    /* $1 case, $2 consent: version, json */
/* $1 case, $2 consent, $3 reason, $4 revoked_by, $5 version */
extern const db_stmt_t CONSENT_REVOKE;
extern const db_stmt_t AGENCY_IN_NETWORK; /* $1 agency: a row when it is of the caller's network */
#endif
