-- Search for a person (issue 22): names matched the way German offices
-- meet them.  A name is split into words, lower-cased, umlauts and ß
-- spelled out (Müller = Mueller), other accents dropped; the words sorted,
-- so "Karimi Yusuf" is "Yusuf Karimi" (trigram similarity, pg_trgm); and
-- each word's Kölner Phonetik code, so that transliterations sound alike
-- (Mohammed, Muhammad and Mohamed are all 662).  Both are kept in columns
-- of the case beside the names (classified as the names are, erased with
-- them) and indexed with the year of birth.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- intarray's intersection of sorted integer arrays, in a schema of its own
-- (on the search path its operators would take over those of core for
-- every integer array): the search counts shared trigrams with it.
CREATE SCHEMA lotse_intarray;
CREATE EXTENSION IF NOT EXISTS intarray SCHEMA lotse_intarray;

-- The words of a name for matching, sorted.
CREATE FUNCTION lotse_name_words(t text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(w ORDER BY w), '{}') FROM regexp_split_to_table(
    translate(replace(replace(replace(replace(lower(coalesce(t, '')), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'),
              'àáâãåāăąçćčďđèéêëēėęěğìíîïīįıłñńňòóôõøōőřśşšťùúûūůűųýÿžźż',
              'aaaaaaaacccddeeeeeeeegiiiiiiilnnnooooooorsssstuuuuuuuyyzzz'),
    '[^a-z]+') w WHERE w <> ''
$$;

-- The name as one string of sorted words (for trigram similarity).
CREATE FUNCTION lotse_name_key(first_name text, last_name text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_to_string(lotse_name_words(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ' ')
$$;

-- The Kölner Phonetik (Postel 1969) of one word of lotse_name_words.
CREATE FUNCTION lotse_koelner(w text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  s text := upper(w);
  n integer := length(s);
  c text;
  prev text;
  nxt text;
  raw text := '';
BEGIN
  FOR i IN 1..n LOOP
    c := substr(s, i, 1);
    prev := substr(s, i - 1, 1);
    nxt := substr(s, i + 1, 1);
    raw := raw || CASE
      WHEN c IN ('A', 'E', 'I', 'J', 'O', 'U', 'Y') THEN '0'
      WHEN c = 'B' THEN '1'
      WHEN c = 'P' THEN CASE WHEN nxt = 'H' THEN '3' ELSE '1' END
      WHEN c IN ('D', 'T') THEN CASE WHEN nxt IN ('C', 'S', 'Z') THEN '8' ELSE '2' END
      WHEN c IN ('F', 'V', 'W') THEN '3'
      WHEN c IN ('G', 'K', 'Q') THEN '4'
      WHEN c = 'C' THEN CASE
        WHEN i = 1 THEN CASE WHEN nxt IN ('A', 'H', 'K', 'L', 'O', 'Q', 'R', 'U', 'X') THEN '4' ELSE '8' END
        WHEN prev IN ('S', 'Z') THEN '8'
        WHEN nxt IN ('A', 'H', 'K', 'O', 'Q', 'U', 'X') THEN '4' ELSE '8' END
      WHEN c = 'X' THEN CASE WHEN prev IN ('C', 'K', 'Q') THEN '8' ELSE '48' END
      WHEN c = 'L' THEN '5'
      WHEN c IN ('M', 'N') THEN '6'
      WHEN c = 'R' THEN '7'
      WHEN c IN ('S', 'Z') THEN '8'
      ELSE '' END; -- H and anything else: no code
  END LOOP;
  raw := regexp_replace(raw, '(.)\1+', '\1', 'g');
  RETURN substr(raw, 1, 1) || replace(substr(raw, 2), '0', '');
END $$;

-- The distinct phonetic codes of a name's words, sorted (each word coded once).
CREATE FUNCTION lotse_name_codes(first_name text, last_name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT k) FILTER (WHERE k <> ''), '{}')
  FROM unnest(lotse_name_words(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) w,
       lotse_koelner(w) k
$$;

-- The year a case's person was born in: of the birth date, else the birth year.
CREATE FUNCTION lotse_born_in(birth_date date, birth_year integer) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(extract(year FROM birth_date)::integer, birth_year)
$$;

-- The trigrams of a name key as pg_trgm makes them (each word padded with
-- two blanks before and one after), each as the integer of its three
-- bytes (a key has only a-z and blanks), distinct and sorted: the set
-- similarity() compares, kept so that a search can count shared trigrams
-- without making them again for every case.
CREATE FUNCTION lotse_name_trgm(key text) RETURNS integer[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT (ascii(substr(t, 1, 1)) << 16) + (ascii(substr(t, 2, 1)) << 8)
                                     + ascii(substr(t, 3, 1))), '{}')
  FROM unnest(show_trgm(key)) t
$$;

-- Whether trigram sets a and b (lotse_name_trgm) are similar at p_limit:
-- pg_trgm's similarity (shared / (|a| + |b| - shared), as float4) at
-- least p_limit, as name_key % key is for the keys they were made of.
-- Plain SQL, inlined.
CREATE FUNCTION lotse_trgm_similar(a integer[], b integer[], p_limit float8) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lotse_intarray.icount(lotse_intarray._int_inter(a, b))::float4
         / (cardinality(a) + cardinality(b) - lotse_intarray.icount(lotse_intarray._int_inter(a, b)))::float4
         >= p_limit
$$;

-- A case's name as the search compares it, kept beside the names by a
-- trigger (a search ranks its candidates by them without normalising
-- anything again): name_key is lotse_name_key, name_codes lotse_name_codes,
-- name_trgm lotse_name_trgm of name_key, all NULL when the names have no word.  They are the names, so in the
-- personal-data map as the names are (identity, erased, not exported:
-- technical copies); anonymization erases them with the names.
ALTER TABLE cases ADD COLUMN name_key text, ADD COLUMN name_codes text[], ADD COLUMN name_trgm integer[];

-- Sets NEW.name_key, NEW.name_codes and NEW.name_trgm from NEW's names, whatever was written to them.
CREATE FUNCTION lotse_case_name_keys() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.name_key := nullif(lotse_name_key(NEW.first_name, NEW.last_name), '');
  NEW.name_codes := nullif(lotse_name_codes(NEW.first_name, NEW.last_name), '{}');
  NEW.name_trgm := lotse_name_trgm(NEW.name_key);
  RETURN NEW;
END $$;
CREATE TRIGGER cases_name_keys BEFORE INSERT OR UPDATE OF first_name, last_name, name_key, name_codes, name_trgm
  ON cases FOR EACH ROW EXECUTE FUNCTION lotse_case_name_keys();
-- the cases there are (the owner reads and writes none of them under row-level security)
ALTER TABLE cases NO FORCE ROW LEVEL SECURITY;
UPDATE cases SET name_key = NULL;
ALTER TABLE cases FORCE ROW LEVEL SECURITY;

INSERT INTO data_map (table_name, column_name, category, kind, anonymize, rule, export_section, in_feeds) VALUES
  ('cases', 'name_key', 'identity', 'identifier', 'erase', NULL, NULL, false),
  ('cases', 'name_codes', 'identity', 'identifier', 'erase', NULL, NULL, false),
  ('cases', 'name_trgm', 'identity', 'identifier', 'erase', NULL, NULL, false);

-- The owner reads cases without a condition, so that indexes serve the
-- functions that read them as the owner (here and in 0035).  Their
-- operators (%, @>, ILIKE) are not leakproof, so behind any row-level
-- security condition that is not simply true the planner may not use
-- them as index conditions, and the owner's whole_case policy (migration
-- 0016) is such a condition: every search read every case of the network
-- (1.7 s at 10,000 cases).  As for the audit log (0026), the functions
-- keep to the caller's network and to the cases the caller's agency sees
-- themselves, and the service role's policies are unchanged.  The owner
-- could switch row-level security off anyway: this widens nothing an
-- attacker could not have.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY owner_reads ON cases FOR SELECT TO %I USING (true)', current_user);
END $$;

-- Visible first: a search given a birth year (or date) finds its
-- candidates through indexes keyed by the caller's agency, never by the
-- name, so that the cases of other agencies take no part in it, not even
-- in its time.  The cases an agency leads, by year of birth, with what the
-- search compares (index-only: the trigrams and codes of the name):
CREATE INDEX cases_lead_born ON cases (lead_agency_id, lotse_born_in(birth_date, birth_year))
  INCLUDE (id, birth_date, birth_year, name_trgm, name_codes);
-- and, for the cases consents name it in, the same by id (index-only: a
-- consented case is fetched only when its name matches)
CREATE INDEX cases_names ON cases (id) INCLUDE (birth_date, birth_year, name_trgm, name_codes);

-- and the cases consents name it in, by the year of birth of their
-- person: consents.case_born_in, a copy of lotse_born_in of the case,
-- kept by triggers (set when a consent is written, again when the case's
-- birth date or year changes; NULL once the case is anonymized).  It is the
-- person's year of birth, so in the personal-data map (identity, erased;
-- a technical copy, not exported).  A copy gone stale could only hide a
-- case from a search: each candidate's own year is checked again.
ALTER TABLE consents ADD COLUMN case_born_in integer;
INSERT INTO data_map (table_name, column_name, category, kind, anonymize, rule, export_section, in_feeds) VALUES
  ('consents', 'case_born_in', 'identity', 'quasi_identifier', 'erase', NULL, NULL, false);

CREATE FUNCTION lotse_consent_born_in() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  NEW.case_born_in := (SELECT lotse_born_in(c.birth_date, c.birth_year) FROM cases c
                        WHERE c.id = NEW.case_id AND c.anonymized_at IS NULL);
  RETURN NEW;
END $$;
CREATE TRIGGER consents_born_in BEFORE INSERT OR UPDATE OF case_id ON consents
  FOR EACH ROW EXECUTE FUNCTION lotse_consent_born_in();

CREATE FUNCTION lotse_case_born_in_to_consents() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_whole text := current_setting('lotse.whole_case', true);
BEGIN
  PERFORM set_config('lotse.whole_case', NEW.id::text, true);
  UPDATE consents SET case_born_in = CASE WHEN NEW.anonymized_at IS NULL
                                          THEN lotse_born_in(NEW.birth_date, NEW.birth_year) END
   WHERE case_id = NEW.id AND case_born_in IS DISTINCT FROM
         CASE WHEN NEW.anonymized_at IS NULL THEN lotse_born_in(NEW.birth_date, NEW.birth_year) END;
  PERFORM set_config('lotse.whole_case', coalesce(v_whole, ''), true);
  RETURN NULL;
END $$;
CREATE TRIGGER cases_born_in_to_consents AFTER UPDATE OF birth_date, birth_year, anonymized_at ON cases
  FOR EACH ROW WHEN (lotse_born_in(OLD.birth_date, OLD.birth_year) IS DISTINCT FROM lotse_born_in(NEW.birth_date, NEW.birth_year)
                     OR (OLD.anonymized_at IS NULL) <> (NEW.anonymized_at IS NULL))
  EXECUTE FUNCTION lotse_case_born_in_to_consents();

ALTER TABLE consents NO FORCE ROW LEVEL SECURITY;
UPDATE consents SET case_id = case_id;
ALTER TABLE consents FORCE ROW LEVEL SECURITY;
CREATE INDEX consents_recipient_born ON consents (recipient_agency_id, case_born_in, case_id);
CREATE INDEX consents_network_born ON consents (network_id, case_born_in, case_id) WHERE whole_network;

-- The cases of the caller's network whose names match p_name (similar
-- words, or every word sounding alike), that the caller's agency sees with
-- the identity category, narrowed by birth date, birth year and
-- nationality when given; ranked by score (trigram similarity of the
-- sorted names, 0.6, and the share of the query's words that sound alike,
-- 0.4), at most the best 100, the page after rank p_after.  Reads as the
-- owner (the caller may not read consents that do not name it, nor would
-- the name indexes serve under row-level security).
--
-- Visible first: the candidates are the cases the agency leads
-- (cases_lead_born, index only: the names' trigrams and codes are compared
-- there) and those consents in force name it in, or the whole network,
-- with identity (consents_recipient_born, consents_network_born), of the
-- year when a birth year or date is given; no other case is read, so the
-- cases of other agencies change neither the answer nor the time it takes.
-- The statement is planned with bitmap and sequential scans off: the name
-- indexes (GIN) serve only bitmap scans, and no plan may read the
-- network's cases.  A candidate matches as the name indexes would have
-- matched it: trigram similarity at least pg_trgm.similarity_threshold
-- (lotse_trgm_similar, the same float4 value as %) or every word of the
-- query sounding alike.  Without a year the agency's time grows with all
-- the cases it sees (its own, never anyone else's).  Planned for each call
-- (force_custom_plan), so that a year or date not given drops out of the
-- conditions.
CREATE FUNCTION lotse_person_search(p_name text, p_birth_date date, p_birth_year integer,
                                    p_nationality text, p_after integer, p_limit integer)
  RETURNS TABLE (case_id uuid, key text, json text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  SET plan_cache_mode = force_custom_plan SET jit = off AS $$
DECLARE
  v_key text := lotse_name_key(p_name, NULL);
  v_codes text[] := lotse_name_codes(p_name, NULL);
  v_trgm integer[] := lotse_name_trgm(v_key);
  v_limit float8 := coalesce(current_setting('pg_trgm.similarity_threshold', true)::float8, 0.3);
  v_year integer := coalesce(p_birth_year, extract(year FROM p_birth_date)::integer);
  v_agency uuid := lotse_agency();
  v_network uuid := lotse_network();
  v_bitmap text := current_setting('enable_bitmapscan');
  v_seq text := current_setting('enable_seqscan');
BEGIN
  IF cardinality(v_codes) = 0 OR v_network IS NULL OR v_agency IS NULL THEN
    RETURN;
  END IF;
  PERFORM set_config('lotse.whole_case', 'person_search', true);
  PERFORM set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true);
  RETURN QUERY
  WITH seen AS (
    -- the cases it leads (of that year) whose names match
    SELECT c0.id FROM cases c0
    WHERE c0.lead_agency_id = v_agency
      AND (v_year IS NULL OR lotse_born_in(c0.birth_date, c0.birth_year) = v_year)
      AND (p_birth_date IS NULL OR c0.birth_date = p_birth_date)
      AND (lotse_trgm_similar(c0.name_trgm, v_trgm, v_limit) OR arraycontains(c0.name_codes, v_codes))
    UNION
    -- the cases (of that year) consents in force name it in, or the whole network, with identity,
    -- whose names match
    SELECT n.id FROM (
      SELECT k.case_id FROM consents k
      WHERE k.recipient_agency_id = v_agency AND (v_year IS NULL OR k.case_born_in = v_year)
        AND 'identity' = ANY (k.categories) AND lotse_consent_in_force(k, v_agency)
      UNION
      SELECT k.case_id FROM consents k
      WHERE k.network_id = v_network AND k.whole_network AND (v_year IS NULL OR k.case_born_in = v_year)
        AND 'identity' = ANY (k.categories) AND lotse_consent_in_force(k, v_agency)) k
    JOIN cases n ON n.id = k.case_id
    WHERE (v_year IS NULL OR lotse_born_in(n.birth_date, n.birth_year) = v_year)
      AND (lotse_trgm_similar(n.name_trgm, v_trgm, v_limit) OR arraycontains(n.name_codes, v_codes))),
  cand AS (
    SELECT c.*, 0.6 * similarity(c.name_key, v_key)
             + 0.4 * (SELECT count(*) FROM unnest(v_codes) x WHERE x = ANY (c.name_codes))::numeric
                   / cardinality(v_codes) AS score
    FROM seen s, LATERAL (SELECT c.id, c.reference, c.first_name, c.last_name, c.birth_date, c.birth_year,
                                 c.nationality, c.status, c.name_key, c.name_codes, c.name_trgm,
                                 c.network_id, c.anonymized_at
                          FROM cases c WHERE c.id = s.id OFFSET 0) c
    WHERE (v_year IS NULL OR lotse_born_in(c.birth_date, c.birth_year) = v_year)
      AND (lotse_trgm_similar(c.name_trgm, v_trgm, v_limit) OR arraycontains(c.name_codes, v_codes))
      AND (p_birth_date IS NULL OR c.birth_date = p_birth_date)
      AND (p_nationality IS NULL OR c.nationality = p_nationality)
      AND c.network_id = v_network AND c.anonymized_at IS NULL),
  ranked AS (
    SELECT s.*, row_number() OVER (ORDER BY s.score DESC, s.reference, s.id) AS rank FROM cand s
    ORDER BY s.score DESC, s.reference, s.id LIMIT 100)
  SELECT r.id, r.rank::text,
         json_build_object('case_id', r.id, 'reference', r.reference, 'first_name', r.first_name,
                           'last_name', r.last_name, 'birth_date', r.birth_date,
                           'birth_year', lotse_born_in(r.birth_date, r.birth_year),
                           'nationality', r.nationality, 'status', r.status,
                           'score', round(r.score::numeric, 3))::text
  FROM ranked r WHERE r.rank > coalesce(p_after, 0) ORDER BY r.rank LIMIT p_limit;
  PERFORM set_config('enable_bitmapscan', v_bitmap, true), set_config('enable_seqscan', v_seq, true);
  PERFORM set_config('lotse.whole_case', '', true);
END $$;
REVOKE ALL ON FUNCTION lotse_person_search(text, date, integer, text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse_person_search(text, date, integer, text, integer, integer) TO lotse_app;
GRANT EXECUTE ON FUNCTION lotse_name_words(text), lotse_name_key(text, text), lotse_koelner(text),
  lotse_name_codes(text, text), lotse_born_in(date, integer), lotse_name_trgm(text) TO lotse_app;
