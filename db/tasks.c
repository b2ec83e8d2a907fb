/* tasks.c - SQL for tasks and reminders; see tasks.h. */
#include "tasks.h"

#define TASK_JSON                                                                               \
    "json_build_object('id', t.id, 'case_id', t.case_id, "                                      \
    "'case_reference', (SELECT k.reference FROM cases k WHERE k.id = t.case_id), "               \
    "'kind', t.kind, 'category', t.category, 'source_id', t.source_id, "                         \
    "'link', CASE t.kind WHEN 'consent_expiring' THEN '/v1/cases/' || t.case_id || '/consents' "  \
    "  WHEN 'residence_expiring' THEN '/v1/cases/' || t.case_id "                                \
    "  WHEN 'referral_overdue' THEN '/v1/referrals/' || t.source_id "                            \
    "  WHEN 'decision_due' THEN '/v1/conferences/' || (SELECT d.conference_id "                  \
    "    FROM conference_decisions d WHERE d.id = t.source_id) END, "                            \
    "'title', t.title, 'description', t.description, 'due_on', t.due_on, "                      \
    "'overdue', t.status = 'open' AND coalesce(t.due_on < lotse_day(now()), false), "            \
    "'assigned_agency_id', t.assigned_agency_id, 'assignee', t.assignee, 'status', t.status, "   \
    "'closed_at', lotse_ts(t.closed_at), 'created_by_agency', t.created_by_agency, "             \
    "'version', t.version, 'created_at', lotse_ts(t.created_at), "                               \
    "'updated_at', lotse_ts(t.updated_at))::text"

const db_stmt_t TASK_CREATE = {
    "task_create",
    "INSERT INTO tasks AS t (network_id, case_id, kind, category, title, description, due_on, "
    "assigned_agency_id, assignee, created_by_agency, created_by) "
    "SELECT lotse_network(), $1::uuid, 'follow_up', 'plan', p->>'title', p->>'description', "
    "(p->>'due_on')::date, coalesce((p->>'assigned_agency_id')::uuid, lotse_agency()), p->>'assignee', "
    "lotse_agency(), $3 FROM (SELECT $2::jsonb AS p) s "
    "RETURNING t.id, t.network_id, t.version, " TASK_JSON " AS json",
    3};

const db_stmt_t TASK_LIST = {
    "task_list",
    "SELECT " SQL_CHRONO_KEY("t") " AS key, " TASK_JSON " AS json FROM tasks t "
    "WHERE t.network_id = lotse_network() AND t.case_id = $1::uuid "
    "AND ($2::text IS NULL OR " SQL_CHRONO_KEY("t") " > $2) "
    "AND ($4::text IS NULL OR t.status = $4) ORDER BY 1 LIMIT $3::int",
    4};

const db_stmt_t TASK_GET = {
    "task_get",
    "SELECT t.version, t.kind, " TASK_JSON " AS json FROM tasks t "
    "WHERE t.network_id = lotse_network() AND t.case_id = $1::uuid AND t.id = $2::uuid",
    2};

const db_stmt_t TASK_UPDATE = {
    "task_update",
    "UPDATE tasks AS t SET "
    "status = coalesce(p->>'status', t.status), "
    "closed_at = CASE WHEN coalesce(p->>'status', t.status) = 'open' THEN NULL "
    "  WHEN t.status = 'open' AND p->>'status' <> 'open' THEN now() ELSE t.closed_at END, "
    "announced = CASE WHEN p ? 'due_on' THEN 'none' ELSE t.announced END, "
    SQL_MERGE_AS("t", "due_on", "p", "due_on", "date") ", "
    SQL_MERGE("t", "assignee", "p", "assignee") ", "
    "title = coalesce(p->>'title', t.title), "
    SQL_MERGE("t", "description", "p", "description") ", "
    "version = t.version + 1, updated_at = now() FROM (SELECT $3::jsonb AS p) s "
    "WHERE t.network_id = lotse_network() AND t.case_id = $1::uuid AND t.id = $2::uuid "
    "AND t.version = $4::int RETURNING t.id, t.network_id, t.version, " TASK_JSON " AS json",
    4};

const db_stmt_t WORKLIST = {
    "worklist",
    "SELECT coalesce(t.due_on, 'infinity'::date)::text || '~' || t.id AS key, t.case_id, "
    TASK_JSON " AS json FROM tasks t WHERE t.assigned_agency_id = lotse_agency() "
    "AND t.network_id = lotse_network() AND t.status = 'open' "
    "AND ($3::text IS NULL OR t.assignee = $3) "
    "AND ($4::text IS NULL OR coalesce(t.due_on < lotse_day(now()), false)) "
    "AND ($5::text IS NULL OR t.kind = $5) "
    /* by due date, overdue first; after the cursor "date~id" (see ACTION_ITEMS) */
    "AND (coalesce(t.due_on, 'infinity'::date), t.id) > (coalesce(split_part($1, '~', 1)::date, '-infinity'), "
    "  coalesce(split_part($1, '~', 2)::uuid, '00000000-0000-0000-0000-000000000000')) "
    "ORDER BY coalesce(t.due_on, 'infinity'::date), t.id LIMIT $2::int",
    5};

const db_stmt_t REMINDER_RUN = {
    "reminder_run",
    "SELECT created, closed, announced FROM lotse_generate_reminders($1::uuid, $2::int, $3::interval)",
    3};
