/* case_json.h - a case's JSON as one caller may see it, for the SQL of
 * cases and of what carries a case elsewhere (handovers). */
#ifndef LOTSE_DB_CASE_JSON_H
#define LOTSE_DB_CASE_JSON_H

/* The categories the caller's agency sees of case `alias`: all for the
 * lead, the union of its active consents otherwise, NULL for none.  The
 * same rule as lotse_case_categories() (which row-level security uses):
 * the one consent rule lotse_consent_in_force() (migration 0014), inlined
 * so that it is planned with the statement (measured 1.4x faster than
 * calling the PL/pgSQL function per row). */
#define CATEGORIES_OF(alias)                                                                    \
    "CASE WHEN " alias ".lead_agency_id = lotse_agency() "                                      \
    "THEN ARRAY['identity', 'residence', 'potential', 'plan', 'journal'] "                      \
    "ELSE (SELECT array_agg(DISTINCT cat ORDER BY cat) FROM consents kc, "                      \
    "unnest(kc.categories) AS cat WHERE kc.case_id = " alias ".id "                              \
    "AND lotse_consent_in_force(kc, lotse_agency())) END"

/* case c's categories as k.cats; OFFSET 0 keeps the planner from copying
 * the expression into every use of k.cats */
#define CATS "LATERAL (SELECT " CATEGORIES_OF("c") " AS cats OFFSET 0) k"

/* The JSON of case c for a caller who sees k.cats; person and residence
 * are left out entirely when their category is not among them, the target
 * group (it tells the residence situation: asylum seeker, recognised
 * refugee) without residence, the fields of action (health, ...) without
 * the plan (the personal-data map, migration 0016). */
#define CASE_JSON                                                                               \
    "(left(json_build_object('id', c.id, 'reference', c.reference, "                            \
    "'lead_agency_id', c.lead_agency_id, 'case_manager', c.case_manager, 'status', c.status, "  \
    "'closure_reason', c.closure_reason, 'closed_at', lotse_ts(c.closed_at), "                  \
    "'categories', k.cats, 'anonymized', c.anonymized_at IS NOT NULL, "                         \
    "'version', c.version, 'created_at', lotse_ts(c.created_at), "                              \
    "'updated_at', lotse_ts(c.updated_at))::text, -1) "                                         \
    "|| CASE WHEN c.lead_agency_id = lotse_agency() THEN ', \"external_reference\" : ' "         \
    "|| coalesce(to_json(c.external_reference)::text, 'null') ELSE '' END "                                       \
    "|| CASE WHEN 'residence' = ANY(k.cats) THEN ', \"target_group\" : ' "                     \
    "|| to_json(c.target_group)::text ELSE '' END "                                             \
    "|| CASE WHEN 'plan' = ANY(k.cats) THEN ', \"fields_of_action\" : ' "                      \
    "|| to_json(c.fields_of_action)::text ELSE '' END "                                         \
    "|| CASE WHEN 'identity' = ANY(k.cats) THEN ', \"person\" : ' || json_build_object("       \
    "'first_name', c.first_name, 'last_name', c.last_name, 'birth_date', c.birth_date, "        \
    "'birth_year', c.birth_year, 'gender', c.gender, 'nationality', c.nationality, "            \
    "'languages', c.languages, 'contact', json_build_object('phone', c.phone, "                 \
    "'email', c.email, 'address', c.address))::text ELSE '' END "                               \
    "|| CASE WHEN 'residence' = ANY(k.cats) THEN ', \"residence\" : ' || json_build_object("   \
    "'status', c.residence_status, 'expires_on', c.residence_expires_on, "                      \
    "'arrival_date', c.arrival_date, 'municipality_ags', c.municipality_ags, "                  \
    "'accommodation', c.accommodation)::text ELSE '' END || '}')"

#endif
