-- 0001_core: tenants (networks), municipalities, agencies, API clients,
-- the event log every write appends to, and the row-level security that
-- keeps each network to itself.
--
-- Applied by `lotse migrate` (or at start with LOTSE_MIGRATION_DATABASE_URL)
-- as the owning role.  The service itself connects as lotse_app, which owns
-- nothing and has no BYPASSRLS; every tenant table has FORCE ROW LEVEL
-- SECURITY so even the owner is filtered.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lotse_app') THEN
    CREATE ROLE lotse_app NOLOGIN NOBYPASSRLS;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO lotse_app;

-- Request context.  lotse_begin() sets these with set_config(..., true), so
-- they live exactly as long as the request's transaction.
CREATE FUNCTION lotse_network() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('lotse.network_id', true), '')::uuid $$;

-- scope: 'network' (a network's member), 'platform' (platform_admin),
-- 'ministry' (statistics of all networks), '' (no principal yet).
CREATE FUNCTION lotse_scope() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('lotse.scope', true), '') $$;

CREATE FUNCTION lotse_is_platform() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT lotse_scope() = 'platform' $$;

-- RFC 3339 in UTC with a Z, as every timestamp of the API.
CREATE FUNCTION lotse_ts(t timestamptz) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

CREATE TABLE networks (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9]{1,11}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  state       text NOT NULL DEFAULT 'NW' CHECK (state ~ '^[A-Z]{2}$'),
  referrals_require_agreement boolean NOT NULL DEFAULT false,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE municipalities (
  network_id  uuid NOT NULL REFERENCES networks(id),
  ags         text NOT NULL CHECK (ags ~ '^[0-9]{8}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (network_id, ags)
);

CREATE TABLE agencies (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id  uuid NOT NULL REFERENCES networks(id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind        text NOT NULL CHECK (kind IN ('immigration_office', 'jobcenter',
                'social_welfare', 'youth_welfare', 'integration_centre',
                'employment_agency', 'welfare_organisation',
                'youth_migration_service', 'migration_counselling',
                'volunteer_coordination', 'school', 'other')),
  municipality_ags text,
  email       text,
  phone       text,
  address     text,
  active      boolean NOT NULL DEFAULT true,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (network_id, name),
  UNIQUE (network_id, id),
  FOREIGN KEY (network_id, municipality_ags) REFERENCES municipalities(network_id, ags)
);
CREATE INDEX agencies_updated ON agencies (network_id, updated_at);

-- API clients of agencies (client-credentials grant).  Platform-level
-- clients (ministry, platform_admin) have neither network nor agency.
CREATE TABLE api_clients (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id   text NOT NULL UNIQUE CHECK (client_id ~ '^[a-z0-9][a-z0-9_.-]{2,63}$'),
  network_id  uuid REFERENCES networks(id),
  agency_id   uuid,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  roles       text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['caseworker',
                'agency_admin', 'coordinator', 'auditor', 'ministry', 'platform_admin']),
  secret_hash text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  secret_rotated_at timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  created_by  text NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((network_id IS NULL) = (agency_id IS NULL)),
  FOREIGN KEY (network_id, agency_id) REFERENCES agencies(network_id, id)
);
CREATE INDEX api_clients_agency ON api_clients (agency_id);

-- Every change, no personal data.  txid lets the event feed order by
-- commit visibility later (pg_snapshot_xmin).  Like the audit log it has
-- no foreign key: a log must not share-lock the network row on every write.
CREATE TABLE events (
  id            bigserial PRIMARY KEY,
  network_id    uuid,
  type          text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  actor_sub     text NOT NULL,
  actor_agency  uuid,
  request_id    text,
  txid          xid8 NOT NULL DEFAULT pg_current_xact_id(),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_network ON events (network_id, id);

-- Row-level security: one policy set per table, keyed by network.
ALTER TABLE networks ENABLE ROW LEVEL SECURITY;
ALTER TABLE networks FORCE ROW LEVEL SECURITY;
CREATE POLICY networks_read ON networks FOR SELECT
  USING (id = lotse_network() OR lotse_scope() IN ('platform', 'ministry'));
CREATE POLICY networks_insert ON networks FOR INSERT
  WITH CHECK (lotse_is_platform());
-- a network's coordinator edits its own network's settings
CREATE POLICY networks_update ON networks FOR UPDATE
  USING (lotse_is_platform() OR id = lotse_network())
  WITH CHECK (lotse_is_platform() OR id = lotse_network());

ALTER TABLE municipalities ENABLE ROW LEVEL SECURITY;
ALTER TABLE municipalities FORCE ROW LEVEL SECURITY;
CREATE POLICY municipalities_tenant ON municipalities
  USING (network_id = lotse_network()) WITH CHECK (network_id = lotse_network());

ALTER TABLE agencies ENABLE ROW LEVEL SECURITY;
ALTER TABLE agencies FORCE ROW LEVEL SECURITY;
CREATE POLICY agencies_tenant ON agencies
  USING (network_id = lotse_network() OR lotse_is_platform())
  WITH CHECK (network_id = lotse_network() OR lotse_is_platform());

ALTER TABLE api_clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_clients FORCE ROW LEVEL SECURITY;
CREATE POLICY api_clients_tenant ON api_clients
  USING (network_id = lotse_network() OR lotse_is_platform())
  WITH CHECK (network_id = lotse_network() OR lotse_is_platform());
-- The token endpoint and the revocation check see exactly the one client
-- whose id the request presents, before any network is known.
CREATE POLICY api_clients_lookup ON api_clients FOR SELECT
  USING (client_id = current_setting('lotse.client_lookup', true));

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
CREATE POLICY events_read ON events FOR SELECT
  USING (network_id = lotse_network());
CREATE POLICY events_insert ON events FOR INSERT
  WITH CHECK (network_id IS NOT DISTINCT FROM lotse_network() OR lotse_is_platform());

-- Opens a request's context in one round trip: network, scope, actor.
-- With p_client it answers whether that API client is still active and
-- the token (issued at p_iat) postdates its last secret rotation, so
-- revoking or rotating a client takes effect on its very next request.
CREATE FUNCTION lotse_begin(p_network uuid, p_scope text, p_sub text,
                            p_client text, p_iat bigint)
  RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('lotse.network_id', coalesce(p_network::text, ''), true);
  PERFORM set_config('lotse.scope', coalesce(p_scope, ''), true);
  PERFORM set_config('lotse.sub', coalesce(p_sub, ''), true);
  IF p_client IS NULL THEN
    RETURN true;
  END IF;
  PERFORM set_config('lotse.client_lookup', p_client, true);
  RETURN EXISTS (SELECT 1 FROM api_clients
                  WHERE client_id = p_client AND revoked_at IS NULL
                    AND (p_iat IS NULL
                         OR date_trunc('second', secret_rotated_at) <= to_timestamp(p_iat)));
END
$$;

GRANT EXECUTE ON FUNCTION lotse_network(), lotse_scope(), lotse_is_platform(),
  lotse_begin(uuid, text, text, text, bigint) TO lotse_app;
GRANT SELECT, INSERT, UPDATE ON networks TO lotse_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON municipalities, agencies TO lotse_app;
GRANT SELECT, INSERT, UPDATE ON api_clients TO lotse_app;
GRANT SELECT, INSERT ON events TO lotse_app;
GRANT USAGE ON SEQUENCE events_id_seq TO lotse_app;
