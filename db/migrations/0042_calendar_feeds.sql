-- Subscribable calendars (issue 23, item 5): an agency's conference
-- calendar behind a secret URL a calendar app can poll without a bearer
-- header.  The token is shown once and stored as its SHA-256; revoking
-- sets revoked_at and the very next poll is a 404.  A feed acts as its
-- agency, reading only what the agency's own calendar shows (references,
-- times, places; no names), and every poll is audited as the feed.
CREATE TABLE calendar_feeds (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id  uuid NOT NULL,
  agency_id   uuid NOT NULL,
  label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  token_hash  text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_by  text NOT NULL,
  revoked_at  timestamptz,
  revoked_by  text,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, agency_id) REFERENCES agencies (network_id, id)
);
CREATE INDEX calendar_feeds_agency ON calendar_feeds (agency_id);
ALTER TABLE calendar_feeds ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_feeds FORCE ROW LEVEL SECURITY;
CREATE POLICY calendar_feeds_agency ON calendar_feeds
  USING (network_id = lotse_network() AND agency_id = lotse_agency())
  WITH CHECK (network_id = lotse_network() AND agency_id = lotse_agency());
GRANT SELECT, INSERT, UPDATE ON calendar_feeds TO lotse_app;

-- The one lookup without a tenant: the feed of a token hash, if it is not
-- revoked and its agency is active.
CREATE FUNCTION lotse_calendar_feed(p_hash text) RETURNS TABLE (id uuid, network_id uuid, agency_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT f.id, f.network_id, f.agency_id FROM calendar_feeds f
   WHERE f.token_hash = p_hash AND f.revoked_at IS NULL
     AND EXISTS (SELECT 1 FROM agencies a WHERE a.id = f.agency_id AND a.active)
$$;
DO $$
BEGIN
  -- the lookup reads the feed of one hash as the owner
  EXECUTE format('CREATE POLICY calendar_feeds_lookup ON calendar_feeds FOR SELECT TO %I USING (true)', current_user);
END $$;
REVOKE ALL ON FUNCTION lotse_calendar_feed(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse_calendar_feed(text) TO lotse_app;

INSERT INTO data_map_tables VALUES ('calendar_feeds', NULL);
INSERT INTO data_map VALUES
  ('calendar_feeds', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('calendar_feeds', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('calendar_feeds', 'agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('calendar_feeds', 'label', 'none', 'none', 'keep', NULL, NULL, false),
  ('calendar_feeds', 'token_hash', 'none', 'none', 'keep', NULL, NULL, false),
  ('calendar_feeds', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('calendar_feeds', 'revoked_at', 'none', 'none', 'keep', NULL, NULL, false),
  ('calendar_feeds', 'revoked_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('calendar_feeds', 'version', 'none', 'none', 'keep', NULL, NULL, false),
  ('calendar_feeds', 'created_at', 'none', 'none', 'keep', NULL, NULL, false),
  ('calendar_feeds', 'updated_at', 'none', 'none', 'keep', NULL, NULL, false);
