/* person_search.c - GET /v1/person-search: the cases of the caller's
 * network whose person matches a name (German and transliterated spellings,
 * swapped names, typos), among those the caller's agency sees with the
 * identity category (lotse_person_search, migration 0033).  The audit row
 * (the route's, naming the cases shown) records that a search happened,
 * never the name searched for. */
#include "cases.h"
#include "handlers.h"
#include "json_in.h"
#include "page.h"
#include "resource.h"

#include <stdlib.h>
#include <string.h>

int h_person_search(req_t *r)
{
    page_t p;
    if (page_parse(r, &p) != 0)
        return -1;
    const char *name = req_query(r, "name"), *birth_date = req_query(r, "birth_date");
    const char *birth_year = req_query(r, "birth_year"), *nationality = req_query(r, "nationality");
    if (name == NULL || strlen(name) < 2 || strlen(name) > 100)
        return fail_req(r, ERR_BAD_REQUEST, "name is required, 2 to 100 characters");
    if (birth_date && !is_date(birth_date))
        return fail_req(r, ERR_BAD_REQUEST, "birth_date must be a date (YYYY-MM-DD)");
    if (birth_year && (strlen(birth_year) != 4 || strspn(birth_year, "0123456789") != 4 ||
                       atoi(birth_year) < 1900 || atoi(birth_year) > 2100))
        return fail_req(r, ERR_BAD_REQUEST, "birth_year must be a year from 1900 to 2100");
    if (nationality && !is_country(nationality))
        return fail_req(r, ERR_BAD_REQUEST, "nationality must be an ISO 3166-1 alpha-2 code");
    if (p.after && (strlen(p.after) > 3 || strspn(p.after, "0123456789") != strlen(p.after) || !p.after[0]))
        return fail_req(r, ERR_BAD_REQUEST, "cursor is not one this service issued");
    const char *params[6] = {name, birth_date, birth_year, nationality, p.after, p.limit_plus_one};
    PGresult *res = db_exec(r, &PERSON_SEARCH, params);
    return res ? page_respond(r, &p, res) : -1;
}
