/* stats_rows.c - see stats_rows.h.  The breakdowns here are those the
 * queries of db/statistics.c count; a value the data cannot take still
 * gets its row (count 0). */
#include "stats_rows.h"
#include "handlers.h"

#include <stdio.h>
#include <string.h>

const char *const STATS_NATIONALITIES[] = {"SY", "UA", "AF", "TR", "IQ", "RO", "BG", "PL", "ER", "IR",
                                           NULL};

static const char *const EXACT[] = {"agreements.active", "conferences.held", "conferences.participants",
                                    "conferences.cancelled", "referrals.agency_pairs", NULL};
static const char *const AGE_BANDS[] = {"0-17", "18-26", "27-44", "45-64", "65+", "unknown", NULL};
static const char *const YES_NO[] = {"yes", "no", NULL};
static const char *const ANSWERS[] = {"accepted", "declined", NULL};
static const char *const RESPONSE_DAYS[] = {"<=1", "<=3", "<=7", "<=14", "<=30", ">30", NULL};
static const char *const ENDED[] = {"declined", "withdrawn", "completed", NULL};
static const char *const SOURCES[] = {"report", "referral_decline", NULL};
static const char *const UNKNOWN[] = {"unknown", NULL};
static const char *const NATIONALITY_REST[] = {"other", "unknown", NULL};
static const char *const NONE[] = {"none", NULL};
static const char *const OVERDUE[] = {"overdue", NULL};

typedef struct breakdown {
    const char *indicator, *name;
    const char *const *values, *const *more; /* the vocabulary, and values beyond it */
    int pairs;                               /* values are "a>b" of every two of them */
    int own;                                 /* values held by the network */
} breakdown_t;

static const breakdown_t BREAKDOWNS[] = {
    {"cases.opened", "target_group", TARGET_GROUPS, NULL, 0, 0},
    {"cases.opened", "residence_status", RESIDENCE_STATUSES, UNKNOWN, 0, 0},
    {"cases.opened", "municipality", NULL, NULL, 0, 1},
    {"cases.opened", "lead_agency_kind", AGENCY_KINDS, NULL, 0, 0},
    {"cases.opened", "age_band", AGE_BANDS, NULL, 0, 0},
    {"cases.opened", "gender", GENDERS, UNKNOWN, 0, 0},
    {"cases.opened", "nationality", STATS_NATIONALITIES, NATIONALITY_REST, 0, 0},
    {"cases.closed", "closure_reason", CLOSURE_REASONS, UNKNOWN, 0, 0},
    {"cases.active", "target_group", TARGET_GROUPS, NULL, 0, 0},
    {"referrals.requested", "field_of_action", FIELDS_OF_ACTION, NULL, 0, 0},
    {"referrals.requested", "agency_kinds", NULL, NULL, 0, 1},
    {"referrals.requested", "under_agreement", YES_NO, NULL, 0, 0},
    {"referrals.answered", "answer", ANSWERS, NULL, 0, 0},
    {"referrals.answered", "response_days", RESPONSE_DAYS, NULL, 0, 0},
    {"referrals.ended", "status", ENDED, NULL, 0, 0},
    {"referrals.ended", "outcome", REFERRAL_OUTCOMES, NONE, 0, 0},
    {"referrals.agency_pairs", "under_agreement", YES_NO, NULL, 0, 0},
    {"goals.set", "field_of_action", FIELDS_OF_ACTION, NULL, 0, 0},
    {"goals.achieved", "field_of_action", FIELDS_OF_ACTION, NULL, 0, 0},
    {"goals.not_achieved", "field_of_action", FIELDS_OF_ACTION, NULL, 0, 0},
    {"decisions.made", "state", DECISION_STATUSES, OVERDUE, 0, 0},
    {"outcomes.german_level", "intake>latest", CEFR_LEVELS, UNKNOWN, 1, 0},
    {"outcomes.employment", "intake>closure", EMPLOYMENT_STATUSES, UNKNOWN, 1, 0},
    {"barriers.reported", "code", NULL, NULL, 0, 1},
    {"barriers.reported", "field_of_action", FIELDS_OF_ACTION, NULL, 0, 0},
    {"barriers.reported", "source", SOURCES, NULL, 0, 0},
};

int stats_exact(const char *indicator)
{
    for (const char *const *e = EXACT; *e; e++)
        if (strcmp(*e, indicator) == 0)
            return 1;
    return 0;
}

/* The i-th value of the vocabulary followed by the values beyond it. */
static const char *nth(const breakdown_t *b, size_t i)
{
    const char *const *lists[2] = {b->values, b->more};
    for (int l = 0; l < 2; l++)
        for (const char *const *v = lists[l]; v && *v; v++)
            if (i-- == 0)
                return *v;
    return NULL;
}

void stats_each_value(void *arg, const char *(*own)(void *arg, const char *breakdown, size_t i),
                      void (*add)(void *arg, const char *indicator, const char *breakdown,
                                  const char *value))
{
    for (size_t k = 0; k < sizeof BREAKDOWNS / sizeof BREAKDOWNS[0]; k++) {
        const breakdown_t *b = &BREAKDOWNS[k];
        const char *v;
        for (size_t i = 0; (v = b->own ? own(arg, b->name, i) : nth(b, i)) != NULL; i++) {
            if (!b->pairs) {
                add(arg, b->indicator, b->name, v);
                continue;
            }
            const char *w;
            for (size_t j = 0; (w = nth(b, j)) != NULL; j++) {
                char pair[128];
                snprintf(pair, sizeof pair, "%s>%s", v, w);
                add(arg, b->indicator, b->name, pair);
            }
        }
    }
}
