/* conferences.c - SQL for case conferences; see conferences.h.  Minutes
 * appear only for agencies that see the case's journal, decisions only
 * for those that see its plan (row-level security on the decisions). */
#include "conferences.h"

#define DECISIONS_OF(conf)                                                                       \
    "(SELECT coalesce(json_agg(json_build_object('id', d.id, 'text', d.text, "                  \
    "'responsible_agency_id', d.responsible_agency_id, 'due_on', d.due_on, 'status', d.status, " \
    "'overdue', coalesce(d.status = 'open' AND d.due_on < current_date, false), 'goal_id', d.goal_id, "          \
    "'version', d.version) ORDER BY d.created_at), '[]') FROM conference_decisions d "          \
    "WHERE d.conference_id = " conf ")"

#define CONFERENCE_JSON                                                                          \
    "(left(json_build_object('id', c.id, 'case_id', c.case_id, "                                 \
    "'case_reference', (SELECT k.reference FROM cases k WHERE k.id = c.case_id), "               \
    "'organiser_agency_id', c.organiser_agency_id, 'starts_at', lotse_ts(c.starts_at), "         \
    "'ends_at', lotse_ts(c.ends_at), "                                                           \
    "'place', CASE WHEN lotse_sees(c.case_id, 'identity') THEN c.place END, "                    \
    "'online_url', CASE WHEN lotse_sees(c.case_id, 'identity') THEN c.online_url END, "          \
    "'agenda', CASE WHEN lotse_sees(c.case_id, 'plan') THEN c.agenda END, "                      \
    "'person_attends', c.person_attends, "                                                       \
    "'household_id', CASE WHEN lotse_sees(c.case_id, 'identity') THEN c.household_id END, "      \
    "'interpreter_language', CASE WHEN lotse_sees(c.case_id, 'identity') "                       \
    "THEN c.interpreter_language END, 'status', c.status, "                                      \
    "'cancel_reason', CASE WHEN lotse_sees(c.case_id, 'plan') THEN c.cancel_reason END, "        \
    "'sequence', c.sequence, 'held_at', lotse_ts(c.held_at), "                                   \
    "'participants', (SELECT json_agg(json_build_object('agency_id', p.agency_id, "             \
    "'role', p.role, 'answer', p.answer, 'answer_note', CASE WHEN lotse_sees(c.case_id, 'plan') " \
    "THEN p.answer_note END, 'attended', p.attended) "                                           \
    "ORDER BY p.agency_id) FROM conference_participants p WHERE p.conference_id = c.id), "       \
    "'version', c.version, 'created_at', lotse_ts(c.created_at), "                               \
    "'updated_at', lotse_ts(c.updated_at))::text, -1) "                                          \
    "|| CASE WHEN lotse_sees(c.case_id, 'journal') THEN ', \"minutes\" : ' "                     \
    "|| coalesce(to_json(c.minutes)::text, 'null') || ', \"corrections\" : ' || (SELECT coalesce(json_agg("  \
    "json_build_object('subject', x.subject, 'previous', x.previous, "                           \
    "'corrected_at', lotse_ts(x.corrected_at), 'corrected_by', x.corrected_by) ORDER BY x.id), " \
    "'[]') FROM conference_corrections x WHERE x.conference_id = c.id "                          \
    /* a decision's earlier text is plan data, the minutes' journal data */                      \
    "AND (x.subject = 'minutes' OR lotse_sees(c.case_id, 'plan')))::text ELSE '' END "           \
    "|| CASE WHEN lotse_sees(c.case_id, 'plan') THEN ', \"decisions\" : ' || "                   \
    DECISIONS_OF("c.id") "::text ELSE '' END || '}')"

