/* journal.c - SQL for journal entries; see journal.h. */
#include "journal.h"

#define JOURNAL_JSON                                                                          \
    "json_build_object('id', j.id, 'case_id', j.case_id, 'agency_id', j.agency_id, "          \
    "'author', j.author_sub, 'occurred_on', j.occurred_on, 'text', j.text, "                  \
    "'corrected_at', lotse_ts(j.corrected_at), 'history', coalesce((SELECT json_agg("        \
    "json_build_object('text', v.previous_text, 'replaced_at', lotse_ts(v.replaced_at), "     \
    "'replaced_by', v.replaced_by) ORDER BY v.id) FROM journal_revisions v "                  \
    "WHERE v.entry_id = j.id), '[]'), 'version', j.version, "                                  \
    "'created_at', lotse_ts(j.created_at), 'updated_at', lotse_ts(j.updated_at))::text"
#define ENTRY "j.network_id = lotse_network() AND j.case_id = $1::uuid AND j.id = $2::uuid"

const db_stmt_t JOURNAL_CREATE = {
    "journal_create",
    "INSERT INTO journal_entries AS j (network_id, case_id, agency_id, author_sub, occurred_on, "
    "text) SELECT lotse_network(), $1::uuid, lotse_agency(), $3, "
    "coalesce((p->>'occurred_on')::date, current_date), p->>'text' "
    "FROM (SELECT $2::jsonb AS p) s RETURNING j.id, j.network_id, j.version, " JOURNAL_JSON " AS json",
    3};

const db_stmt_t JOURNAL_LIST = {
    "journal_list",
    "SELECT " SQL_CHRONO_KEY("j") " AS key, " JOURNAL_JSON " AS json FROM journal_entries j "
    "WHERE j.network_id = lotse_network() AND j.case_id = $1::uuid "
    "AND ($2::text IS NULL OR " SQL_CHRONO_KEY("j") " > $2) ORDER BY 1 LIMIT $3::int",
    3};

const db_stmt_t JOURNAL_GET = {
    "journal_get",
    "SELECT j.version, j.agency_id = lotse_agency() AS is_author, " JOURNAL_JSON " AS json "
    "FROM journal_entries j WHERE " ENTRY,
    2};

const db_stmt_t JOURNAL_KEEP_REVISION = {
    "journal_keep_revision",
    "INSERT INTO journal_revisions (network_id, entry_id, case_id, previous_text, replaced_by) "
    "SELECT j.network_id, j.id, j.case_id, j.text, $4 FROM journal_entries j WHERE " ENTRY " "
    "AND j.agency_id = lotse_agency() AND j.version = $3::int RETURNING entry_id AS id",
    4};

const db_stmt_t JOURNAL_CORRECT = {
    "journal_correct",
    "UPDATE journal_entries AS j SET text = $3, corrected_at = now(), version = j.version + 1, "
    "updated_at = now() WHERE " ENTRY " AND j.version = $4::int RETURNING j.id, j.network_id",
    4};
