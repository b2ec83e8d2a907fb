/* municipalities.h - SQL for a network's municipalities (keyed by AGS).
 * Column contract as in networks.h; the resource id is the AGS. */
#ifndef LOTSE_DB_MUNICIPALITIES_H
#define LOTSE_DB_MUNICIPALITIES_H
#include "db.h"

extern const db_stmt_t MUNICIPALITY_LIST;   /* $1 after ags, $2 updated_since, $3 limit+1 */
extern const db_stmt_t MUNICIPALITY_GET;    /* $1 ags */
extern const db_stmt_t MUNICIPALITY_CREATE; /* $1 body jsonb */
extern const db_stmt_t MUNICIPALITY_UPDATE; /* $1 ags, $2 patch jsonb, $3 version or NULL */
extern const db_stmt_t MUNICIPALITY_DELETE; /* $1 ags, $2 version or NULL */
#endif
