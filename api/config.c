/* config.c - parses and validates the environment; see config.h. */
#include "config.h"
#include "log.h"
#include "principal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

config_t g_config;

static char *env_str(const char *name, const char *def)
{
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0')
        v = def;
    return v ? strdup(v) : NULL;
}

static int env_long(const char *name, long def, long min, long max, long *out,
                    char *err, size_t errlen)
{
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0') {
        *out = def;
        return 0;
    }
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno != 0 || *end != '\0' || end == v || n < min || n > max) {
        snprintf(err, errlen, "lotse: %s: expected a whole number from %ld to %ld, got '%s'",
                 name, min, max, v);
        return -1;
    }
    *out = n;
    return 0;
}

/* A decimal setting in (min, max]; def when unset. */
static int env_double(const char *name, double def, double min, double max, double *out,
                      char *err, size_t errlen)
{
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0') {
        *out = def;
        return 0;
    }
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno != 0 || *end != '\0' || end == v || !(x > min) || x > max) {
        snprintf(err, errlen, "lotse: %s: expected a number above %g up to %g, got '%s'", name, min,
                 max, v);
        return -1;
    }
    *out = x;
    return 0;
}

/* The "roles=" and "networks=" options of one trusted issuer ("a+b"). */
static int issuer_option(trusted_issuer_t *t, char *opt, char *err, size_t errlen)
{
    char *save = NULL;
    if (strncmp(opt, "roles=", 6) == 0) {
        t->roles = 0;
        for (char *v = strtok_r(opt + 6, "+", &save); v; v = strtok_r(NULL, "+", &save)) {
            unsigned bit = role_bit(v);
            if (bit == 0) {
                snprintf(err, errlen, "lotse: LOTSE_JWT_TRUSTED_ISSUERS: unknown role '%s' for '%s'", v,
                         t->issuer);
                return -1;
            }
            t->roles |= bit;
        }
        return 0;
    }
    if (strncmp(opt, "networks=", 9) == 0) {
        for (char *v = strtok_r(opt + 9, "+", &save); v; v = strtok_r(NULL, "+", &save)) {
            if (strlen(v) != 36 || strspn(v, "0123456789abcdefABCDEF-") != 36 ||
                t->n_networks == MAX_ISSUER_NETWORKS) {
                snprintf(err, errlen, "lotse: LOTSE_JWT_TRUSTED_ISSUERS: networks of '%s' must be at most "
                         "%d UUIDs joined by +", t->issuer, MAX_ISSUER_NETWORKS);
                return -1;
            }
            snprintf(t->networks[t->n_networks++], 37, "%s", v);
        }
        return 0;
    }
    snprintf(err, errlen, "lotse: LOTSE_JWT_TRUSTED_ISSUERS: unknown option '%s' for '%s' "
             "(roles=a+b, networks=uuid+uuid)", opt, t->issuer);
    return -1;
}

static int parse_issuers(config_t *c, const char *spec, char *err, size_t errlen)
{
    /* "issuer=ALG:/path/key.pem[;roles=caseworker+agency_admin][;networks=uuid+uuid],..." */
    char *copy = strdup(spec), *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *opts = strchr(item, ';');
        if (opts)
            *opts++ = '\0';
        char *eq = strchr(item, '='), *colon = eq ? strchr(eq + 1, ':') : NULL;
        if (eq == NULL || colon == NULL || eq == item || c->n_issuers >= MAX_TRUSTED_ISSUERS) {
            snprintf(err, errlen, "lotse: LOTSE_JWT_TRUSTED_ISSUERS: expected "
                     "'issuer=RS256:/path/key.pem' items separated by commas (at most %d)",
                     MAX_TRUSTED_ISSUERS);
            free(copy);
            return -1;
        }
        *eq = '\0';
        *colon = '\0';
        const char *alg = eq + 1, *path = colon + 1;
        if (strcmp(alg, "RS256") != 0 && strcmp(alg, "ES256") != 0) {
            snprintf(err, errlen, "lotse: LOTSE_JWT_TRUSTED_ISSUERS: algorithm for '%s' must be "
                     "RS256 or ES256, got '%s'", item, alg);
            free(copy);
            return -1;
        }
        if (access(path, R_OK) != 0) {
            snprintf(err, errlen, "lotse: LOTSE_JWT_TRUSTED_ISSUERS: cannot read key '%s' for '%s'",
                     path, item);
            free(copy);
            return -1;
        }
        trusted_issuer_t *t = &c->issuers[c->n_issuers++];
        t->issuer = strdup(item);
        t->alg = strdup(alg);
        t->key_path = strdup(path);
        t->roles = ROLE_CASEWORKER | ROLE_AGENCY_ADMIN | ROLE_COORDINATOR | ROLE_AUDITOR;
        char *osave = NULL;
        for (char *o = opts ? strtok_r(opts, ";", &osave) : NULL; o; o = strtok_r(NULL, ";", &osave))
            if (issuer_option(t, o, err, errlen) != 0) {
                free(copy);
                return -1;
            }
    }
    free(copy);
    return 0;
}

