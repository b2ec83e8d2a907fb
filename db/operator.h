/* operator.h - operator tasks run from the command line with the owning
 * role's connection (LOTSE_MIGRATION_DATABASE_URL), outside any request. */
#ifndef LOTSE_OPERATOR_H
#define LOTSE_OPERATOR_H

#include <stddef.h>

/* Creates a platform-level API client (no network, no agency) with role
 * "platform_admin" or "ministry" and the given name.  On success writes
 * client_id and the one-time secret into the buffers and returns 0;
 * otherwise -1 with a message in err. */
int operator_create_client(const char *url, const char *role, const char *name,
                           char client_id[20], char secret[48], char *err, size_t errlen);

#endif
