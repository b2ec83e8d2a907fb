/* vocabularies.c - GET /v1/vocabularies: the codes of every enumeration
 * the API uses, each with a German and an English label, so that
 * frontends need not hard-code them; barrier codes come from the
 * database (built in, plus the caller's network's own).  The code lists
 * equal the enums of the OpenAPI document (tests/integration/test_ops.c). */
#include "barriers.h"
#include "handlers.h"

typedef struct label {
    const char *code, *de, *en;
} label_t;

typedef struct vocabulary {
    const char *name;
    const label_t *labels;
} vocabulary_t;

static const label_t AGENCY_KIND[] = {
    {"immigration_office", "Ausländerbehörde", "Immigration office"},
    {"jobcenter", "Jobcenter", "Jobcenter"},
    {"social_welfare", "Sozialamt", "Social welfare office"},
    {"youth_welfare", "Jugendamt", "Youth welfare office"},
    {"integration_centre", "Kommunales Integrationszentrum", "Municipal integration centre"},
    {"employment_agency", "Agentur für Arbeit", "Employment agency"},
    {"welfare_organisation", "Wohlfahrtsverband", "Welfare organisation"},
    {"youth_migration_service", "Jugendmigrationsdienst", "Youth migration service"},
    {"migration_counselling", "Migrationsberatung für Erwachsene", "Migration counselling for adults"},
    {"volunteer_coordination", "Ehrenamtskoordination", "Volunteer coordination"},
    {"school", "Schule", "School"},
    {"other", "Sonstige", "Other"},
    {NULL, NULL, NULL}};
static const label_t FIELD_OF_ACTION[] = {
    {"language", "Sprache", "Language"},
    {"education", "Bildung", "Education"},
    {"vocational_training", "Ausbildung", "Vocational training"},
    {"employment", "Arbeit", "Employment"},
    {"recognition", "Anerkennung ausländischer Abschlüsse", "Recognition of foreign qualifications"},
    {"residence", "Aufenthalt", "Residence"},
    {"housing", "Wohnen", "Housing"},
    {"health", "Gesundheit", "Health"},
    {"family_youth", "Familie und Jugend", "Family and youth"},
    {"social_participation", "Gesellschaftliche Teilhabe", "Social participation"},
    {"civic_participation", "Politische Teilhabe", "Civic participation"},
    {"financial_security", "Existenzsicherung", "Financial security"},
    {NULL, NULL, NULL}};
static const label_t TARGET_GROUP[] = {
    {"newly_arrived", "Neu zugewandert", "Newly arrived"},
    {"long_term_tolerated", "Langzeitgeduldet", "Long-term tolerated"},
    {"asylum_seeker", "Asylsuchend", "Asylum seeker"},
    {"recognised_refugee", "Anerkannt geflüchtet", "Recognised refugee"},
    {"eu_migrant", "EU-Zugewandert", "EU migrant"},
    {"family_reunification", "Familiennachzug", "Family reunification"},
    {"skilled_worker", "Fachkraft", "Skilled worker"},
    {"other", "Sonstige", "Other"},
    {NULL, NULL, NULL}};
static const label_t RESIDENCE_STATUS[] = {
    {"asylum_seeker", "Aufenthaltsgestattung", "Permission to reside (asylum procedure)"},
    {"tolerated", "Duldung", "Toleration"},
    {"training_toleration", "Ausbildungsduldung", "Toleration for training"},
    {"employment_toleration", "Beschäftigungsduldung", "Toleration for employment"},
    {"residence_permit_humanitarian", "Aufenthaltserlaubnis aus humanitären Gründen", "Residence permit, humanitarian"},
    {"residence_permit_employment", "Aufenthaltserlaubnis zur Erwerbstätigkeit", "Residence permit, employment"},
    {"residence_permit_education", "Aufenthaltserlaubnis zur Ausbildung", "Residence permit, education"},
    {"residence_permit_family", "Aufenthaltserlaubnis aus familiären Gründen", "Residence permit, family"},
    {"settlement_permit", "Niederlassungserlaubnis", "Settlement permit"},
    {"eu_citizen", "Unionsbürger/in", "EU citizen"},
    {"german_citizen", "Deutsche Staatsangehörigkeit", "German citizen"},
    {"other", "Sonstiger", "Other"},
    {NULL, NULL, NULL}};
static const label_t CASE_STATUS[] = {
    {"open", "Offen", "Open"}, {"active", "In Bearbeitung", "Active"},
    {"on_hold", "Ruhend", "On hold"}, {"closed", "Abgeschlossen", "Closed"}, {NULL, NULL, NULL}};
static const label_t CLOSURE_REASON[] = {
    {"goals_achieved", "Ziele erreicht", "Goals achieved"},
    {"moved_away", "Verzogen", "Moved away"},
    {"client_withdrew", "Auf Wunsch der Person beendet", "Withdrawn by the person"},
    {"transferred", "Übergeben", "Transferred"},
    {"no_contact", "Kein Kontakt mehr", "No contact"},
    {"other", "Sonstiger Grund", "Other"},
    {NULL, NULL, NULL}};
static const label_t CATEGORY[] = {
    {"identity", "Identität und Kontakt", "Identity and contact"},
    {"residence", "Aufenthalt", "Residence"},
    {"potential", "Potenzialanalyse", "Potential analysis"},
    {"plan", "Integrationsplan", "Integration plan"},
    {"journal", "Journal", "Journal"},
    {NULL, NULL, NULL}};
