/* export_html.h - the Art. 15 export as a printable German page the
 * caseworker can hand to the person. */
#ifndef LOTSE_EXPORT_HTML_H
#define LOTSE_EXPORT_HTML_H

#include <jansson.h>
#include <stddef.h>

/* The export (the JSON of GET /v1/cases/{id}/export) as one HTML page in
 * plain German: a section per part of the export (the case, consents,
 * assessments, goals, notes, barriers, referrals, conferences, and who
 * received which data), every value escaped.  Returns a malloc'd page
 * (the caller frees it) with its length in *len, or NULL. */
char *export_html(json_t *export, size_t *len);

#endif
