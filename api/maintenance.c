/* maintenance.c - `lotse maintenance`: anonymizes cases closed longer than
 * LOTSE_RETENTION_DAYS, withdraws open referrals whose receiver's consent
 * expired, deletes idempotency records older than a day, keeps the audit
 * log's monthly partitions (twelve months ahead, none older than
 * LOTSE_AUDIT_RETENTION_MONTHS) and deletes events and finished webhook
 * deliveries after their retention, and runs the reminders (reminders.h).
 * It works through the same request context as the API (one transaction
 * per case, acting as the case's lead agency, audited as "maintenance"),
 * so row-level security applies unchanged.  Several machines may run it at
 * once: each case is locked with SKIP LOCKED. */
#include "maintenance.h"
#include "handovers.h"
#include "retention.h"
#include "config.h"
#include "store.h"
#include "handlers.h"
#include "idempotency_keys.h"
#include "log.h"
#include "reminders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static req_t *context(const char *network, const char *agency, unsigned roles)
{
    return req_internal("maintenance", network, agency, roles);
}

/* Ids in column 0 of st's result under a context, copied (caller frees). */
static char **ids(const db_stmt_t *st, const char *network, unsigned roles, int *n)
{
    req_t *r = context(network, NULL, roles);
    PGresult *res = db_exec(r, st, NULL);
    char **out = NULL;
    *n = res ? PQntuples(res) : -1;
    if (res) {
        out = calloc((size_t)*n + 1, sizeof *out);
        for (int i = 0; i < *n; i++)
            out[i] = strdup(PQgetvalue(res, i, 0));
    }
    db_finish(r, 1);
    arena_free(r->arena);
    return out;
}

