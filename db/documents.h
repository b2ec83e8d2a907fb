/* documents.h - SQL for documents (migration 0040): row-level security
 * shows a case's document to agencies that see its category, a consent's
 * to the lead; the content is stored in chunks of at most 1 MiB. */
#ifndef LOTSE_DB_DOCUMENTS_H
#define LOTSE_DB_DOCUMENTS_H
#include "db.h"

/* The size of one stored chunk. */
#define DOCUMENT_CHUNK_BYTES 1048576

/* $1 case, $2 consent (NULL), $3 category, $4 title, $5 media type, $6 size, $7 sha256,
 * $8 uploaded_by: id, network_id, version, case_id, json */
extern const db_stmt_t DOCUMENT_CREATE;
/* $1 document, $2 n, $3 the bytes (binary) */
extern const db_stmt_t DOCUMENT_CHUNK_PUT;
/* $1 case, $2 after key, $3 limit+1, $4 category filter: key, category, json */
extern const db_stmt_t DOCUMENT_LIST;
/* $1 case, $2 document: version, category, media_type, size_bytes, title (NULL unless the
 * caller sees identity), json */
extern const db_stmt_t DOCUMENT_GET;
/* $1 document, $2 n: data (ask for a binary result) */
extern const db_stmt_t DOCUMENT_CHUNK_GET;
/* $1 case, $2 document, $3 version (NULL: any): id, network_id, category; no row when the
 * caller may not remove it or the version is another */
extern const db_stmt_t DOCUMENT_DELETE;
#endif
