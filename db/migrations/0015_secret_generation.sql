-- A client's tokens name the generation of the secret they were issued
-- for (claim "gen"); rotating the secret starts a new generation, so a
-- token issued in the same second as a rotation, before it, stops too
-- (secret_rotated_at compared with iat, whole seconds, let it pass).
ALTER TABLE api_clients ADD COLUMN secret_generation integer NOT NULL DEFAULT 1;
