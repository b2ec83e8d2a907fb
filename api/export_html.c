/* export_html.c - see export_html.h. */
#include "export_html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* German names of the export's sections, in the order they are shown, with
 * a sentence that says what each holds. */
static const struct {
    const char *key, *title, *intro;
} SECTIONS[] = {
    {"case", "Ihr Fall", "Die Grunddaten Ihres Falls, Ihre Angaben zur Person und zum Aufenthalt."},
    {"consents", "Ihre Einwilligungen",
     "Welchen Stellen Sie erlaubt haben, welche Daten zu sehen, wofür und bis wann."},
    {"potential_analyses", "Einschätzungen (Potenzialanalyse)",
     "Was Beraterinnen und Berater zu Sprache, Bildung, Arbeit und Lebenslage festgehalten haben."},
    {"goals", "Ziele Ihres Integrationsplans", "Vereinbarte Ziele, wer dafür zuständig ist und bis wann."},
    {"journal", "Gesprächsnotizen", "Notizen der Stellen zu Gesprächen mit Ihnen, mit früheren Fassungen."},
    {"barriers", "Hindernisse", "Hindernisse, auf die Sie gestoßen sind (z. B. Wartelisten)."},
    {"referrals", "Überweisungen", "An welche Stellen Sie vermittelt wurden, warum und mit welchem Ergebnis."},
    {"conferences", "Fallkonferenzen", "Besprechungen Ihres Falls: Tagesordnung, Teilnehmende, Protokoll, Beschlüsse."},
    {"documents", "Dokumente",
     "Dateien, die zu Ihrem Fall gespeichert sind (z. B. eine unterschriebene Einwilligung): Titel, "
     "Art, Größe und Prüfsumme. Jede Datei können Sie sich aushändigen lassen."},
    {"tasks", "Aufgaben und Erinnerungen",
     "Was Stellen zu Ihrem Fall zu erledigen hatten oder haben, und bis wann."},
    {"handovers", "Übergaben an ein anderes Netzwerk",
     "Wann Ihr Fall mit Ihrer Einwilligung einem Netzwerk an einem neuen Wohnort angeboten wurde."},
    {"person_links", "Verknüpfte Fälle",
     "Andere Fälle, von denen eine Stelle festgestellt hat, dass sie Sie (oder nicht Sie) betreffen."},
    {"recipients", "Wer Ihre Daten erhalten hat",
     "Jede Stelle außer der fallführenden, die Daten Ihres Falls gelesen oder geändert hat, welche "
     "Arten von Daten, wann zuerst und zuletzt und wie oft."},
};

/* German labels of the members shown most; others appear as they are named. */
static const struct {
    const char *key, *label;
} LABELS[] = {
    {"reference", "Aktenzeichen"}, {"status", "Stand"}, {"person", "Person"},
    {"first_name", "Vorname"}, {"last_name", "Nachname"}, {"birth_date", "Geburtsdatum"},
    {"birth_year", "Geburtsjahr"}, {"gender", "Geschlecht"}, {"nationality", "Staatsangehörigkeit"},
    {"languages", "Sprachen"}, {"contact", "Kontakt"}, {"phone", "Telefon"}, {"email", "E-Mail"},
    {"address", "Adresse"}, {"residence", "Aufenthalt"}, {"expires_on", "gültig bis"},
    {"arrival_date", "Einreise"}, {"municipality_ags", "Gemeinde (Schlüssel)"},
    {"accommodation", "Unterkunft"}, {"target_group", "Zielgruppe"},
    {"fields_of_action", "Handlungsfelder"}, {"case_manager", "Fallmanagerin/Fallmanager"},
    {"categories", "Datenarten"}, {"purpose", "Zweck"}, {"legal_basis", "Rechtsgrundlage"},
    {"valid_from", "gültig ab"}, {"valid_until", "gültig bis"}, {"revoked_at", "widerrufen am"},
    {"recipient_agency_id", "Stelle"}, {"reason", "Grund"}, {"note", "Notiz"},
    {"outcome", "Ergebnis"}, {"field_of_action", "Handlungsfeld"}, {"title", "Titel"},
    {"description", "Beschreibung"}, {"due_on", "fällig am"}, {"text", "Text"},
    {"agenda", "Tagesordnung"}, {"minutes", "Protokoll"}, {"decisions", "Beschlüsse"},
    {"participants", "Teilnehmende"}, {"place", "Ort"}, {"starts_at", "Beginn"},
    {"agency_name", "Stelle"}, {"first_access", "erster Zugriff"}, {"last_access", "letzter Zugriff"},
    {"accesses", "Zugriffe"}, {"notes", "Notizen"}, {"history", "frühere Fassungen"},
    {"corrections", "Korrekturen"}, {"previous", "frühere Fassung"}, {"media_type", "Dateityp"},
    {"size_bytes", "Größe (Bytes)"}, {"sha256", "Prüfsumme (SHA-256)"}, {"uploaded_at", "gespeichert am"},
};