const db_stmt_t CONF_CREATE = {
    "conf_create",
    "INSERT INTO conferences AS c (network_id, case_id, organiser_agency_id, starts_at, ends_at, "
    "place, online_url, agenda, person_attends, interpreter_language, created_by, household_id) "
    "SELECT lotse_network(), (p->>'case_id')::uuid, lotse_agency(), (p->>'starts_at')::timestamptz, "
    "(p->>'ends_at')::timestamptz, p->>'place', p->>'online_url', p->>'agenda', "
    "coalesce((p->>'person_attends')::boolean, false), p->>'interpreter_language', $2, "
    "(p->>'household_id')::uuid FROM (SELECT $1::jsonb AS p) s "
    /* a household's conference is held on a member's case */
    "WHERE p->>'household_id' IS NULL OR EXISTS (SELECT 1 FROM household_members m "
    "  WHERE m.case_id = (p->>'case_id')::uuid AND m.household_id = (p->>'household_id')::uuid) "
    "RETURNING c.id, c.network_id",
    2};

const db_stmt_t CONF_ADD_PARTICIPANTS = {
    "conf_add_participants",
    "INSERT INTO conference_participants (conference_id, network_id, agency_id, role) "
    "SELECT $1::uuid, lotse_network(), (e->>'agency_id')::uuid, e->>'role' "
    "FROM jsonb_array_elements($2::jsonb) e",
    2};

const db_stmt_t CONF_WITHOUT_CONSENT = {
    "conf_without_consent",
    "SELECT string_agg(a, ', ' ORDER BY a) AS agencies FROM jsonb_array_elements_text($2::jsonb) a "
    "WHERE lotse_case_categories($1::uuid, a::uuid) IS NULL",
    2};

const db_stmt_t CONF_SET_SLOTS = {
    "conf_set_slots",
    "INSERT INTO conference_slots (network_id, conference_id, agency_id, starts_at, ends_at) "
    "SELECT c.network_id, c.id, a.agency_id, c.starts_at, c.ends_at FROM conferences c, "
    "LATERAL (SELECT c.organiser_agency_id AS agency_id UNION SELECT p.agency_id "
    "FROM conference_participants p WHERE p.conference_id = c.id) a "
    "WHERE c.id = $1::uuid AND c.status = 'scheduled' "
    "ON CONFLICT (conference_id, agency_id) DO UPDATE SET starts_at = EXCLUDED.starts_at, "
    "ends_at = EXCLUDED.ends_at",
    1};

const db_stmt_t CONF_CLEAR_SLOTS = {
    "conf_clear_slots", "DELETE FROM conference_slots WHERE conference_id = $1::uuid", 1};

const db_stmt_t CONF_OVERLAPS = {
    "conf_overlaps",
    /* only the overlap with this conference: the times of other cases' conferences stay unknown */
    "SELECT coalesce(json_agg(json_build_object('agency_id', s.agency_id, "
    "'starts_at', lotse_ts(greatest(s.starts_at, mine.starts_at)), "
    "'ends_at', lotse_ts(least(s.ends_at, mine.ends_at))) "
    "ORDER BY s.agency_id, s.starts_at), '[]')::text AS warnings "
    "FROM conference_slots s JOIN conference_slots mine ON mine.agency_id = s.agency_id "
    "WHERE mine.conference_id = $1::uuid AND s.conference_id <> $1::uuid "
    "AND s.network_id = lotse_network() AND s.starts_at < mine.ends_at AND s.ends_at > mine.starts_at",
    1};

const db_stmt_t CONF_GET = {
    "conf_get",
    "SELECT c.version, c.status, c.organiser_agency_id = lotse_agency() AS is_organiser, "
    "c.held_at IS NOT NULL AND c.held_at < now() - interval '24 hours' AS late, c.case_id, "
    CONFERENCE_JSON " AS json FROM conferences c "
    "WHERE c.network_id = lotse_network() AND c.id = $1::uuid",
    1};

const db_stmt_t CONF_LIST = {
    "conf_list",
    "SELECT lotse_ts(c.starts_at) || '~' || c.id AS key, c.case_id, "
    CONFERENCE_JSON " AS json FROM conferences c WHERE c.network_id = lotse_network() "
    "AND ($1::uuid IS NULL OR c.case_id = $1::uuid) "
    "AND ($2::timestamptz IS NULL OR c.ends_at > $2::timestamptz) "
    "AND ($3::timestamptz IS NULL OR c.starts_at < $3::timestamptz) "
    /* in index order (network, start, id) after the cursor's start $4 and id $6 (plain
     * parameters: an expression like coalesce() counts as leaky under row-level security
     * and would not bound the index scan) */
    "AND (c.starts_at, c.id) > ($4::timestamptz, $6::uuid) "
    "ORDER BY c.starts_at, c.id LIMIT $5::int",
    6};

