/* longpoll.h - requests that wait for events (GET /v1/events?wait=N)
 * without holding a worker thread or a database connection while they
 * wait.  The handler asks to wait (longpoll_should_wait); the server then
 * suspends the connection (longpoll_suspend) and goes on serving others.
 * One listener thread, on its own database connection, LISTENs to
 * lotse_events (a NOTIFY per committed transaction that wrote events,
 * with the network as payload) and resumes that network's waiters, and
 * every waiter whose deadline has passed; a resumed request is dispatched
 * again from the start. */
#ifndef LOTSE_LONGPOLL_H
#define LOTSE_LONGPOLL_H

#include "req.h"

/* Starts the listener thread on database_url (copied). 0 or -1. */
int longpoll_start(const char *database_url);

/* Resumes every waiter (each answers at once) and stops the listener;
 * later requests do not wait. */
void longpoll_stop(void);

/* For a handler that may wait: call before reading, so that an event that
 * commits between the read and the suspension is not missed. */
void longpoll_begin(req_t *r);

/* For a handler that found nothing new: 1 when r should wait now for at
 * most wait_s seconds from its first attempt (the deadline is kept across
 * attempts), 0 when it should answer. */
int longpoll_should_wait(req_t *r, int wait_s);

/* For the server after dispatch: when the handler asked to wait, suspends
 * r's connection and registers it, returning 1; otherwise 0. */
int longpoll_suspend(req_t *r);

/* Connections waiting now, for /metrics. */
int longpoll_waiting(void);

#endif
