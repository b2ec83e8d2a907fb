/* tasks.h - SQL for tasks and reminders (migration 0041): row-level
 * security shows a task to its assigned and its creating agency while they
 * see the case in the task's category. */
#ifndef LOTSE_DB_TASKS_H
#define LOTSE_DB_TASKS_H
#include "db.h"

/* $1 case, $2 body (title, description, due_on, assigned_agency_id, assignee), $3 created_by:
 * id, network_id, version, json */
extern const db_stmt_t TASK_CREATE;
/* $1 case, $2 after key, $3 limit+1, $4 status filter: key, json */
extern const db_stmt_t TASK_LIST;
/* $1 case, $2 task: version, kind, json */
extern const db_stmt_t TASK_GET;
/* $1 case, $2 task, $3 patch (status, due_on, assignee, title, description), $4 version:
 * id, network_id, version, json; no row when stale or not the caller's to change */
extern const db_stmt_t TASK_UPDATE;
/* The caller's agency's open tasks, by due date (overdue first): $1 after key ("date~id"),
 * $2 limit+1, $3 assignee (NULL: all), $4 overdue only ("true"), $5 kind: key, case_id, json */
extern const db_stmt_t WORKLIST;
/* One network's run: $1 network, $2 horizon in days, $3 least gap between runs (interval text):
 * created, closed, announced (no row when another instance runs it or it ran recently) */
extern const db_stmt_t REMINDER_RUN;
#endif
