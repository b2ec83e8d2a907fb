/* handlers.h - every route handler; routes.c maps them to paths.
 * Contract of each: reads r, sets a response and returns 0, or returns
 * -1 with r->err set (see req.h). */
#ifndef LOTSE_HANDLERS_H
#define LOTSE_HANDLERS_H

#include "req.h"

/* ops.c */
int h_healthz(req_t *r);
int h_readyz(req_t *r);
int h_metrics(req_t *r);
int h_openapi(req_t *r);
int h_docs(req_t *r);
int h_me(req_t *r);

/* token.c */
int h_token(req_t *r);

/* networks.c */
int h_networks_list(req_t *r);
int h_networks_create(req_t *r);
int h_networks_get(req_t *r);
int h_networks_update(req_t *r);

/* municipalities.c */
int h_municipalities_list(req_t *r);
int h_municipalities_create(req_t *r);
int h_municipalities_get(req_t *r);
int h_municipalities_update(req_t *r);
int h_municipalities_delete(req_t *r);

/* agencies.c */
int h_agencies_list(req_t *r);
int h_agencies_create(req_t *r);
int h_agencies_get(req_t *r);
int h_agencies_update(req_t *r);

/* api_clients.c */
int h_clients_list(req_t *r);
int h_clients_create(req_t *r);
int h_clients_get(req_t *r);
int h_clients_update(req_t *r);
int h_clients_rotate(req_t *r);
int h_clients_revoke(req_t *r);

/* Shared value lists (agencies.c). */
extern const char *const AGENCY_KINDS[];

#endif