static void free_ids(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Anonymizes the due cases led by one agency; returns the count or -1. */
static int agency_due(const char *network, const char *agency, int days)
{
    char d[16];
    snprintf(d, sizeof d, "%d", days);
    for (int done = 0;;) {
        req_t *r = context(network, agency, ROLE_CASEWORKER);
        const char *params[1] = {d};
        PGresult *res = db_exec(r, &MAINT_CASE_DUE, params);
        int found = res && PQntuples(res) == 1;
        if (found)
            case_anonymize(r, PQgetvalue(res, 0, 0));
        int failed = r->err != ERR_NONE;
        db_finish(r, 1);
        if (failed)
            log_msg(LOG_ERROR, "maintenance: network %s agency %s: %s", network, agency,
                    r->err_detail ? r->err_detail : "failed");
        arena_free(r->arena);
        if (failed)
            return -1;
        if (!found)
            return done;
        done++;
    }
}

/* Settles the referrals of the cases one agency leads with the consents
 * in force today: ends the wait of those whose receiver's consent began
 * (valid from a later day) and withdraws those whose receiver's consent
 * ended (expired: a revocation withdraws them at once), and withdraws its
 * pending handovers whose consent ended; returns the count of referrals
 * withdrawn or -1. */
static int agency_sweep(const char *network, const char *agency)
{
    req_t *r = context(network, agency, ROLE_CASEWORKER);
    int n = referrals_settle(r, NULL) == 0 ? referrals_sweep(r, NULL) : -1; /* consents began or ended */
    if (n >= 0 && db_exec(r, &HANDOVER_EXPIRE, NULL) == NULL) /* and handovers whose consent ended */
        n = -1;
    if (db_finish(r, n >= 0) != 0)
        n = -1;
    if (n < 0)
        log_msg(LOG_ERROR, "maintenance: network %s agency %s: referral sweep: %s", network, agency,
                r->err_detail ? r->err_detail : "failed");
    arena_free(r->arena);
    return n;
}

#define AUDIT_MONTHS_AHEAD "12"
#define PRUNE_BATCH 10000

/* The audit log's partitions and the events' and deliveries' retention,
 * in the platform's context; 0 or -1 (logged). */
static int upkeep(const config_t *c)
{
    char months[16], events[16], deliveries[16], batch[16];
    snprintf(months, sizeof months, "%d", c->audit_retention_months);
    snprintf(events, sizeof events, "%d", c->event_retention_days);
    snprintf(deliveries, sizeof deliveries, "%d", c->webhook_retention_days);
    snprintf(batch, sizeof batch, "%d", PRUNE_BATCH);
    /* one month per transaction: a detach holds the log's lock until its commit */
    int ok = 1, dropped = 0;
    for (int more = 1; more && ok;) {
        req_t *r = context(NULL, NULL, ROLE_PLATFORM_ADMIN);
        const char *up[2] = {months, AUDIT_MONTHS_AHEAD};
        PGresult *res = db_exec(r, &MAINT_AUDIT_UPKEEP, up);
        ok = db_finish(r, res != NULL) == 0 && res != NULL;
        more = ok && !PQgetisnull(res, 0, 1);
        dropped += more;
        if (ok && PQgetvalue(res, 0, 0)[0])
            log_msg(LOG_INFO, "maintenance: audit log partitions created: %s", PQgetvalue(res, 0, 0));
        if (ok && !PQgetisnull(res, 0, 2))
            log_msg(LOG_WARN, "maintenance: audit partition %s is busy; it is dropped on the next run",
                    PQgetvalue(res, 0, 2));
        arena_free(r->arena);
    }
    if (ok)
        log_msg(LOG_INFO, "maintenance: %d audit log month(s) older than %d months dropped", dropped,
                c->audit_retention_months);
    long gone_events = 0, gone_deliveries = 0;
    for (int more = ok; more;) {
        req_t *r = context(NULL, NULL, ROLE_PLATFORM_ADMIN);
        const char *pr[3] = {events, deliveries, batch};
        PGresult *res = db_exec(r, &MAINT_PRUNE, pr);
        ok = db_finish(r, res != NULL) == 0 && res != NULL;
        long e = ok ? atol(PQgetvalue(res, 0, 0)) : 0, d = ok ? atol(PQgetvalue(res, 0, 1)) : 0;
        gone_events += e;
        gone_deliveries += d;
        more = ok && (e == PRUNE_BATCH || d == PRUNE_BATCH);
        arena_free(r->arena);
    }
    if (ok) { /* import reports */
        req_t *r = context(NULL, NULL, ROLE_PLATFORM_ADMIN);
        char days[16];
        snprintf(days, sizeof days, "%d", c->import_retention_days);
        const char *p[1] = {days};
        PGresult *res = db_exec(r, &MAINT_PRUNE_IMPORTS, p);
        ok = db_finish(r, res != NULL) == 0 && res != NULL;
        if (ok)
            log_msg(LOG_INFO, "maintenance: %s import report(s) older than %d days removed",
                    PQgetvalue(res, 0, 0), c->import_retention_days);
        arena_free(r->arena);
    }
    if (!ok) {
        log_msg(LOG_ERROR, "maintenance: audit partitions, event or import retention failed");
        return -1;
    }
    log_msg(LOG_INFO, "maintenance: %ld event(s) older than %d days and %ld webhook deliveries older than "
            "%d days removed", gone_events, c->event_retention_days, gone_deliveries, c->webhook_retention_days);
    return 0;
}

int maintenance_run(const config_t *c)
{
    db_init(c->database_url);
    int nnet, total = 0, withdrawn = 0, rc = 0;
    char **nets = ids(&MAINT_NETWORKS, NULL, ROLE_PLATFORM_ADMIN, &nnet);
    if (nets == NULL) {
        fprintf(stderr, "lotse maintenance: cannot read networks\n");
        return 1;
    }
    for (int i = 0; i < nnet; i++) {
        int nag;
        char **ags = ids(&MAINT_AGENCIES, nets[i], ROLE_COORDINATOR, &nag);
        for (int k = 0; ags && k < nag; k++) {
            int n = agency_due(nets[i], ags[k], c->retention_days);
            rc |= n < 0;
            total += n > 0 ? n : 0;
            n = agency_sweep(nets[i], ags[k]);
            rc |= n < 0;
            withdrawn += n > 0 ? n : 0;
        }
        free_ids(ags, nag);
    }
    free_ids(nets, nnet);
    req_t *r = context(NULL, NULL, 0);
    const char *expired[1] = {"expired"};
    PGresult *res = db_exec(r, &IDEM_PURGE_MARK, expired) ? db_exec(r, &IDEM_PURGE, NULL) : NULL;
    long purged = res ? atol(PQcmdTuples(res)) : -1;
    if (db_finish(r, 1) != 0 || res == NULL) {
        rc = 1;
        log_msg(LOG_ERROR, "maintenance: removing idempotency records: %s",
                r->err_detail ? r->err_detail : "failed");
    }
    arena_free(r->arena);
    if (upkeep(c) != 0)
        rc = 1;
    reminder_counts_t rem;
    if (reminders_run(c->reminder_days, 0, &rem) != 0)
        rc = 1;
    db_thread_close();
    log_msg(LOG_INFO, "maintenance: %d case(s) anonymized after %d days, %d referral(s) withdrawn "
            "after their receiver's consent ended, %ld idempotency record(s) removed", total,
            c->retention_days, withdrawn, purged);
    return rc ? 1 : 0;
}
