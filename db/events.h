/* events.h - SQL for the event feed. */
#ifndef LOTSE_DB_EVENTS_H
#define LOTSE_DB_EVENTS_H
#include "db.h"

/* Events the caller may see, in commit order: only those of transactions
 * older than every transaction still running, so a later commit can
 * never land behind the cursor.  $1 after txid, $2 after id, $3 types
 * (text[] literal) or NULL, $4 limit+1: key ("txid.id"), json */
extern const db_stmt_t EVENT_FEED;
#endif
