/* case_fixture.h - building blocks of the case tests: demo agencies,
 * creating a case with full personal data, granting consents. */
#ifndef LOTSE_TEST_CASE_FIXTURE_H
#define LOTSE_TEST_CASE_FIXTURE_H

#include "harness.h"

#define AWO_AGENCY "b0000000-0000-4000-8000-000000000008"
#define JMD_AGENCY "b0000000-0000-4000-8000-000000000009"
#define MBE_AGENCY "b0000000-0000-4000-8000-000000000010"

/* Tokens (each malloc'd) of the demo Jobcenter, Caritas, AWO and MBE, the
 * agencies the case tests act as; demo_team_free frees all four. */
void demo_team(char **jobcenter, char **caritas, char **awo, char **mbe);
void demo_team_free(char *jobcenter, char *caritas, char *awo, char *mbe);

/* A case body with person and residence data; marker goes into the names. */
char *case_body(const char *marker);

/* Creates a case with token (its agency leads); returns the id (malloc'd). */
char *create_case(const char *token, const char *marker);

/* Grants a consent on case_id to agency for categories (JSON array text),
 * valid_until may be NULL; returns the consent id (malloc'd). */
char *grant(const char *lead_token, const char *case_id, const char *agency,
            const char *categories, const char *valid_until);

/* Status of method path with token (and optional JSON body); an update,
 * action or delete sends If-Match with the version token reads now (a
 * version no resource has when it reads none), never "*". */
long status_of(const char *method, const char *path, const char *token, const char *body);

/* "/v1/cases/<id><suffix>" in a static buffer per call site. */
char *case_path(char *buf, size_t n, const char *id, const char *suffix);

/* A case of the Jobcenter with every kind of case-bound object: an
 * analysis and a journal entry and a barrier by Caritas (consent for every
 * category), a goal, a requested and an accepted referral to Caritas, a
 * scheduled conference with Caritas, a plan document of the Jobcenter and
 * its follow-up for Caritas, the Jobcenter's team assigned.  marker goes into the names, the
 * referral reasons and the conference agenda. */
typedef struct full_case {
    char case_id[40], consent[40], analysis[40], goal[40], entry[40], barrier[40];
    char referral[40], accepted[40], conference[40], document[40], task[40], assignment[40];
} full_case_t;
void full_case(full_case_t *f, const char *jobcenter, const char *caritas, const char *marker);

/* A birth date "19YY-MM-DD" of its own for a test run (so that other runs'
 * people stay out of its name searches), into out (16 bytes). */
void random_birth_date(char *out);

/* A caseworker token of the office of a network that receives handovers in
 * the tests (made on first use in this process; static, not freed). */
const char *receiving_token(void);

/* A consent of case_id (led by the agency of lead) naming that network for
 * identity and residence and, unless consent_only, a handover offered under
 * it: the handover's (or with consent_only the consent's) id into out (40
 * bytes). */
void handover_fixture(const char *lead, const char *case_id, int consent_only, char *out);

struct route;
/* A route pattern under /v1/cases/{id}, /v1/referrals/{id} (the accepted
 * referral) or /v1/conferences/{id} filled with f's ids (a missing id for
 * a decision); 0 for other routes. */
int full_case_path(const full_case_t *f, const char *tpl, char *out, size_t n);

/* The documented example body of route rt in the document doc, "{}" for
 * a body without one, NULL for none; malloc'd. */
char *doc_example(json_t *doc, const struct route *rt);

/* The same for an operation object of the document. */
char *op_example(json_t *op);

#endif
