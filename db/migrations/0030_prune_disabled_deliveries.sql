-- lotse_prune (0025) also deletes the pending deliveries of disabled
-- subscriptions older than the deliveries' retention (issue 21): a
-- subscription disabled after repeated failures is never retried, so its
-- pending deliveries only grew.  Pending deliveries of active
-- subscriptions stay, however old: they are still to be delivered.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY prune ON webhook_subscriptions FOR SELECT TO %I '
                 'USING (current_setting(''lotse.prune'', true) = ''on'')', current_user);
END $$;

CREATE OR REPLACE FUNCTION lotse_prune(p_event_days integer, p_delivery_days integer, p_batch integer)
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
  -- at most p_batch in all, so that fewer than p_batch tells the caller it is done
  DELETE FROM webhook_deliveries WHERE id IN (SELECT x.id FROM (
    (SELECT d.id FROM webhook_deliveries d
      WHERE d.status <> 'pending' AND d.created_at < now() - make_interval(days => p_delivery_days)
      LIMIT p_batch)
    UNION ALL
    (SELECT d.id FROM webhook_subscriptions s JOIN webhook_deliveries d ON d.subscription_id = s.id
      WHERE s.status = 'disabled' AND d.status = 'pending'
        AND d.created_at < now() - make_interval(days => p_delivery_days)
      LIMIT p_batch)) x LIMIT p_batch);
  GET DIAGNOSTICS deliveries = ROW_COUNT;
  DELETE FROM events WHERE id IN (SELECT e.id FROM events e
    WHERE e.created_at < now() - make_interval(days => p_event_days) AND e.type <> 'case.transferred'
    LIMIT p_batch);
  GET DIAGNOSTICS events = ROW_COUNT;
  PERFORM set_config('lotse.prune', '', true);
  RETURN NEXT;
END
$$;
