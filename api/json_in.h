/* json_in.h - request bodies: limits, parsing and field validation. */
#ifndef LOTSE_JSON_IN_H
#define LOTSE_JSON_IN_H

#include <jansson.h>
#include <stddef.h>

#include "req.h"

typedef enum { FT_STRING, FT_BOOL, FT_INT, FT_UUID, FT_ENUM, FT_ENUM_ARRAY } field_type_t;

#define F_REQUIRED 1u  /* must be present on create */
#define F_NULLABLE 2u  /* may be null (merge patch: remove) */

typedef struct field_spec {
    const char *name;
    field_type_t type;
    unsigned flags;
    int min, max;                 /* string length in characters / integer range / array size */
    const char *const *values;    /* FT_ENUM, FT_ENUM_ARRAY: NULL-terminated allowed values */
    int (*check)(const char *s);  /* extra string format check, nonzero = valid */
    const char *check_msg;        /* message when check fails */
} field_spec_t;

/* 1 when the JSON text nests objects/arrays at most max deep (strings
 * are skipped correctly); pure, does not validate the JSON. */
int json_depth_ok(const char *text, size_t len, int max_depth);

/* Parses r's body as one JSON object (Content-Type application/json, or
 * application/merge-patch+json when merge_patch), rejecting duplicate keys
 * and nesting deeper than the configured limit.  Returns a borrowed
 * object owned by r->arena, or NULL with r->err set (400/415). */
json_t *body_object(req_t *r, int merge_patch);

/* Checks obj against specs: unknown fields, types, required (unless
 * patch), lengths, enums, formats.  Each problem becomes one entry in
 * r->err_errors with a JSON Pointer.  Returns 0 or -1 (ERR_VALIDATION). */
int body_validate(req_t *r, json_t *obj, const field_spec_t *specs, int patch);

/* Is s an 8-digit Amtlicher Gemeindeschlüssel? (NULL: no) */
int is_ags(const char *s);

/* Number of UTF-8 characters in a valid UTF-8 string. */
size_t utf8_length(const char *s);

#endif
