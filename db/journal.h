/* journal.h - SQL for journal entries of a case and their corrections. */
#ifndef LOTSE_DB_JOURNAL_H
#define LOTSE_DB_JOURNAL_H
#include "db.h"

extern const db_stmt_t JOURNAL_CREATE; /* $1 case, $2 body jsonb, $3 author */
extern const db_stmt_t JOURNAL_LIST;   /* $1 case, $2 after key, $3 limit+1: key, json */
extern const db_stmt_t JOURNAL_GET;    /* $1 case, $2 id: version, is_author, json */
/* $1 case, $2 id, $3 version, $4 replaced_by: keeps the current text as a
 * revision when the caller's agency wrote the entry and the version matches */
extern const db_stmt_t JOURNAL_KEEP_REVISION;
extern const db_stmt_t JOURNAL_CORRECT; /* $1 case, $2 id, $3 text, $4 version */
#endif
