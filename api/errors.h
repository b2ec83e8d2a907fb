/* errors.h - the internal error codes.  problem.c is the one place that
 * turns them into an HTTP status and an RFC 9457 problem body. */
#ifndef LOTSE_ERRORS_H
#define LOTSE_ERRORS_H

typedef enum {
    ERR_NONE = 0,
    ERR_BAD_REQUEST,        /* malformed syntax: bad JSON, bad query parameter */
    ERR_VALIDATION,         /* well-formed but invalid fields; errors[] says which */
    ERR_UNAUTHORIZED,       /* no or bad credentials */
    ERR_INVALID_CLIENT,     /* OAuth: client authentication failed */
    ERR_UNSUPPORTED_GRANT,  /* OAuth: grant_type other than client_credentials */
    ERR_FORBIDDEN,          /* authenticated, but the role may not */
    ERR_NOT_FOUND,          /* missing, or not visible to the caller */
    ERR_METHOD_NOT_ALLOWED, /* path exists, method does not; Allow is set */
    ERR_CONFLICT,           /* uniqueness or state conflict */
    ERR_PRECONDITION_FAILED,   /* If-Match does not match the current ETag */
    ERR_PAYLOAD_TOO_LARGE,     /* body over the limit */
    ERR_UNSUPPORTED_MEDIA,     /* Content-Type not accepted */
    ERR_UNPROCESSABLE,         /* refers to something that does not exist, idempotency mismatch */
    ERR_CONSENT_REQUIRED,      /* an agency involved has no active consent for the case */
    ERR_AGREEMENT_REQUIRED,    /* the network requires an agreement between the agencies */
    ERR_PRECONDITION_REQUIRED, /* If-Match missing on a conditional write */
    ERR_TOO_MANY_REQUESTS,     /* a rate limit; Retry-After is set */
    ERR_UNAVAILABLE,           /* database unreachable; Retry-After is set */
    ERR_INTERNAL,              /* bug or unexpected database error; detail only in the log */
    ERR__COUNT
} lotse_err_t;

#endif