static const char *label_of(const char *key)
{
    for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++)
        if (strcmp(LABELS[i].key, key) == 0)
            return LABELS[i].label;
    return key;
}

/* HTML text: & < > " ' escaped, control characters dropped. */
static void put_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        case '\n': fputs("<br>", f); break;
        default:
            if ((unsigned char)*s >= 0x20 && *s != 0x7f)
                fputc(*s, f);
        }
    }
}

static void put_value(FILE *f, json_t *v);

static const char *text_of(json_t *v)
{
    return json_is_string(v) ? json_string_value(v) : "";
}

/* An object as a definition list of its non-empty members. */
static void put_object(FILE *f, json_t *o)
{
    const char *key;
    json_t *v;
    fputs("<dl>", f);
    json_object_foreach(o, key, v) {
        if (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0))
            continue;
        fputs("<dt>", f);
        put_text(f, label_of(key));
        fputs("</dt><dd>", f);
        put_value(f, v);
        fputs("</dd>", f);
    }
    fputs("</dl>", f);
}

static void put_value(FILE *f, json_t *v)
{
    size_t i;
    json_t *item;
    char num[64];
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        put_object(f, v);
        break;
    case JSON_ARRAY:
        fputs("<ul>", f);
        json_array_foreach(v, i, item) {
            fputs("<li>", f);
            put_value(f, item);
            fputs("</li>", f);
        }
        fputs("</ul>", f);
        break;
    case JSON_STRING:
        put_text(f, json_string_value(v));
        break;
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        fputs(num, f);
        break;
    case JSON_REAL:
        snprintf(num, sizeof num, "%g", json_real_value(v));
        fputs(num, f);
        break;
    case JSON_TRUE:
        fputs("ja", f);
        break;
    case JSON_FALSE:
        fputs("nein", f);
        break;
    case JSON_NULL:
        break;
    }
}

char *export_html(json_t *export, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (f == NULL)
        return NULL;
    json_t *c = json_object_get(export, "case");
    fputs("<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\">"
          "<title>Auskunft über Ihre gespeicherten Daten</title><style>"
          "body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.4}"
          "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #888;margin-top:2em}"
          "dl{display:grid;grid-template-columns:14em 1fr;gap:.2em 1em}dt{font-weight:bold}"
          "dd{margin:0}ul{padding-left:1.2em}li{margin-bottom:.6em}"
          "@media print{body{margin:0;max-width:none}h2{break-after:avoid}}"
          "</style></head><body><h1>Auskunft über Ihre gespeicherten Daten</h1><p>", f);
    fputs("Diese Übersicht zeigt alles, was das Netzwerk zu Ihrem Fall (Aktenzeichen ", f);
    put_text(f, text_of(json_object_get(c, "reference")));
    fputs(") gespeichert hat, und welche Stellen diese Daten erhalten haben (Art. 15 DSGVO). Stand: ",
          f);
    put_text(f, text_of(json_object_get(export, "exported_at")));
    fputs(". Wenn etwas nicht stimmt, können Sie verlangen, dass es berichtigt oder gelöscht wird; "
          "fragen Sie Ihre Beraterin oder Ihren Berater.</p>", f);
    for (size_t i = 0; i < sizeof SECTIONS / sizeof SECTIONS[0]; i++) {
        json_t *v = json_object_get(export, SECTIONS[i].key);
        fprintf(f, "<section id=\"%s\"><h2>", SECTIONS[i].key);
        put_text(f, SECTIONS[i].title);
        fputs("</h2><p>", f);
        put_text(f, SECTIONS[i].intro);
        fputs("</p>", f);
        if (v == NULL || json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0))
            fputs("<p><em>Keine Einträge.</em></p>", f);
        else
            put_value(f, v);
        fputs("</section>", f);
    }
    fputs("</body></html>\n", f);
    fclose(f);
    return buf;
}
