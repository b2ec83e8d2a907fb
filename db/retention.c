/* retention.c - SQL for retention runs; see retention.h. */
#include "retention.h"

const db_stmt_t MAINT_NETWORKS = {
    "maint_networks", "SELECT id FROM networks WHERE lotse_is_platform() ORDER BY id", 0};

const db_stmt_t MAINT_AGENCIES = {
    "maint_agencies", "SELECT id FROM agencies WHERE network_id = lotse_network() ORDER BY id", 0};

const db_stmt_t MAINT_CASE_DUE = {
    "maint_case_due",
    "SELECT c.id FROM cases c WHERE c.network_id = lotse_network() "
    "AND c.lead_agency_id = lotse_agency() AND c.status = 'closed' AND c.anonymized_at IS NULL "
    "AND c.closed_at < now() - make_interval(days => $1::int) "
    "ORDER BY c.closed_at LIMIT 1 FOR UPDATE SKIP LOCKED",
    1};

const db_stmt_t MAINT_AUDIT_UPKEEP = {
    "maint_audit_upkeep",
    "SELECT array_to_string(created, ',') AS created, dropped, busy "
    "FROM lotse_audit_upkeep($1::int, $2::int)",
    2};

const db_stmt_t MAINT_PRUNE_IMPORTS = {
    "maint_prune_imports", "SELECT lotse_prune_imports($1::int) AS gone", 1};

const db_stmt_t MAINT_PRUNE = {
    "maint_prune", "SELECT events, deliveries FROM lotse_prune($1::int, $2::int, $3::int)", 3};
