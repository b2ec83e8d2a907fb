/* json_in.h - request bodies: limits, parsing and field validation. */
#ifndef LOTSE_JSON_IN_H
#define LOTSE_JSON_IN_H

#include <jansson.h>
#include <stddef.h>

#include "req.h"

typedef enum {
    FT_STRING, FT_BOOL, FT_INT, FT_UUID, FT_ENUM, FT_ENUM_ARRAY,
    FT_DATE,         /* "YYYY-MM-DD", a real calendar date */
    FT_TIMESTAMP,    /* RFC 3339 date-time */
    FT_OBJECT,       /* nested object checked against nested */
    FT_OBJECT_ARRAY, /* array (min..max items) of objects checked against nested */
} field_type_t;

#define F_REQUIRED 1u  /* must be present on create */
#define F_NULLABLE 2u  /* may be null (merge patch: remove) */
#define F_PAST 4u      /* FT_DATE / FT_TIMESTAMP: not in the future */
#define F_MULTILINE 8u /* FT_STRING: a free text; line breaks and tabs allowed.  Without it a
                        * string is one line: no control characters (C0, DEL, C1), no line or
                        * paragraph separators (U+2028, U+2029), no invisible or directional
                        * marks (U+200B, U+200E, U+200F, U+061C, U+FEFF; the joiners U+200C and
                        * U+200D stay, Persian names need them) and no bidirectional embeddings,
                        * overrides or isolates (U+202A-U+202E, U+2066-U+2069), which could
                        * reorder or hide what a reader sees */

typedef struct field_spec {
    const char *name;
    field_type_t type;
    unsigned flags;
    int min, max;                 /* string length in characters / integer range / array size */
    const char *const *values;    /* FT_ENUM, FT_ENUM_ARRAY: NULL-terminated allowed values */
    int (*check)(const char *s);  /* extra string format check, nonzero = valid */
    const char *check_msg;        /* message when check fails */
    const struct field_spec *nested; /* FT_OBJECT, FT_OBJECT_ARRAY */
} field_spec_t;

/* Spec rows, one per field; a table ends with FIELD_END. */
#define FIELD_STR(n, fl, lo, hi) {.name = (n), .type = FT_STRING, .flags = (fl), .min = (lo), .max = (hi)}
/* a free text over several lines */
#define FIELD_TEXT(n, fl, lo, hi) \
    {.name = (n), .type = FT_STRING, .flags = (fl) | F_MULTILINE, .min = (lo), .max = (hi)}
/* an https URL (no control characters, spaces or bidirectional controls) */
#define FIELD_URL(n, fl, lo, hi) \
    {.name = (n), .type = FT_STRING, .flags = (fl), .min = (lo), .max = (hi), .check = is_https_url, \
     .check_msg = "must be an https URL without spaces or control characters"}
#define FIELD_FMT(n, fl, lo, hi, fn, msg) \
    {.name = (n), .type = FT_STRING, .flags = (fl), .min = (lo), .max = (hi), .check = (fn), .check_msg = (msg)}
#define FIELD_INT(n, fl, lo, hi) {.name = (n), .type = FT_INT, .flags = (fl), .min = (lo), .max = (hi)}
#define FIELD_BOOL(n, fl) {.name = (n), .type = FT_BOOL, .flags = (fl)}
#define FIELD_UUID(n, fl) {.name = (n), .type = FT_UUID, .flags = (fl)}
#define FIELD_DATE(n, fl) {.name = (n), .type = FT_DATE, .flags = (fl)}
#define FIELD_TIME(n, fl) {.name = (n), .type = FT_TIMESTAMP, .flags = (fl)}
#define FIELD_ENUM(n, fl, vals) {.name = (n), .type = FT_ENUM, .flags = (fl), .values = (vals)}
#define FIELD_ENUMS(n, fl, lo, hi, vals) \
    {.name = (n), .type = FT_ENUM_ARRAY, .flags = (fl), .min = (lo), .max = (hi), .values = (vals)}
/* an array of distinct strings, each passing fn */
#define FIELD_STRS(n, fl, lo, hi, fn, msg) \
    {.name = (n), .type = FT_ENUM_ARRAY, .flags = (fl), .min = (lo), .max = (hi), .check = (fn), .check_msg = (msg)}
#define FIELD_OBJ(n, fl, spec) {.name = (n), .type = FT_OBJECT, .flags = (fl), .nested = (spec)}
#define FIELD_OBJS(n, fl, lo, hi, spec) \
    {.name = (n), .type = FT_OBJECT_ARRAY, .flags = (fl), .min = (lo), .max = (hi), .nested = (spec)}
#define FIELD_END {.name = NULL}

/* Does UTF-8 string s hold a character a one-line field refuses (any
 * control character, bidirectional controls), or, when multiline, a
 * control character other than tab, line feed and carriage return? */
int has_forbidden_chars(const char *s, int multiline);

/* "https://" followed by a host and nothing a one-line field refuses, no
 * spaces. */
int is_https_url(const char *s);

/* 1 when the JSON text nests objects/arrays at most max deep (strings
 * are skipped correctly); pure, does not validate the JSON. */
int json_depth_ok(const char *text, size_t len, int max_depth);

/* Parses r's body as one JSON object (Content-Type application/json, or
 * application/merge-patch+json when merge_patch), rejecting duplicate keys
 * and nesting deeper than the configured limit; parsed once per request
 * (later calls return the same object).  Returns a borrowed object owned
 * by r->arena, or NULL with r->err set (400/415). */
json_t *body_object(req_t *r, int merge_patch);

/* Checks obj against specs: unknown fields, types, required (unless
 * patch), lengths, enums, formats.  Each problem becomes one entry in
 * r->err_errors with a JSON Pointer.  Returns 0 or -1 (ERR_VALIDATION). */
int body_validate(req_t *r, json_t *obj, const field_spec_t *specs, int patch);

/* Is s an 8-digit Amtlicher Gemeindeschlüssel? (NULL: no) */
int is_ags(const char *s);

/* Is s an ISO 3166-1 alpha-2 code (two capital letters)? */
int is_country(const char *s);

/* Is s a valid "YYYY-MM-DD" date? / an RFC 3339 date-time? */
int is_date(const char *s);
int is_timestamp(const char *s);

/* Number of UTF-8 characters in a valid UTF-8 string. */
size_t utf8_length(const char *s);

#endif
