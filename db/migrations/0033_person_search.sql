-- Search for a person (issue 22): names matched the way German offices
-- meet them.  A name is split into words, lower-cased, umlauts and ß
-- spelled out (Müller = Mueller), other accents dropped; the words sorted,
-- so "Karimi Yusuf" is "Yusuf Karimi" (trigram similarity, pg_trgm); and
-- each word's Kölner Phonetik code, so that transliterations sound alike
-- (Mohammed, Muhammad and Mohamed are all 662).  Both are indexed as
-- expressions over the classified columns first_name and last_name (no
-- column of their own: anonymization erases the names, and their index
-- entries with them).
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

-- The distinct phonetic codes of a name's words.
CREATE FUNCTION lotse_name_codes(first_name text, last_name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT lotse_koelner(w)) FILTER (WHERE lotse_koelner(w) <> ''), '{}')
  FROM unnest(lotse_name_words(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) w
$$;

CREATE INDEX cases_name_trgm ON cases USING gin (lotse_name_key(first_name, last_name) gin_trgm_ops);
CREATE INDEX cases_name_codes ON cases USING gin (lotse_name_codes(first_name, last_name));

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
-- grows with the number of similar names in the network.
CREATE FUNCTION lotse_person_search(p_name text, p_birth_date date, p_birth_year integer,
                                    p_nationality text, p_after integer, p_limit integer)
  RETURNS TABLE (case_id uuid, key text, json text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_key text := lotse_name_key(p_name, NULL);
  v_codes text[] := lotse_name_codes(p_name, NULL);
BEGIN
  IF cardinality(v_codes) = 0 OR lotse_network() IS NULL OR lotse_agency() IS NULL THEN
    RETURN;
  END IF;
  PERFORM set_config('lotse.whole_case', 'person_search', true);
  RETURN QUERY
  WITH cand AS (
    SELECT c.id FROM cases c WHERE c.network_id = lotse_network()
      AND lotse_name_key(c.first_name, c.last_name) % v_key
    UNION
    SELECT c.id FROM cases c WHERE c.network_id = lotse_network()
      AND lotse_name_codes(c.first_name, c.last_name) @> v_codes),
  seen AS (
    SELECT c.*, 0.6 * similarity(lotse_name_key(c.first_name, c.last_name), v_key)
             + 0.4 * (SELECT count(*) FROM unnest(v_codes) x
                      WHERE x = ANY (lotse_name_codes(c.first_name, c.last_name)))::numeric
                   / cardinality(v_codes) AS score
    FROM cases c JOIN cand USING (id)
    WHERE c.network_id = lotse_network() AND c.anonymized_at IS NULL
      AND (p_birth_date IS NULL OR c.birth_date = p_birth_date)
      AND (p_birth_year IS NULL OR coalesce(extract(year FROM c.birth_date)::integer, c.birth_year) = p_birth_year)
      AND (p_nationality IS NULL OR c.nationality = p_nationality)
      AND lotse_sees(c.id, 'identity')),
  ranked AS (
    SELECT s.*, row_number() OVER (ORDER BY s.score DESC, s.reference, s.id) AS rank FROM seen s
    ORDER BY s.score DESC, s.reference, s.id LIMIT 100)
  SELECT r.id, r.rank::text,
         json_build_object('case_id', r.id, 'reference', r.reference, 'first_name', r.first_name,
                           'last_name', r.last_name, 'birth_date', r.birth_date,
                           'birth_year', coalesce(extract(year FROM r.birth_date)::integer, r.birth_year),
                           'nationality', r.nationality, 'status', r.status,
                           'score', round(r.score::numeric, 3))::text
  FROM ranked r WHERE r.rank > coalesce(p_after, 0) ORDER BY r.rank LIMIT p_limit;
  PERFORM set_config('lotse.whole_case', '', true);
END $$;
REVOKE ALL ON FUNCTION lotse_person_search(text, date, integer, text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse_person_search(text, date, integer, text, integer, integer) TO lotse_app;
GRANT EXECUTE ON FUNCTION lotse_name_words(text), lotse_name_key(text, text), lotse_koelner(text),
  lotse_name_codes(text, text) TO lotse_app;
