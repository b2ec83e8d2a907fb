/* calendar_feeds.h - SQL for subscribable calendar feeds (migration 0042):
 * an agency's own feeds only (row-level security). */
#ifndef LOTSE_DB_CALENDAR_FEEDS_H
#define LOTSE_DB_CALENDAR_FEEDS_H
#include "db.h"

/* $1 label, $2 token hash, $3 created_by: id, network_id, version, json */
extern const db_stmt_t FEED_CREATE;
/* $1 after key, $2 limit+1: key, json */
extern const db_stmt_t FEED_LIST;
/* $1 feed: version, json */
extern const db_stmt_t FEED_GET;
/* $1 feed, $2 revoked_by, $3 version (NULL: any): id, network_id, version, json */
extern const db_stmt_t FEED_REVOKE;
/* Without a tenant: $1 token hash: id, network_id, agency_id of a feed in use (no row else) */
extern const db_stmt_t FEED_LOOKUP;
#endif
