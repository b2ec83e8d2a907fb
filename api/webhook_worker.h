/* webhook_worker.h - the delivery worker every `lotse serve` runs: it
 * turns new events into deliveries for the subscriptions that may see
 * them and sends due deliveries, signed (Standard Webhooks), claiming each
 * with FOR UPDATE SKIP LOCKED so that instances share the work. */
#ifndef LOTSE_WEBHOOK_WORKER_H
#define LOTSE_WEBHOOK_WORKER_H

/* Starts the worker thread; 0 or -1. */
int webhook_worker_start(void);

/* Stops it after the delivery in progress. */
void webhook_worker_stop(void);

/* Wakes it: events were committed. */
void webhook_worker_kick(void);

#endif
