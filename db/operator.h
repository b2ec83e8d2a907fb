/* operator.h - operator tasks run from the command line with the owning
 * role's connection (LOTSE_MIGRATION_DATABASE_URL), outside any request. */
#ifndef LOTSE_OPERATOR_H
#define LOTSE_OPERATOR_H

#include <stddef.h>

/* Stores a platform-level API client (no network, no agency) with role
 * "platform_admin" or "ministry", the given name, client_id and the
 * SHA-256 hex of its secret (the caller generates both).  Returns 0, or
 * -1 with a message in err. */
int operator_create_client(const char *url, const char *role, const char *name,
                           const char *client_id, const char *secret_hash, char *err, size_t errlen);

#endif
