/* log.c - JSON-lines logging; one write(2) per line keeps lines whole. */
#include "log.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int min_level = LOG_INFO;
static const char *NAMES[] = {"debug", "info", "warn", "error"};

int log_level_parse(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, NAMES[i]) == 0)
            return i;
    return -1;
}

void log_set_level(int level)
{
    min_level = level;
}

int log_enabled(int level)
{
    return level >= min_level;
}

void log_line(const char *json)
{
    size_t n = strlen(json);
    char *buf = malloc(n + 1);
    if (buf == NULL)
        return;
    memcpy(buf, json, n);
    buf[n] = '\n';
    ssize_t w = write(STDERR_FILENO, buf, n + 1);
    (void)w;
    free(buf);
}

void log_msg(int level, const char *fmt, ...)
{
    if (level < min_level || level < 0 || level > 3)
        return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);

    char ts[40];
    struct timespec now;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    json_t *o = json_pack("{s:s+, s:s}", "ts", ts, "Z", "level", NAMES[level]);
    /* messages may quote bytes from outside: jansson refuses non-UTF-8 */
    json_t *m = json_string(msg);
    json_object_set_new(o, "msg", m ? m : json_string("(message not UTF-8)"));
    char *s = json_dumps(o, JSON_COMPACT);
    if (s)
        log_line(s);
    free(s);
    json_decref(o);
}