const db_stmt_t CONF_ANSWER = {
    "conf_answer",
    "UPDATE conference_participants AS p SET answer = $2, answer_note = $3 FROM conferences c "
    "WHERE p.conference_id = $1::uuid AND p.agency_id = lotse_agency() AND c.id = p.conference_id "
    "AND c.status = 'scheduled' RETURNING p.conference_id AS id, p.network_id",
    3};

const db_stmt_t CONF_RESCHEDULE = {
    "conf_reschedule",
    "UPDATE conferences AS c SET starts_at = (p->>'starts_at')::timestamptz, "
    "ends_at = (p->>'ends_at')::timestamptz, "
    "place = CASE WHEN p ? 'place' THEN p->>'place' ELSE c.place END, "
    "online_url = CASE WHEN p ? 'online_url' THEN p->>'online_url' ELSE c.online_url END, "
    "sequence = c.sequence + 1, version = c.version + 1, updated_at = now() "
    "FROM (SELECT $2::jsonb AS p) s WHERE c.network_id = lotse_network() AND c.id = $1::uuid "
    "AND c.organiser_agency_id = lotse_agency() AND c.status = 'scheduled' "
    "AND ($3::int IS NULL OR c.version = $3::int) RETURNING c.id, c.network_id",
    3};

const db_stmt_t CONF_RESET_ANSWERS = {
    "conf_reset_answers",
    "UPDATE conference_participants SET answer = 'pending', answer_note = NULL "
    "WHERE conference_id = $1::uuid",
    1};

const db_stmt_t CONF_CANCEL = {
    "conf_cancel",
    "UPDATE conferences AS c SET status = 'cancelled', cancel_reason = $2, "
    "sequence = c.sequence + 1, version = c.version + 1, updated_at = now() "
    "WHERE c.network_id = lotse_network() AND c.id = $1::uuid "
    "AND c.organiser_agency_id = lotse_agency() AND c.status = 'scheduled' "
    "AND ($3::int IS NULL OR c.version = $3::int) RETURNING c.id, c.network_id",
    3};

const db_stmt_t CONF_HOLD = {
    "conf_hold",
    "UPDATE conferences AS c SET status = 'held', held_at = now(), minutes = $2, "
    "version = c.version + 1, updated_at = now() "
    "WHERE c.network_id = lotse_network() AND c.id = $1::uuid "
    "AND c.organiser_agency_id = lotse_agency() AND c.status = 'scheduled' "
    "AND ($3::int IS NULL OR c.version = $3::int) RETURNING c.id, c.network_id",
    3};

const db_stmt_t CONF_ATTENDANCE = {
    "conf_attendance",
    "UPDATE conference_participants AS p SET attended = (e->>'attended')::boolean "
    "FROM jsonb_array_elements($2::jsonb) e WHERE p.conference_id = $1::uuid "
    "AND p.agency_id = (e->>'agency_id')::uuid RETURNING p.agency_id",
    2};

const db_stmt_t CONF_ADD_DECISION = {
    "conf_add_decision",
    "INSERT INTO conference_decisions (network_id, conference_id, case_id, text, "
    "responsible_agency_id, due_on, goal_id) SELECT lotse_network(), $1::uuid, $2::uuid, "
    "p->>'text', (p->>'responsible_agency_id')::uuid, (p->>'due_on')::date, $4::uuid "
    "FROM (SELECT $3::jsonb AS p) s RETURNING id, network_id",
    4};

const db_stmt_t CONF_KEEP_CORRECTION = {
    "conf_keep_correction",
    "INSERT INTO conference_corrections (network_id, conference_id, case_id, subject, previous, "
    "corrected_by) SELECT c.network_id, c.id, c.case_id, $2, "
    "CASE WHEN $2 = 'minutes' THEN c.minutes ELSE (SELECT d.text FROM conference_decisions d "
    "WHERE d.id::text = substr($2, 10)) END, $3 FROM conferences c WHERE c.id = $1::uuid",
    3};

