-- Deleting a webhook subscription deletes its deliveries and their
-- attempts.  The statement used to delete them itself, in CTEs that see
-- the statement's snapshot: a delivery the fan-out worker inserted
-- meanwhile (the backlog of a new subscription) made the delete fail on
-- the foreign key (found by a test deleting a fresh subscription).  The
-- cascade sees every committed row.
ALTER TABLE webhook_attempts DROP CONSTRAINT webhook_attempts_delivery_id_fkey,
  ADD CONSTRAINT webhook_attempts_delivery_id_fkey FOREIGN KEY (delivery_id)
    REFERENCES webhook_deliveries (id) ON DELETE CASCADE;
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_network_id_subscription_id_fkey,
  ADD CONSTRAINT webhook_deliveries_network_id_subscription_id_fkey
    FOREIGN KEY (network_id, subscription_id) REFERENCES webhook_subscriptions (network_id, id)
    ON DELETE CASCADE;
