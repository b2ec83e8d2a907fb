/* auth.h - bearer tokens: verification (with pinned algorithms and our own
 * claim checks), a per-thread cache, and issuing tokens for API clients.
 * auth.c is the only file that includes <jwt.h>. */
#ifndef LOTSE_AUTH_H
#define LOTSE_AUTH_H

#include <jansson.h>

#include "config.h"
#include "principal.h"

#define AUTH_MAX_HEADER 8192  /* longer Authorization headers are refused unread */

typedef enum {
    AUTH_OK = 0,
    AUTH_MISSING,     /* no Authorization header */
    AUTH_TOO_LARGE,   /* header over AUTH_MAX_HEADER */
    AUTH_INVALID,     /* anything else: malformed, bad signature, claims */
} auth_result_t;

/* Loads the HS256 secret and the trusted issuers' PEM keys from c.
 * Returns 0, or -1 with a message in err. */
int auth_init(const config_t *c, char *err, size_t errlen);

/* Verifies an Authorization header value.  On AUTH_OK fills *out; on
 * failure *why (static string) says what was wrong, for the problem
 * detail.  now is the current Unix time. */
auth_result_t auth_verify(const char *authorization, long long now, principal_t *out,
                          const char **why);

/* Checks the claims of a payload whose signature was verified: exp
 * (required integer), nbf, iat, aud (string or array containing audience),
 * sub, roles, agency, network; leeway seconds of clock skew.  Fills *out.
 * Returns 0 or -1 with *why set.  Pure; used by auth_verify and tests. */
int auth_check_claims(json_t *payload, long long now, int leeway, const char *audience,
                      principal_t *out, const char **why);

/* Issues an HS256 token for an API client (sub "client:<client_id>") and
 * the generation of its secret (claim "gen", checked on every request).
 * roles is a JSON array of role names (borrowed).  Returns a malloc'd
 * token (caller frees) or NULL. */
char *auth_issue(const char *client_id, int generation, json_t *roles, const char *agency,
                 const char *network, long long now);

/* SHA-256 of data as 64 lowercase hex characters plus NUL. */
void auth_sha256_hex(const void *data, size_t len, char out[65]);

/* Constant-time comparison of two NUL-terminated strings of equal length. */
int auth_secret_equal(const char *a, const char *b);

/* New API client credentials: client_id "lc-" + 16 hex characters,
 * secret of 32 random bytes in base64url, and the secret's SHA-256 hex
 * (the only form stored).  Returns 0 or -1 when randomness failed. */
int auth_new_client_credentials(char client_id[20], char secret[48], char hash[65]);

/* n random bytes as base64url (no padding) into out (>= 4*n/3+2 bytes). */
int auth_random_token(size_t n, char *out, size_t outlen);

#endif
