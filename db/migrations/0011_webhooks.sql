-- 0011_webhooks: agencies subscribe to events and receive them as signed
-- HTTPS deliveries (Standard Webhooks).  Every Lotse instance runs the
-- delivery worker; rows are claimed with FOR UPDATE SKIP LOCKED, so
-- instances share the work without sending an event twice in normal
-- operation, and a delivery whose instance died is sent again.

-- A subscription of an agency: where to, which event types (empty: all),
-- the signing secret (needed to sign, so kept; never shown again after
-- creation), and its position in the event stream: events after
-- (cursor_txid, cursor_id) are still to be fanned out into deliveries.
CREATE TABLE webhook_subscriptions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id      uuid NOT NULL REFERENCES networks (id),
  agency_id       uuid NOT NULL,
  url             text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
  event_types     text[] NOT NULL DEFAULT '{}',
  secret          text NOT NULL,
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  disabled_at     timestamptz,
  disabled_reason text,
  cursor_txid     xid8 NOT NULL DEFAULT pg_snapshot_xmin(pg_current_snapshot()),
  cursor_id       bigint NOT NULL DEFAULT 0,
  created_by      text NOT NULL,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (network_id, id),
  FOREIGN KEY (network_id, agency_id) REFERENCES agencies (network_id, id)
);
CREATE INDEX webhook_subscriptions_agency ON webhook_subscriptions (agency_id, id);

-- One event for one subscription: its body (fixed when fanned out, so a
-- replay sends the same bytes), state and schedule.
CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id       uuid NOT NULL,
  subscription_id  uuid NOT NULL,
  event_id         bigint NOT NULL,
  payload          text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_status_code integer,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_id, event_id),
  FOREIGN KEY (network_id, subscription_id) REFERENCES webhook_subscriptions (network_id, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at, id);

-- Every attempt: when, the answer's status code (NULL: no answer), how
-- long it took, and why it failed.
CREATE TABLE webhook_attempts (
  id           bigserial PRIMARY KEY,
  network_id   uuid NOT NULL,
  delivery_id  uuid NOT NULL REFERENCES webhook_deliveries (id),
  attempted_at timestamptz NOT NULL DEFAULT now(),
  status_code  integer,
  duration_ms  integer NOT NULL,
  error        text,
  instance     text
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- The network's agencies reach their own subscriptions; the delivery
-- worker works across networks in the platform scope.
ALTER TABLE webhook_subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_subscriptions FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_subscriptions_tenant ON webhook_subscriptions
  USING (network_id = lotse_network() OR lotse_is_platform())
  WITH CHECK (network_id = lotse_network() OR lotse_is_platform());
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_deliveries_tenant ON webhook_deliveries
  USING (network_id = lotse_network() OR lotse_is_platform())
  WITH CHECK (network_id = lotse_network() OR lotse_is_platform());
ALTER TABLE webhook_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_attempts_tenant ON webhook_attempts
  USING (network_id = lotse_network() OR lotse_is_platform())
  WITH CHECK (network_id = lotse_network() OR lotse_is_platform());

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_subscriptions TO lotse_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO lotse_app;
GRANT SELECT, INSERT, DELETE ON webhook_attempts TO lotse_app;
GRANT USAGE ON SEQUENCE webhook_attempts_id_seq TO lotse_app;
