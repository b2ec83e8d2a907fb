/* idempotency.h - Idempotency-Key on POST: a retry with the same key and
 * body gets the first answer again; the same key with another body is 422. */
#ifndef LOTSE_IDEMPOTENCY_H
#define LOTSE_IDEMPOTENCY_H

#include "req.h"

/* Before the handler: claims the key in r's transaction.  Returns 0 to run
 * the handler, 1 when the response was replayed from the first answer
 * (nothing else to do), -1 with r->err set. Without the header: 0. */
int idempotency_begin(req_t *r);

/* After the handler: stores a 2xx answer under the key, or releases the
 * claim when the request failed. No-op without the header. */
void idempotency_end(req_t *r);

#endif
