-- 0010_event_notify: a transaction that writes events notifies the
-- listeners of lotse_events once per network when it commits (NOTIFY folds
-- equal payloads), so long polls wake without polling the table.
CREATE FUNCTION lotse_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lotse_events', coalesce(NEW.network_id::text, ''));
  RETURN NULL;
END $$;
CREATE TRIGGER events_notify AFTER INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION lotse_event_notify();
