/* documents.c - SQL for documents; see documents.h. */
#include "documents.h"

/* A file's name may name the person, and the hash of a known scan tells whose it is: both are
 * shown only to an agency that sees the case's identity (the map classifies them so). */
#define SEEN_TITLE "CASE WHEN lotse_sees(d.case_id, 'identity') THEN d.title END"

#define DOCUMENT_JSON                                                                          \
    "json_build_object('id', d.id, 'case_id', d.case_id, 'consent_id', d.consent_id, "          \
    "'category', d.category, 'title', " SEEN_TITLE ", 'media_type', d.media_type, "               \
    "'size_bytes', d.size_bytes, 'sha256', CASE WHEN lotse_sees(d.case_id, 'identity') "         \
    "THEN d.sha256 END, 'uploaded_by_agency', d.uploaded_by_agency, "                            \
    "'content', '/v1/cases/' || d.case_id || '/documents/' || d.id || '/content', "             \
    "'version', d.version, 'created_at', lotse_ts(d.created_at))::text"

const db_stmt_t DOCUMENT_CREATE = {
    "document_create",
    "INSERT INTO documents AS d (network_id, case_id, consent_id, category, title, media_type, "
    "size_bytes, sha256, uploaded_by_agency, uploaded_by) VALUES (lotse_network(), $1::uuid, "
    "$2::uuid, $3, $4, $5, $6::bigint, $7, lotse_agency(), $8) "
    "RETURNING d.id, d.network_id, d.version, d.case_id, " DOCUMENT_JSON " AS json",
    8};

const db_stmt_t DOCUMENT_CHUNK_PUT = {
    "document_chunk_put",
    "INSERT INTO document_chunks (document_id, n, network_id, data) "
    "VALUES ($1::uuid, $2::int, lotse_network(), $3::bytea)",
    3};

const db_stmt_t DOCUMENT_LIST = {
    "document_list",
    "SELECT " SQL_CHRONO_KEY("d") " AS key, d.category, " DOCUMENT_JSON " AS json FROM documents d "
    "WHERE d.network_id = lotse_network() AND d.case_id = $1::uuid "
    "AND ($2::text IS NULL OR " SQL_CHRONO_KEY("d") " > $2) "
    "AND ($4::text IS NULL OR d.category = $4) ORDER BY 1 LIMIT $3::int",
    4};

const db_stmt_t DOCUMENT_GET = {
    "document_get",
    "SELECT d.version, d.category, d.media_type, d.size_bytes, " SEEN_TITLE " AS title, "
    DOCUMENT_JSON " AS json "
    "FROM documents d WHERE d.network_id = lotse_network() AND d.case_id = $1::uuid "
    "AND d.id = $2::uuid",
    2};

const db_stmt_t DOCUMENT_CHUNK_GET = {
    "document_chunk_get",
    "SELECT data FROM document_chunks WHERE document_id = $1::uuid AND n = $2::int", 2};

const db_stmt_t DOCUMENT_DELETE = {
    "document_delete",
    "DELETE FROM documents d WHERE d.network_id = lotse_network() AND d.case_id = $1::uuid "
    "AND d.id = $2::uuid AND ($3::int IS NULL OR d.version = $3::int) "
    "RETURNING d.id, d.network_id, d.category",
    3};
