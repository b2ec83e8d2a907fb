/* import_csv.h - reading an import file: CSV records (RFC 4180: quoted
 * fields may hold separators, quotes and line breaks; the separator is ','
 * or ';' as the header line uses it) and their columns mapped to the case
 * body of POST /v1/cases, or NDJSON lines as they are. */
#ifndef LOTSE_IMPORT_CSV_H
#define LOTSE_IMPORT_CSV_H

#include <jansson.h>
#include <stdio.h>

#define IMPORT_MAX_RECORD 65536 /* bytes of one record or line */
#define IMPORT_MAX_COLUMNS 32

/* The next record of f into fields (at most IMPORT_MAX_COLUMNS, each a
 * pointer into buf, NUL-terminated); *lines is advanced by the physical
 * lines it spanned.  Returns the number of fields, 0 at the end, -1 for a
 * record that is malformed or too long (the rest of it is skipped). */
int csv_record(FILE *f, char sep, char *buf, size_t buflen, char **fields, int *lines);

/* The separator of a header line: ';' when it has more of them than ','. */
char csv_separator(const char *header_line);

/* The documented columns (the README lists them): NULL-terminated. */
extern const char *const IMPORT_COLUMNS[];

/* What is wrong with a header. */
enum { HEADER_OK = 0, HEADER_UNKNOWN, HEADER_TWICE, HEADER_NO_TARGET_GROUP };

/* Checks a header (its fields): every column known, none twice, and
 * target_group present; the column index of each IMPORT_COLUMNS entry into
 * map (-1 absent).  HEADER_OK, or what is wrong with the column in *which. */
int csv_header(char **fields, int n, int *map, const char **which);

/* The case body of one record under map (a new object; empty cells are
 * absent; languages "ar:native;de:A2", fields_of_action "language;employment"). */
json_t *csv_case(char **fields, int n, const int *map);

#endif
