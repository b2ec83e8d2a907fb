-- Search for a person (issue 22): names matched the way German offices
-- meet them.  A name is split into words, lower-cased, umlauts and ß
-- spelled out (Müller = Mueller), other accents dropped; the words sorted,
-- so "Karimi Yusuf" is "Yusuf Karimi" (trigram similarity, pg_trgm); and
-- each word's Kölner Phonetik code, so that transliterations sound alike
-- (Mohammed, Muhammad and Mohamed are all 662).  Both are kept in columns
-- of the case beside the names (classified as the names are, erased with
-- them) and indexed with the year of birth.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

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

-- A case's name as the search compares it, kept beside the names by a
-- trigger (a search ranks its candidates by them without normalising
-- anything again): name_key is lotse_name_key, name_codes lotse_name_codes,
-- both NULL when the names have no word.  They are the names, so in the
-- personal-data map as the names are (identity, erased, not exported:
-- technical copies); anonymization erases them with the names.
ALTER TABLE cases ADD COLUMN name_key text, ADD COLUMN name_codes text[];

-- Sets NEW.name_key and NEW.name_codes from NEW's names, whatever was written to them.
CREATE FUNCTION lotse_case_name_keys() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.name_key := nullif(lotse_name_key(NEW.first_name, NEW.last_name), '');
  NEW.name_codes := nullif(lotse_name_codes(NEW.first_name, NEW.last_name), '{}');
  RETURN NEW;
END $$;
CREATE TRIGGER cases_name_keys BEFORE INSERT OR UPDATE OF first_name, last_name, name_key, name_codes
  ON cases FOR EACH ROW EXECUTE FUNCTION lotse_case_name_keys();
UPDATE cases SET name_key = NULL;

INSERT INTO data_map (table_name, column_name, category, kind, anonymize, rule, export_section, in_feeds) VALUES
  ('cases', 'name_key', 'identity', 'identifier', 'erase', NULL, NULL, false),
  ('cases', 'name_codes', 'identity', 'identifier', 'erase', NULL, NULL, false);

-- Both indexes lead with the year of birth (btree_gin), so that a search
-- given a birth date or year reads only the names of that year; without
-- one they serve by the name alone (a GIN index takes any of its columns).
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX cases_name_trgm ON cases USING gin (lotse_born_in(birth_date, birth_year), name_key gin_trgm_ops);
CREATE INDEX cases_name_codes ON cases USING gin (lotse_born_in(birth_date, birth_year), name_codes);

-- The owner reads cases without a condition, so that these indexes serve
-- the functions that read them as the owner (here and in 0035).  Their
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

-- The cases of the caller's network whose names match p_name (similar
-- words, or every word sounding alike), that the caller's agency sees with
-- the identity category, narrowed by birth date, birth year and
-- nationality when given; ranked by score (trigram similarity of the
-- sorted names, 0.6, and the share of the query's words that sound alike,
-- 0.4), at most the best 100, the page after rank p_after.  Reads as the
-- owner, so that the name indexes serve (their operators may not run
-- before row-level security); what a caller gets is decided by lotse_sees
-- before anything is ranked, so a case it does not see adds no result,
-- rank or count.  It does take part in the index scans: the search's time
-- grows with the number of similar names in the network born in the year
-- asked for (or in any year, when none is).  Planned for each call
-- (force_custom_plan), so that a year or date not given drops out of the
-- index conditions instead of hiding them behind an OR.
CREATE FUNCTION lotse_person_search(p_name text, p_birth_date date, p_birth_year integer,
                                    p_nationality text, p_after integer, p_limit integer)
  RETURNS TABLE (case_id uuid, key text, json text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  v_key text := lotse_name_key(p_name, NULL);
  v_codes text[] := lotse_name_codes(p_name, NULL);
  v_year integer := coalesce(p_birth_year, extract(year FROM p_birth_date)::integer);
BEGIN
  IF cardinality(v_codes) = 0 OR lotse_network() IS NULL OR lotse_agency() IS NULL THEN
    RETURN;
  END IF;
  PERFORM set_config('lotse.whole_case', 'person_search', true);
  RETURN QUERY
  WITH cand AS (
    SELECT c.*, 0.6 * similarity(c.name_key, v_key)
             + 0.4 * (SELECT count(*) FROM unnest(v_codes) x WHERE x = ANY (c.name_codes))::numeric
                   / cardinality(v_codes) AS score
    FROM cases c
    WHERE ((c.name_key % v_key AND (v_year IS NULL OR lotse_born_in(c.birth_date, c.birth_year) = v_year))
           OR (c.name_codes @> v_codes AND (v_year IS NULL OR lotse_born_in(c.birth_date, c.birth_year) = v_year)))
      AND (p_birth_date IS NULL OR c.birth_date = p_birth_date)
      AND (p_nationality IS NULL OR c.nationality = p_nationality)
      AND c.network_id = lotse_network() AND c.anonymized_at IS NULL
    ORDER BY score DESC, c.reference, c.id OFFSET 0),
  -- the candidates in the order of their score, each asked whether the agency sees it with
  -- identity (lotse_sees: it leads the case or a consent in force names it with identity)
  -- until 100 are seen (OFFSET 0 keeps the question above the sort): ranks among those seen
  ranked AS (
    SELECT s.*, row_number() OVER (ORDER BY s.score DESC, s.reference, s.id) AS rank FROM cand s
    WHERE s.lead_agency_id = lotse_agency()
       OR EXISTS (SELECT 1 FROM consents k WHERE k.case_id = s.id AND 'identity' = ANY (k.categories)
                     AND lotse_consent_in_force(k, lotse_agency()) OFFSET 0)
    ORDER BY s.score DESC, s.reference, s.id LIMIT 100)
  SELECT r.id, r.rank::text,
         json_build_object('case_id', r.id, 'reference', r.reference, 'first_name', r.first_name,
                           'last_name', r.last_name, 'birth_date', r.birth_date,
                           'birth_year', lotse_born_in(r.birth_date, r.birth_year),
                           'nationality', r.nationality, 'status', r.status,
                           'score', round(r.score::numeric, 3))::text
  FROM ranked r WHERE r.rank > coalesce(p_after, 0) ORDER BY r.rank LIMIT p_limit;
  PERFORM set_config('lotse.whole_case', '', true);
END $$;
REVOKE ALL ON FUNCTION lotse_person_search(text, date, integer, text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse_person_search(text, date, integer, text, integer, integer) TO lotse_app;
GRANT EXECUTE ON FUNCTION lotse_name_words(text), lotse_name_key(text, text), lotse_koelner(text),
  lotse_name_codes(text, text), lotse_born_in(date, integer) TO lotse_app;
