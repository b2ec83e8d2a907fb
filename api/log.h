/* log.h - JSON-lines logging to stderr. */
#ifndef LOTSE_LOG_H
#define LOTSE_LOG_H

enum { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3 };

/* "debug".."error" to a level, -1 when unknown. */
int log_level_parse(const char *s);

/* Sets the minimum level written (default info). */
void log_set_level(int level);

/* Is level enabled? */
int log_enabled(int level);

/* One line {"ts","level","msg"} when level is enabled; thread-safe. */
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes an already serialised JSON object as one line (access log). */
void log_line(const char *json);

#endif
