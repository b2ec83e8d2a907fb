/* harness.h - what the integration tests share: the lotse process under
 * test, an HTTP client (libcurl), tokens, JWT signing done independently
 * of the server (OpenSSL), and SQL access to the test cluster. */
#ifndef LOTSE_TEST_HARNESS_H
#define LOTSE_TEST_HARNESS_H

#include <check.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <sys/types.h>

#define RBK_NETWORK "a0000000-0000-4000-8000-000000000001"
#define KI_AGENCY "b0000000-0000-4000-8000-000000000001"
#define JOBCENTER_AGENCY "b0000000-0000-4000-8000-000000000003"
#define CARITAS_AGENCY "b0000000-0000-4000-8000-000000000007"
#define TEST_JWT_SECRET "test-only-hs256-secret-of-sufficient-length-0123456789"

typedef struct http_resp {
    long status;
    char *body;      /* NUL-terminated */
    json_t *json;    /* parsed body or NULL */
    char *headers;   /* raw header block */
} http_resp_t;

/* Starts build/lotse on a free port with the test configuration plus
 * extra_env ("NAME=value" strings, NULL-terminated, may be NULL); waits
 * for /healthz.  Returns the pid; the base URL goes into base (64 bytes). */
pid_t server_start(const char *const *extra_env, char *base);

/* SIGTERM and wait; returns the exit status (or -1). */
int server_stop(pid_t pid);

/* The base URL of the shared server started by main. */
extern char g_base[64];

/* One request to g_base + path. token may be NULL; content_type defaults
 * to application/json when body is set; extra is a NULL-terminated list
 * of "Header: value" lines (may be NULL).  Caller frees with http_free. */
http_resp_t *http(const char *method, const char *path, const char *token, const char *body,
                  const char *const *extra);
/* The same against another base URL and with an explicit content type. */
http_resp_t *http_to(const char *base, const char *method, const char *path, const char *token,
                     const char *content_type, const char *body, size_t body_len,
                     const char *const *extra);
void http_free(http_resp_t *r);

/* Value of a response header (case-insensitive name), malloc'd or NULL. */
char *resp_header_value(const http_resp_t *r, const char *name);

/* String member of the JSON body, or NULL. */
const char *jstr(const http_resp_t *r, const char *key);

/* Is r a 4xx problem whose errors[] names the member at pointer ("/a/b")? */
int refuses_member(const http_resp_t *r, const char *pointer);

/* Access token of a client (client_secret_post), aborting the test on failure. */
char *token_for(const char *client_id, const char *secret);
/* Token of a demo client: secret is "<client_id>-secret". */
char *demo_token(const char *client_id);

/* Runs cmd in a shell; its standard output (the first outlen-1 bytes) into
 * out; returns its exit status (-1 when it did not exit). */
int shell_output(const char *cmd, char *out, size_t outlen);

/* "If-Match: <ETag>" of GET path as token (asserted 200 with an ETag),
 * for a conditional write; malloc'd. */
char *if_match_of(const char *path, const char *token);

/* Compact JWS over header.payload: alg "HS256" (key = secret bytes),
 * "RS256" / "ES256" (key = PEM private key path), "none" (no signature).
 * Returns a malloc'd token. */
char *jwt_sign(const char *alg, const char *header_json, const char *payload_json,
               const char *key);

/* A valid payload for the test issuers with exp an hour ahead. */
char *claims_json(const char *iss, const char *extra_members);

/* Runs SQL on the test cluster as the superuser (bypasses RLS) or as the
 * service role (DATABASE_URL); returns the first column of the first row
 * (malloc'd, "" for none) or NULL on error. */
char *sql_super(const char *sql);
/* What a true count n of a cell whose key is 0 is published as (the
 * server's default perturbation table: D 2, V 1): tests set the record
 * keys of their hand-made networks to 0 to know every published count. */
long published_key0(long n);
/* The integer value of the printf-formatted statement (superuser), asserted to answer. */
long sql_count(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* sql_super of a printf-formatted statement (at most 2 KB; malloc'd). */
char *sqlf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* sql_super's value, asserted to exist and not to be empty (malloc'd). */
char *sql_one(const char *sql);
char *sql_app(const char *sql, char *error, size_t errlen);

/* Runs deploy/pg-local.sh CMD on the test cluster; returns exit status. */
int pg_ctl_cluster(const char *cmd);

/* Onboards a fresh network through the API; fills its id (40 bytes), the
 * token of its bootstrap client (malloc'd) and its office's agency id. */
void new_network(char *id, char **token, char *agency);

/* A token signed with the test HS256 secret for the given roles (JSON
 * array text), agency and network (either may be NULL). */
char *signed_token(const char *roles, const char *agency, const char *network);

/* Random lowercase hex string of n characters into out (n+1 bytes). */
void random_hex(char *out, size_t n);

/* Suites, one per file. */
Suite *suite_router(void);
Suite *suite_json_in(void);
Suite *suite_claims(void);
Suite *suite_openapi(void);
Suite *suite_problem_de(void);
Suite *suite_ckm(void);
Suite *suite_ops(void);
Suite *suite_auth(void);
Suite *suite_token(void);
Suite *suite_limits(void);
Suite *suite_networks(void);
Suite *suite_municipalities(void);
Suite *suite_agencies(void);
Suite *suite_api_clients(void);
Suite *suite_database(void);
Suite *suite_process(void);
Suite *suite_cases(void);
Suite *suite_case_data(void);
Suite *suite_gdpr(void);
Suite *suite_referrals(void);
Suite *suite_offers(void);
Suite *suite_conferences(void);
Suite *suite_statistics(void);
Suite *suite_barriers(void);
Suite *suite_webhooks(void);
Suite *suite_contract(void);
Suite *suite_authz(void);
Suite *suite_events(void);
Suite *suite_readme(void);
Suite *suite_if_match(void);
Suite *suite_revocation(void);
Suite *suite_audit_matrix(void);
Suite *suite_lengths(void);
Suite *suite_hygiene(void);
Suite *suite_sideways(void);
Suite *suite_disclosure(void);
Suite *suite_retention(void);
Suite *suite_person_search(void);
Suite *suite_handovers(void);
Suite *suite_person_links(void);
Suite *suite_households(void);
Suite *suite_documents(void);
Suite *suite_tasks(void);
Suite *suite_feeds(void);
Suite *suite_assignments(void);
Suite *suite_imports(void);

#endif
