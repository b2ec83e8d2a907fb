/* problem.c - the single table from internal error to HTTP status and
 * RFC 9457 problem type.  Handlers never choose a status for an error. */
#include "problem.h"
#include "problem_de.h"

static const problem_type_t TYPES[] = {
    {ERR_BAD_REQUEST, 400, "bad-request", "Bad request", "Fehlerhafte Anfrage"},
    {ERR_VALIDATION, 400, "validation", "Invalid fields", "Ungültige Felder"},
    {ERR_UNAUTHORIZED, 401, "unauthorized", "Authentication required", "Anmeldung erforderlich"},
    {ERR_INVALID_CLIENT, 401, "invalid-client", "Client authentication failed", "Anmeldung des Clients fehlgeschlagen"},
    {ERR_UNSUPPORTED_GRANT, 400, "unsupported-grant-type", "Unsupported grant type", "Nicht unterstützter Grant-Typ"},
    {ERR_FORBIDDEN, 403, "forbidden", "Not permitted", "Nicht erlaubt"},
    {ERR_NOT_FOUND, 404, "not-found", "Not found", "Nicht gefunden"},
    {ERR_METHOD_NOT_ALLOWED, 405, "method-not-allowed", "Method not allowed", "Methode nicht erlaubt"},
    {ERR_CONFLICT, 409, "conflict", "Conflict", "Konflikt"},
    {ERR_PRECONDITION_FAILED, 412, "precondition-failed", "Precondition failed", "Vorbedingung nicht erfüllt"},
    {ERR_PAYLOAD_TOO_LARGE, 413, "payload-too-large", "Payload too large", "Inhalt zu groß"},
    {ERR_UNSUPPORTED_MEDIA, 415, "unsupported-media-type", "Unsupported media type", "Nicht unterstützter Medientyp"},
    {ERR_UNPROCESSABLE, 422, "unprocessable", "Unprocessable request", "Nicht verarbeitbare Anfrage"},
    {ERR_CONSENT_REQUIRED, 422, "consent-required", "Consent required", "Einwilligung erforderlich"},
    {ERR_AGREEMENT_REQUIRED, 422, "agreement-required", "Cooperation agreement required", "Kooperationsvereinbarung erforderlich"},
    {ERR_PRECONDITION_REQUIRED, 428, "precondition-required", "Precondition required", "Vorbedingung erforderlich"},
    {ERR_TOO_MANY_REQUESTS, 429, "too-many-requests", "Too many requests", "Zu viele Anfragen"},
    {ERR_UNAVAILABLE, 503, "unavailable", "Service unavailable", "Dienst nicht verfügbar"},
    {ERR_INTERNAL, 500, "internal", "Internal error", "Interner Fehler"},
};

const problem_type_t *problem_types(size_t *n)
{
    *n = sizeof TYPES / sizeof TYPES[0];
    return TYPES;
}

const problem_type_t *problem_type(lotse_err_t err)
{
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (TYPES[i].err == err)
            return &TYPES[i];
    return &TYPES[sizeof TYPES / sizeof TYPES[0] - 1];
}

static const char INTERNAL_DETAIL[] = "an internal error occurred; quote the request id";

json_t *problem_body(lotse_err_t err, const char *detail, const char *instance,
                     const char *request_id, json_t *errors, int german)
{
    const problem_type_t *t = problem_type(err);
    const char *title = german ? t->title_de : t->title;
    json_t *o = json_object();
    json_object_set_new(o, "type", json_sprintf("%s%s", PROBLEM_BASE, t->slug));
    json_object_set_new(o, "title", json_string(title));
    json_object_set_new(o, "status", json_integer(t->status));
    if (err == ERR_INTERNAL) { /* what went wrong inside is logged, never sent */
        const char *de = german ? problem_detail_de(INTERNAL_DETAIL) : NULL;
        detail = de ? de : INTERNAL_DETAIL;
    }
    json_object_set_new(o, "detail", json_string(detail ? detail : title));
    if (instance)
        json_object_set_new(o, "instance", json_string(instance));
    if (request_id)
        json_object_set_new(o, "request_id", json_string(request_id));
    if (errors && json_array_size(errors) > 0)
        json_object_set(o, "errors", errors);
    return o;
}