const db_stmt_t CONF_SET_MINUTES = {
    "conf_set_minutes",
    "UPDATE conferences AS c SET minutes = $2, version = c.version + 1, updated_at = now() "
    "WHERE c.network_id = lotse_network() AND c.id = $1::uuid AND c.status = 'held' "
    "AND c.organiser_agency_id = lotse_agency() AND ($3::int IS NULL OR c.version = $3::int) "
    "RETURNING c.id, c.network_id",
    3};

const db_stmt_t DECISION_UPDATE = {
    "decision_update",
    "UPDATE conference_decisions AS d SET text = coalesce(p->>'text', d.text), "
    "status = coalesce(p->>'status', d.status), "
    "due_on = CASE WHEN p ? 'due_on' THEN (p->>'due_on')::date ELSE d.due_on END, "
    "version = d.version + 1, updated_at = now() FROM (SELECT $3::jsonb AS p) s "
    "WHERE d.network_id = lotse_network() AND d.conference_id = $1::uuid AND d.id = $2::uuid "
    "AND (d.responsible_agency_id = lotse_agency() OR EXISTS (SELECT 1 FROM conferences c "
    "  WHERE c.id = d.conference_id AND c.organiser_agency_id = lotse_agency())) "
    "RETURNING d.id, d.network_id",
    3};

const db_stmt_t ACTION_ITEMS = {
    "action_items",
    "SELECT coalesce(d.due_on, 'infinity'::date)::text || '~' || d.id AS key, d.case_id, "
    "json_build_object('id', d.id, 'conference_id', d.conference_id, 'case_id', d.case_id, "
    "'text', d.text, 'due_on', d.due_on, 'status', d.status, "
    "'overdue', coalesce(d.due_on < current_date, false), 'goal_id', d.goal_id, 'version', d.version)::text AS json "
    "FROM conference_decisions d WHERE d.network_id = lotse_network() "
    "AND d.responsible_agency_id = lotse_agency() AND d.status = 'open' "
    /* by due date, so overdue first; after the cursor "date~id" (no cursor: after the least key, so
     * that the condition reads the index in either plan, custom or generic) */
    "AND (coalesce(d.due_on, 'infinity'::date), d.id) > (coalesce(split_part($1, '~', 1)::date, '-infinity'), "
    "  coalesce(split_part($1, '~', 2)::uuid, '00000000-0000-0000-0000-000000000000')) "
    "ORDER BY coalesce(d.due_on, 'infinity'::date), d.id LIMIT $2::int",
    2};

const db_stmt_t CONF_CALENDAR = {
    "conf_calendar",
    "SELECT c.id, c.sequence, c.status, to_char(c.starts_at AT TIME ZONE 'UTC', "
    "'YYYYMMDD\"T\"HH24MISS\"Z\"') AS dtstart, to_char(c.ends_at AT TIME ZONE 'UTC', "
    "'YYYYMMDD\"T\"HH24MISS\"Z\"') AS dtend, to_char(c.updated_at AT TIME ZONE 'UTC', "
    "'YYYYMMDD\"T\"HH24MISS\"Z\"') AS stamp, coalesce((SELECT k.reference FROM cases k "
    "WHERE k.id = c.case_id), 'Fallkonferenz') AS reference, "
    /* place and link may name where the person lives: only with identity */
    "CASE WHEN lotse_sees(c.case_id, 'identity') THEN c.place END AS place, "
    "CASE WHEN lotse_sees(c.case_id, 'identity') THEN c.online_url END AS online_url, "
    "(SELECT a.name FROM agencies a WHERE a.id = c.organiser_agency_id) AS organiser, c.case_id "
    "FROM conferences c WHERE c.network_id = lotse_network() "
    "AND ($1::uuid IS NULL OR c.id = $1::uuid) "
    "AND c.starts_at > now() - interval '180 days' ORDER BY c.starts_at LIMIT 1000",
    1};
