/* analyses.h - SQL for potential analyses (Potenzialanalysen) of a case. */
#ifndef LOTSE_DB_ANALYSES_H
#define LOTSE_DB_ANALYSES_H
#include "db.h"

extern const db_stmt_t ANALYSIS_CREATE; /* $1 case, $2 body jsonb, $3 created_by */
extern const db_stmt_t ANALYSIS_LIST;   /* $1 case, $2 after key, $3 limit+1: key, json */
extern const db_stmt_t ANALYSIS_GET;    /* $1 case, $2 id: version, is_author, editable, json */
/* $1 case, $2 id, $3 patch jsonb, $4 version: only the author, within 24 hours */
extern const db_stmt_t ANALYSIS_UPDATE;
#endif
