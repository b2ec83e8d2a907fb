/* problem.h - maps internal errors to HTTP status and problem+json. */
#ifndef LOTSE_PROBLEM_H
#define LOTSE_PROBLEM_H

#include "errors.h"
#include <jansson.h>

typedef struct problem_type {
    lotse_err_t err;
    int status;
    const char *slug;   /* type URI is PROBLEM_BASE + slug */
    const char *title;
    const char *title_de; /* with Accept-Language: de */
} problem_type_t;

#define PROBLEM_BASE "https://lotse.example/problems/"

/* The static description of err (never NULL; unknown codes map to internal). */
const problem_type_t *problem_type(lotse_err_t err);

/* All problem types, for the OpenAPI consistency test; *n receives the count. */
const problem_type_t *problem_types(size_t *n);

/* A new problem body (caller owns the reference).  detail may be NULL; an
 * internal error's detail is replaced by a generic one (the caller logs it);
 * errors (borrowed, may be NULL) is an array of {pointer, message};
 * german picks the German title. */
json_t *problem_body(lotse_err_t err, const char *detail, const char *instance,
                     const char *request_id, json_t *errors, int german);

#endif
