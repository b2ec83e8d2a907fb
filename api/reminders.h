/* reminders.h - the reminders Lotse sets by itself (migration 0041:
 * consents and residence permits expiring, referrals unanswered past their
 * date, decisions due) and the due/overdue announcements of every task.
 * `lotse maintenance` runs them, and every `lotse serve` on a timer; a
 * network is worked by one instance at a time (its reminder_runs row is
 * locked FOR UPDATE SKIP LOCKED) and a reminder exists once per cause,
 * agency and date (a unique index), however many run at once. */
#ifndef LOTSE_REMINDERS_H
#define LOTSE_REMINDERS_H

/* Totals of one pass over all networks. */
typedef struct reminder_counts {
    long created, closed, announced;
    int networks_run, networks_skipped, failed;
} reminder_counts_t;

/* One pass: every network whose last run is at least min_gap_s seconds ago
 * and that no other instance works now; horizon_days ahead for expiries and
 * due dates.  Fills *out (logged too); 0, or -1 when a network failed. */
int reminders_run(int horizon_days, int min_gap_s, reminder_counts_t *out);

/* Starts the timer thread of `lotse serve` (every interval_s seconds; 0:
 * none); 0 or -1. */
int reminders_start(int interval_s, int horizon_days);

/* Stops it (waits for a pass in progress). */
void reminders_stop(void);

#endif
