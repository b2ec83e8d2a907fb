/* events.h - SQL for the event feed. */
#ifndef LOTSE_DB_EVENTS_H
#define LOTSE_DB_EVENTS_H
#include "db.h"

/* Events the caller may see, in commit order: only those of transactions
 * older than every transaction still running, so a later commit can
 * never land behind the cursor.  $1 after txid, $2 after id, $3 types
 * (text[] literal) or NULL, $4 limit+1: key ("txid.id"), json */
extern const db_stmt_t EVENT_FEED;
/* $1 network (NULL: the caller's), $2 type, $3 resource type, $4 resource id,
 * $5 actor sub, $6 actor agency ('' none), $7 request id, $8 case id */
extern const db_stmt_t EVENT_INSERT;
/* In the subscription's agency context: $1 subscription.  Turns the next
 * events after its cursor (at most 500, same order and visibility as the
 * feed, of its event types) into pending deliveries with their signed
 * body fixed, and moves the cursor: delivered, read (counts); no row when
 * there was nothing new or another instance holds the subscription. */
extern const db_stmt_t WEBHOOK_FANOUT;
#endif
