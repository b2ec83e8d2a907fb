-- The request context in one plain statement.  lotse_begin() (PL/pgSQL)
-- cost about 17 % of the database's CPU on a case read (measured with
-- perf); db.c now sets the same settings with set_config() in a single
-- SELECT and calls this function only when the revocation check fails,
-- so the common path runs no PL/pgSQL.  lotse_begin() stays for
-- instances of the previous release during a rolling upgrade.
CREATE FUNCTION lotse_client_revoked() RETURNS boolean
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'the API client was revoked or its secret rotated'
    USING ERRCODE = 'invalid_authorization_specification';
END
$$;

GRANT EXECUTE ON FUNCTION lotse_client_revoked() TO lotse_app;
