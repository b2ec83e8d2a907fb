/* problem_de.h - problem details in German, for Accept-Language: de.
 * Problem types stay the same URIs; titles are in problem.c. */
#ifndef LOTSE_PROBLEM_DE_H
#define LOTSE_PROBLEM_DE_H

#include <stddef.h>

/* The German format of an English detail format (or of an English detail
 * given through "%s"), with the same conversions; NULL when there is none. */
const char *problem_detail_de(const char *en);

/* The i-th pair of the table into *en and *de; 0 past its end (tests). */
int problem_detail_pair(size_t i, const char **en, const char **de);

#endif
