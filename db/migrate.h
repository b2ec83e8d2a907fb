/* migrate.h - numbered schema migrations embedded in the binary. */
#ifndef LOTSE_MIGRATE_H
#define LOTSE_MIGRATE_H

#include <stddef.h>

typedef struct migration {
    int version;       /* NNNN of db/migrations/NNNN_name.sql */
    const char *name;  /* file name without .sql */
    const char *sql;
} migration_t;

/* Generated at build time from db/migrations/ (build/gen/migrations.c). */
extern const migration_t lotse_migrations[];
extern const size_t lotse_migrations_count;

/* Highest embedded version. */
int migrate_latest(void);

/* Connects with url (the owning role), takes an advisory lock and applies
 * every missing migration in one transaction, recording each in
 * schema_migrations with its checksum; refuses when an applied migration's
 * checksum differs.  Returns 0, or -1 with a message in err. */
int migrate_apply(const char *url, char *err, size_t errlen);

#endif