int config_load(config_t *c, int need, char *err, size_t errlen)
{
    long n;
    memset(c, 0, sizeof *c);

    c->listen = env_str("LOTSE_LISTEN", "127.0.0.1");
    struct in6_addr a6;
    struct in_addr a4;
    if (inet_pton(AF_INET, c->listen, &a4) != 1 && inet_pton(AF_INET6, c->listen, &a6) != 1) {
        snprintf(err, errlen, "lotse: LOTSE_LISTEN: expected an IPv4 or IPv6 address, got '%s'",
                 c->listen);
        return -1;
    }
    if (env_long("LOTSE_PORT", 8080, 1, 65535, &n, err, errlen)) return -1;
    c->port = (int)n;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    /* workers block on PostgreSQL round trips: several per core keep both busy */
    long threads = ncpu > 0 ? ncpu * 8 : 16;
    if (env_long("LOTSE_THREADS", threads < 256 ? threads : 256, 1, 256, &n, err, errlen)) return -1;
    c->threads = (int)n;
    if (env_long("LOTSE_MAX_CONNECTIONS", 1024, 1, 100000, &n, err, errlen)) return -1;
    c->max_connections = (int)n;
    if (env_long("LOTSE_MAX_BODY_BYTES", 1048576, 1024, 64L * 1048576, &n, err, errlen)) return -1;
    c->max_body = (size_t)n;
    if (env_long("LOTSE_MAX_HEADER_BYTES", 16384, 4096, 1048576, &n, err, errlen)) return -1;
    c->max_header = (size_t)n;
    if (env_long("LOTSE_DOCUMENT_MAX_BYTES", 20L * 1048576, 1024, 1024L * 1048576, &n, err, errlen)) return -1;
    c->max_document = (size_t)n;
    if (env_long("LOTSE_MAX_UPLOADS", 16, 1, 1024, &n, err, errlen)) return -1;
    c->max_uploads = (int)n;
    c->document_types = env_str("LOTSE_DOCUMENT_TYPES", "application/pdf,image/png,image/jpeg,text/plain");
    c->document_scanner = env_str("LOTSE_DOCUMENT_SCANNER", "");
    if (c->document_scanner[0] && strncmp(c->document_scanner, "unix:/", 6) != 0 &&
        strncmp(c->document_scanner, "tcp:", 4) != 0) {
        snprintf(err, errlen, "lotse: LOTSE_DOCUMENT_SCANNER: expected unix:/path or tcp:host:port, got '%s'",
                 c->document_scanner);
        return -1;
    }
    if (env_long("LOTSE_JSON_MAX_DEPTH", 32, 2, 1000, &n, err, errlen)) return -1;
    c->json_max_depth = (int)n;
    if (env_long("LOTSE_MAX_STRING_LENGTH", 20000, 64, 10000000, &n, err, errlen)) return -1;
    c->max_string = (int)n;
    if (env_long("LOTSE_CONNECTION_TIMEOUT", 30, 1, 3600, &n, err, errlen)) return -1;
    c->conn_timeout = (int)n;
    if (env_long("LOTSE_STATEMENT_TIMEOUT_MS", 30000, 100, 600000, &n, err, errlen)) return -1;
    c->statement_timeout = (int)n;
    if (env_long("LOTSE_PREPARED_STATEMENTS", 512, 8, 4096, &n, err, errlen)) return -1;
    c->prepared_statements = (int)n;
    if (env_long("LOTSE_SHUTDOWN_GRACE", 10, 0, 600, &n, err, errlen)) return -1;
    c->shutdown_grace = (int)n;
    if (env_long("LOTSE_TOKEN_TTL", 900, 60, 86400, &n, err, errlen)) return -1;
    c->token_ttl = (int)n;
    if (env_long("LOTSE_JWT_MAX_LIFETIME", 3600, 60, 86400, &n, err, errlen)) return -1;
    c->jwt_max_lifetime = (int)n;
    if (env_long("LOTSE_JWT_LEEWAY", 60, 0, 600, &n, err, errlen)) return -1;
    c->jwt_leeway = (int)n;
    if (env_long("LOTSE_JWT_CACHE", 1, 0, 1, &n, err, errlen)) return -1;
    c->jwt_cache = (int)n;
    if (env_double("LOTSE_CALENDAR_FEED_PER_MIN", 6, 0.1, 600, &c->rate_feed, err, errlen)) return -1;
    if (env_long("LOTSE_IMPORT_RETENTION_DAYS", 30, 1, 3650, &n, err, errlen)) return -1;
    c->import_retention_days = (int)n;
    if (env_long("LOTSE_REMINDER_DAYS", 14, 1, 365, &n, err, errlen)) return -1;
    c->reminder_days = (int)n;
    if (env_long("LOTSE_REMINDER_INTERVAL_S", 300, 0, 86400, &n, err, errlen)) return -1;
    c->reminder_interval = (int)n;
    if (env_long("LOTSE_ANONYMITY_K", 5, 2, 100, &n, err, errlen)) return -1;
    c->anonymity_k = (int)n;
    if (env_long("LOTSE_RETENTION_DAYS", 1095, 30, 36500, &n, err, errlen)) return -1;
    c->retention_days = (int)n;
    if (env_long("LOTSE_AUDIT_RETENTION_MONTHS", 24, 1, 120, &n, err, errlen)) return -1;
    c->audit_retention_months = (int)n;
    if (env_long("LOTSE_EVENT_RETENTION_DAYS", 400, 30, 36500, &n, err, errlen)) return -1;
    c->event_retention_days = (int)n;
    if (env_long("LOTSE_WEBHOOK_RETENTION_DAYS", 30, 1, 36500, &n, err, errlen)) return -1;
    c->webhook_retention_days = (int)n;
    if (env_long("LOTSE_STATS_MAX_DEVIATION", 2, CKM_BLOCKED, CKM_MAX_D, &n, err, errlen)) return -1;
    double variance;
    if (env_double("LOTSE_STATS_VARIANCE", 1, 0, (double)(n * n), &variance, err, errlen)) return -1;
    ckm_build(&c->stats_table, (int)n, variance); /* in range: checked above */
    if (env_long("LOTSE_RATE_CLIENT_PER_S", 50, 0, 1000000, &n, err, errlen)) return -1;
    c->rate_client = (double)n;
    if (env_long("LOTSE_RATE_CLIENT_BURST", 100, 1, 1000000, &n, err, errlen)) return -1;
    c->rate_client_burst = (double)n;
    if (env_long("LOTSE_RATE_ADDRESS_PER_S", 200, 0, 1000000, &n, err, errlen)) return -1;
    c->rate_address = (double)n;
    if (env_long("LOTSE_RATE_ADDRESS_BURST", 400, 1, 1000000, &n, err, errlen)) return -1;
    c->rate_address_burst = (double)n;
    if (env_long("LOTSE_TOKEN_FAILURES_PER_MIN", 10, 0, 100000, &n, err, errlen)) return -1;
    c->token_failures = (int)n;
    if (env_long("LOTSE_WEBHOOK_ALLOW_LOOPBACK", 0, 0, 1, &n, err, errlen)) return -1;
    c->webhook_allow_loopback = (int)n;
    c->metrics_token = env_str("LOTSE_METRICS_TOKEN", "");
    c->webhook_ports = env_str("LOTSE_WEBHOOK_PORTS", "443");
    if (strspn(c->webhook_ports, "0123456789,") != strlen(c->webhook_ports) || !c->webhook_ports[0]) {
        snprintf(err, errlen, "lotse: LOTSE_WEBHOOK_PORTS: expected port numbers separated by commas");
        return -1;
    }
    if (env_long("LOTSE_WEBHOOK_ALLOW_PRIVATE", 0, 0, 1, &n, err, errlen)) return -1;
    c->webhook_allow_private = (int)n;
    if (env_long("LOTSE_WEBHOOK_TIMEOUT_MS", 5000, 100, 60000, &n, err, errlen)) return -1;
    c->webhook_timeout_ms = (int)n;
    if (env_long("LOTSE_WEBHOOK_RETRY_BASE_MS", 10000, 10, 3600000, &n, err, errlen)) return -1;
    c->webhook_retry_base_ms = (int)n;
    if (env_long("LOTSE_WEBHOOK_RETRY_WINDOW_S", 86400, 1, 604800, &n, err, errlen)) return -1;
    c->webhook_retry_window_s = (int)n;

    c->database_url = env_str("DATABASE_URL", NULL);
    c->migration_url = env_str("LOTSE_MIGRATION_DATABASE_URL", NULL);
    c->read_url = env_str("DATABASE_READ_URL", NULL);
    c->jwt_secret = env_str("LOTSE_JWT_SECRET", NULL);
    c->jwt_issuer = env_str("LOTSE_JWT_ISSUER", "lotse");
    c->jwt_audience = env_str("LOTSE_JWT_AUDIENCE", "lotse");
    c->cors_origins = env_str("LOTSE_CORS_ORIGINS", "");
    c->address_header = env_str("LOTSE_CLIENT_ADDRESS_HEADER", "");

    char *level = env_str("LOTSE_LOG_LEVEL", "info");
    c->log_level = log_level_parse(level);
    if (c->log_level < 0) {
        snprintf(err, errlen, "lotse: LOTSE_LOG_LEVEL: expected debug, info, warn or error, got '%s'",
                 level);
        free(level);
        return -1;
    }
    free(level);

    char *issuers = env_str("LOTSE_JWT_TRUSTED_ISSUERS", "");
    int rc = parse_issuers(c, issuers, err, errlen);
    free(issuers);
    if (rc)
        return -1;

    if ((need & CONFIG_DATABASE) && c->database_url == NULL) {
        snprintf(err, errlen, "lotse: DATABASE_URL: required (a libpq connection string for the "
                 "service role)");
        return -1;
    }
    if (need == CONFIG_SERVE && (c->jwt_secret == NULL || strlen(c->jwt_secret) < 32)) {
        snprintf(err, errlen, "lotse: LOTSE_JWT_SECRET: required, at least 32 bytes "
                 "(e.g. openssl rand -base64 48)");
        return -1;
    }
    return 0;
}
