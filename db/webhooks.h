/* webhooks.h - SQL for webhook subscriptions, deliveries and attempts. */
#ifndef LOTSE_DB_WEBHOOKS_H
#define LOTSE_DB_WEBHOOKS_H
#include "db.h"

/* The caller's agency's subscriptions. */
extern const db_stmt_t WEBHOOK_CREATE; /* $1 body jsonb, $2 secret, $3 created_by: id, network_id, version, json (with the secret) */
extern const db_stmt_t WEBHOOK_LIST;   /* $1 after key, $2 limit+1: key, json */
extern const db_stmt_t WEBHOOK_GET;    /* $1 id: version, json */
extern const db_stmt_t WEBHOOK_UPDATE; /* $1 id, $2 patch jsonb, $3 version: id, network_id, version, json */
extern const db_stmt_t WEBHOOK_DELETE; /* $1 id: id when deleted (its deliveries and attempts too) */
/* $1 subscription, $2 after key, $3 limit+1, $4 status: key, json (with its attempts) */
extern const db_stmt_t WEBHOOK_DELIVERIES;
/* $1 subscription, $2 delivery: sends it again soon: id, network_id, version, json */
extern const db_stmt_t WEBHOOK_REPLAY;

/* The delivery worker (platform context). */
extern const db_stmt_t WEBHOOK_ACTIVE; /* id, network_id, agency_id of active subscriptions */
/* The next due delivery, locked (SKIP LOCKED): id, network_id, payload,
 * age_s (since it was created), url, secret, subscription_id, attempts */
extern const db_stmt_t WEBHOOK_CLAIM;
/* $1 delivery, $2 status code or NULL, $3 duration ms, $4 error or NULL,
 * $5 new status (delivered | pending | failed), $6 next attempt in ms,
 * $7 instance: records the attempt; a failed delivery disables its
 * subscription: id, network_id of the subscription disabled (no row else) */
extern const db_stmt_t WEBHOOK_RECORD;
#endif
