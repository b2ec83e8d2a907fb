/* config.h - settings from the environment (LOTSE_* and DATABASE_URL). */
#ifndef LOTSE_CONFIG_H
#define LOTSE_CONFIG_H

#include "ckm.h"

#include <stddef.h>

#define MAX_TRUSTED_ISSUERS 8

#define MAX_ISSUER_NETWORKS 16

typedef struct trusted_issuer {
    char *issuer;   /* iss claim value */
    char *alg;      /* "RS256" or "ES256": pinned, never taken from the token */
    char *key_path; /* PEM public key */
    unsigned roles; /* ROLE_* bits its tokens may assert ("roles="; default: caseworker,
                     * agency_admin, coordinator, auditor; never ministry or platform_admin
                     * unless listed) */
    char networks[MAX_ISSUER_NETWORKS][37]; /* "networks=": the networks its tokens may name */
    int n_networks;                          /* 0: any network */
} trusted_issuer_t;

typedef struct config {
    char *listen;             /* LOTSE_LISTEN, IPv4/IPv6 literal */
    int port;                 /* LOTSE_PORT */
    char *database_url;       /* DATABASE_URL: the service role */
    char *migration_url;      /* LOTSE_MIGRATION_DATABASE_URL: the owning role, optional */
    char *read_url;           /* DATABASE_READ_URL: a streaming replica for statistics, optional */
    int threads;              /* LOTSE_THREADS: HTTP workers, one DB connection each */
    int max_connections;      /* LOTSE_MAX_CONNECTIONS: concurrent HTTP connections */
    size_t max_body;          /* LOTSE_MAX_BODY_BYTES */
    size_t max_header;        /* LOTSE_MAX_HEADER_BYTES */
    size_t max_document;      /* LOTSE_DOCUMENT_MAX_BYTES: one uploaded file (default 20 MiB) */
    int max_uploads;          /* LOTSE_MAX_UPLOADS: uploads spooled at once by one instance */
    char *document_types;     /* LOTSE_DOCUMENT_TYPES: media types accepted, as libmagic names
                               * them, comma-separated */
    char *document_scanner;   /* LOTSE_DOCUMENT_SCANNER: "unix:/path" or "tcp:host:port" of a
                               * clamd (INSTREAM), "" none */
    int json_max_depth;       /* LOTSE_JSON_MAX_DEPTH */
    int max_string;           /* LOTSE_MAX_STRING_LENGTH (characters) */
    int conn_timeout;         /* LOTSE_CONNECTION_TIMEOUT seconds */
    int statement_timeout;    /* LOTSE_STATEMENT_TIMEOUT_MS: longest database statement */
    int prepared_statements;  /* LOTSE_PREPARED_STATEMENTS: prepared per connection, beyond unnamed */
    int shutdown_grace;       /* LOTSE_SHUTDOWN_GRACE seconds */
    char *jwt_secret;         /* LOTSE_JWT_SECRET: HS256, >= 32 bytes */
    char *jwt_issuer;         /* LOTSE_JWT_ISSUER */
    char *jwt_audience;       /* LOTSE_JWT_AUDIENCE */
    int token_ttl;            /* LOTSE_TOKEN_TTL seconds */
    int jwt_leeway;           /* LOTSE_JWT_LEEWAY seconds of clock skew */
    int jwt_max_lifetime;     /* LOTSE_JWT_MAX_LIFETIME: longest exp - iat of a trusted issuer's token */
    int jwt_cache;            /* LOTSE_JWT_CACHE: 1 caches verified tokens per thread (default) */
    trusted_issuer_t issuers[MAX_TRUSTED_ISSUERS]; /* LOTSE_JWT_TRUSTED_ISSUERS */
    int n_issuers;
    char *cors_origins;       /* LOTSE_CORS_ORIGINS: comma list, "" = none */
    int retention_days;       /* LOTSE_RETENTION_DAYS: closed cases are anonymized after */
    int audit_retention_months; /* LOTSE_AUDIT_RETENTION_MONTHS: the audit log's months kept */
    int event_retention_days; /* LOTSE_EVENT_RETENTION_DAYS: events are deleted after */
    int webhook_retention_days; /* LOTSE_WEBHOOK_RETENTION_DAYS: finished deliveries are deleted after */
    double rate_feed;         /* LOTSE_CALENDAR_FEED_PER_MIN: polls of one calendar feed a minute */
    int import_retention_days; /* LOTSE_IMPORT_RETENTION_DAYS: import reports are deleted after */
    int reminder_days;        /* LOTSE_REMINDER_DAYS: how far ahead expiries and due dates remind */
    int reminder_interval;    /* LOTSE_REMINDER_INTERVAL_S: each instance's reminder run (0: only
                               * `lotse maintenance`) */
    int anonymity_k;          /* LOTSE_ANONYMITY_K: anonymized cases share their remaining
                               * quasi-identifiers with at least k-1 others */
    ckm_table_t stats_table;  /* the statistics' perturbation table: LOTSE_STATS_MAX_DEVIATION (D),
                               * LOTSE_STATS_VARIANCE (V) */
    int log_level;            /* LOTSE_LOG_LEVEL: 0 debug .. 3 error */
    double rate_client;       /* LOTSE_RATE_CLIENT_PER_S: requests of one API client (0: no limit) */
    double rate_client_burst; /* LOTSE_RATE_CLIENT_BURST */
    double rate_address;      /* LOTSE_RATE_ADDRESS_PER_S: requests from one source address */
    double rate_address_burst; /* LOTSE_RATE_ADDRESS_BURST */
    int token_failures;       /* LOTSE_TOKEN_FAILURES_PER_MIN: failed token requests of an address */
    char *address_header;     /* LOTSE_CLIENT_ADDRESS_HEADER: e.g. X-Forwarded-For behind a proxy */
    int webhook_allow_loopback; /* LOTSE_WEBHOOK_ALLOW_LOOPBACK: loopback targets, http there (development) */
    int webhook_allow_private;  /* LOTSE_WEBHOOK_ALLOW_PRIVATE: private and link-local targets */
    char *metrics_token;        /* LOTSE_METRICS_TOKEN: bearer token of GET /metrics (else loopback only) */
    char *webhook_ports;        /* LOTSE_WEBHOOK_PORTS: ports targets may use ("443,8443") */
    int webhook_timeout_ms;     /* LOTSE_WEBHOOK_TIMEOUT_MS: one attempt, connecting included */
    int webhook_retry_base_ms;  /* LOTSE_WEBHOOK_RETRY_BASE_MS: first retry delay, doubling */
    int webhook_retry_window_s; /* LOTSE_WEBHOOK_RETRY_WINDOW_S: then the subscription is disabled */
} config_t;

#define CONFIG_DATABASE 1  /* require DATABASE_URL */
#define CONFIG_SERVE 3     /* require DATABASE_URL and LOTSE_JWT_SECRET */

/* Reads and validates the environment into *c.  need: 0, CONFIG_DATABASE or
 * CONFIG_SERVE, what the subcommand requires.  On an invalid value writes
 * "lotse: NAME: reason" into err (errlen bytes) and returns -1.  Strings in
 * *c are heap copies that live for the process. */
int config_load(config_t *c, int need, char *err, size_t errlen);

/* The process-wide configuration, set once by main before any thread starts. */
extern config_t g_config;

#endif
