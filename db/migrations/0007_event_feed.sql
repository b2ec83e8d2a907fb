-- 0007_event_feed: events name the case they concern (for visibility in
-- the feed) and are read in commit order.
ALTER TABLE events ADD COLUMN case_id uuid;
CREATE INDEX events_feed ON events (network_id, txid, id);