static const label_t LEGAL_BASIS[] = {
    {"consent", "Einwilligung (Art. 6 Abs. 1 a, Art. 9 Abs. 2 a DSGVO)", "Consent (GDPR Art. 6(1)(a), 9(2)(a))"},
    {"sgb_ii", "SGB II", "SGB II"}, {"sgb_iii", "SGB III", "SGB III"},
    {"sgb_viii", "SGB VIII", "SGB VIII"}, {"sgb_xii", "SGB XII", "SGB XII"},
    {"sgb_x", "SGB X", "SGB X"}, {"aufenthg", "Aufenthaltsgesetz", "Residence Act"},
    {"asylblg", "Asylbewerberleistungsgesetz", "Asylum Seekers' Benefits Act"},
    {"other_statutory", "Andere gesetzliche Grundlage", "Other statutory basis"},
    {NULL, NULL, NULL}};
static const label_t GOAL_STATUS[] = {
    {"open", "Offen", "Open"}, {"in_progress", "In Arbeit", "In progress"},
    {"achieved", "Erreicht", "Achieved"}, {"not_achieved", "Nicht erreicht", "Not achieved"},
    {"dropped", "Verworfen", "Dropped"}, {NULL, NULL, NULL}};
static const label_t AGREEMENT_STATUS[] = {
    {"draft", "Entwurf", "Draft"}, {"signed", "Teilweise unterschrieben", "Partly signed"},
    {"active", "In Kraft", "Active"}, {"expired", "Abgelaufen", "Expired"},
    {"terminated", "Beendet", "Terminated"}, {NULL, NULL, NULL}};
static const label_t REFERRAL_STATUS[] = {
    {"requested", "Angefragt", "Requested"}, {"accepted", "Angenommen", "Accepted"},
    {"declined", "Abgelehnt", "Declined"}, {"withdrawn", "Zurückgezogen", "Withdrawn"},
    {"completed", "Abgeschlossen", "Completed"}, {NULL, NULL, NULL}};
static const label_t DECLINE_REASON[] = {
    {"not_responsible", "Nicht zuständig", "Not responsible"},
    {"capacity", "Keine Kapazität", "No capacity"},
    {"eligibility", "Voraussetzungen nicht erfüllt", "Not eligible"},
    {"client_declined", "Von der Person abgelehnt", "Declined by the person"},
    {"other", "Sonstiger Grund", "Other"}, {NULL, NULL, NULL}};
static const label_t REFERRAL_OUTCOME[] = {
    {"successful", "Erfolgreich", "Successful"}, {"unsuccessful", "Nicht erfolgreich", "Unsuccessful"},
    {"no_show", "Nicht erschienen", "No show"}, {"cancelled", "Abgesagt", "Cancelled"},
    {NULL, NULL, NULL}};
static const label_t GAP_STATUS[] = {
    {"open", "Offen", "Open"}, {"in_progress", "In Bearbeitung", "In progress"},
    {"resolved", "Behoben", "Resolved"}, {"accepted_as_is", "Hingenommen", "Accepted as it is"},
    {NULL, NULL, NULL}};
static const label_t GENDER[] = {
    {"female", "Weiblich", "Female"}, {"male", "Männlich", "Male"}, {"diverse", "Divers", "Diverse"},
    {"unspecified", "Keine Angabe", "Unspecified"}, {NULL, NULL, NULL}};
static const label_t ROLE[] = {
    {"caseworker", "Fachkraft", "Caseworker"},
    {"agency_admin", "Administration der Stelle", "Agency administrator"},
    {"coordinator", "Koordinierungsstelle", "Coordinator"},
    {"auditor", "Datenschutzkontrolle", "Auditor"},
    {"ministry", "Ministerium", "Ministry"},
    {"platform_admin", "Plattformbetrieb", "Platform administrator"},
    {NULL, NULL, NULL}};

static const vocabulary_t VOCABULARIES[] = {
    {"agency_kinds", AGENCY_KIND},        {"fields_of_action", FIELD_OF_ACTION},
    {"target_groups", TARGET_GROUP},      {"residence_statuses", RESIDENCE_STATUS},
    {"case_statuses", CASE_STATUS},       {"closure_reasons", CLOSURE_REASON},
    {"data_categories", CATEGORY},        {"legal_bases", LEGAL_BASIS},
    {"goal_statuses", GOAL_STATUS},       {"agreement_statuses", AGREEMENT_STATUS},
    {"referral_statuses", REFERRAL_STATUS}, {"decline_reasons", DECLINE_REASON},
    {"referral_outcomes", REFERRAL_OUTCOME}, {"gap_statuses", GAP_STATUS},
    {"genders", GENDER},                  {"roles", ROLE},
};

int h_vocabularies(req_t *r)
{
    PGresult *codes = db_exec(r, &BARRIER_CODE_LIST, NULL);
    if (codes == NULL)
        return -1;
    json_t *body = json_object();
    for (size_t v = 0; v < sizeof VOCABULARIES / sizeof VOCABULARIES[0]; v++) {
        json_t *list = json_array();
        for (const label_t *l = VOCABULARIES[v].labels; l->code; l++)
            json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "code", l->code, "de", l->de,
                                                  "en", l->en));
        json_object_set_new(body, VOCABULARIES[v].name, list);
    }
    json_t *barriers = json_array();
    for (int i = 0; i < PQntuples(codes); i++) {
        json_t *c = json_loads(PQgetvalue(codes, i, 1), 0, NULL);
        json_array_append_new(barriers, json_pack("{s:O, s:O, s:O}", "code", json_object_get(c, "code"),
                                                  "de", json_object_get(c, "label_de"), "en",
                                                  json_object_get(c, "label_en")));
        json_decref(c);
    }
    json_object_set_new(body, "barrier_codes", barriers);
    resp_header(r, "Cache-Control", "private, max-age=300");
    return respond_json(r, 200, body);
}
