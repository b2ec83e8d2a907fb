-- Retention of the other tables that only grow (issue 21).  `lotse
-- maintenance` deletes, in batches, events older than
-- LOTSE_EVENT_RETENTION_DAYS (default 400: a partner system that reads the
-- feed less than once a year loses events; case.transferred events stay,
-- the Art. 15 export needs them to tell a former lead from a recipient)
-- and finished webhook deliveries (with their attempts) older than
-- LOTSE_WEBHOOK_RETENTION_DAYS (default 30).  Idempotency records already
-- go after 24 hours, the audit log by month (migration 0024).
CREATE INDEX events_created ON events (created_at);
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at) WHERE status <> 'pending';

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['events', 'webhook_deliveries', 'webhook_attempts'] LOOP
    EXECUTE format('CREATE POLICY prune ON %I TO %I USING (current_setting(''lotse.prune'', true) = ''on'')',
                   t, current_user);
  END LOOP;
END $$;

-- Deletes at most p_batch of each; returns how many went (call again
-- until both are below p_batch).
CREATE FUNCTION lotse_prune(p_event_days integer, p_delivery_days integer, p_batch integer)
  RETURNS TABLE (events bigint, deliveries bigint)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  -- the service calls this: it must not be able to delete the recent feed
  IF p_event_days IS NULL OR p_event_days < 30 OR p_delivery_days IS NULL OR p_delivery_days < 1
     OR p_batch IS NULL OR p_batch < 1 THEN
    RAISE EXCEPTION 'events are kept at least 30 days, deliveries at least one'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM set_config('lotse.prune', 'on', true);
  DELETE FROM webhook_deliveries WHERE id IN (SELECT d.id FROM webhook_deliveries d
    WHERE d.status <> 'pending' AND d.created_at < now() - make_interval(days => p_delivery_days)
    LIMIT p_batch);
  GET DIAGNOSTICS deliveries = ROW_COUNT;
  DELETE FROM events WHERE id IN (SELECT e.id FROM events e
    WHERE e.created_at < now() - make_interval(days => p_event_days) AND e.type <> 'case.transferred'
    LIMIT p_batch);
  GET DIAGNOSTICS events = ROW_COUNT;
  PERFORM set_config('lotse.prune', '', true);
  RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION lotse_prune(integer, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse_prune(integer, integer, integer) TO lotse_app;
