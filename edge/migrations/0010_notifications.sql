-- 0010: notifications — per-tenant channels (office email, outbound webhooks), the events they
-- are told about, and one delivery per (event, channel) with its attempts. Forward-only.
-- See docs/notifications.md.

-- A place the office is told: `email` (recipients) or `webhook` (URL + format). Deleting keeps
-- the row (deleted_at) so the delivery log still names where each alert went.
CREATE TABLE notification_channels (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  kind TEXT NOT NULL CHECK (kind IN ('email', 'webhook')),
  description TEXT,
  -- email: JSON array of recipient addresses.
  email_to TEXT,
  -- webhook: https URL (checked by edge/notifications/url-safety.ts) and body format.
  url TEXT,
  format TEXT CHECK (format IN ('standard', 'slack')),
  -- JSON array of subscribed event types (shared/notifications.ts).
  events TEXT NOT NULL,
  -- Leads from the tenant's test contacts alert only channels that opt in.
  include_test INTEGER NOT NULL DEFAULT 0 CHECK (include_test IN (0, 1)),
  -- `standard` webhooks: the whsec_ signing secret sealed with WEBHOOK_SECRET_KEY, and the
  -- previous one during a rotation's grace period (both sign until it expires).
  secret_ciphertext TEXT,
  secret_fingerprint TEXT,
  previous_secret_ciphertext TEXT,
  previous_secret_expires_at TEXT,
  -- Paused by an operator: deliveries are kept pending and sent on resume.
  paused_at TEXT,
  -- Disabled by the system (410 Gone, or failing everything for 5 days); resumed by an operator.
  disabled_at TEXT,
  disabled_reason TEXT,
  -- First failed attempt since the last success: the 5-day clock of automatic disabling.
  failing_since TEXT,
  deleted_at TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE INDEX notification_channels_by_tenant ON notification_channels (tenant, created_at);

-- One occurrence of a catalog event (the Svix "message"): its id is the `webhook-id` every
-- delivery and retry carries. (tenant, type, subject) is unique, so a duplicate lead, a
-- redelivered queue message or the sweep never makes a second one.
CREATE TABLE notification_events (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  type TEXT NOT NULL,
  -- What it is about: a lead id, sync job id, drift finding id, webhook event id, channel id.
  subject TEXT NOT NULL,
  lead_id TEXT,
  -- Test-contact lead: only channels with include_test hear of it.
  test INTEGER NOT NULL DEFAULT 0 CHECK (test IN (0, 1)),
  -- `notification.test`: the one channel it goes to. NULL: every subscribed channel.
  target_channel_id TEXT,
  -- JSON body `{"type", "timestamp", "data"}`, exactly as sent.
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- When deliveries were created for the subscribed channels; NULL: not yet (the sweep retries).
  fanned_out_at TEXT,
  UNIQUE (tenant, type, subject)
);

-- The sweep asks whether a source row (lead, job, finding, webhook event) has its event yet.
CREATE INDEX notification_events_by_subject ON notification_events (subject);
CREATE INDEX notification_events_to_fan_out ON notification_events (fanned_out_at, created_at);

-- One event to one channel. Attempts follow the retry schedule until `attempt_budget`; a manual
-- redeliver grants one more attempt.
CREATE TABLE notification_deliveries (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  event_id TEXT NOT NULL REFERENCES notification_events (id) ON DELETE CASCADE,
  channel_id TEXT NOT NULL REFERENCES notification_channels (id),
  event_type TEXT NOT NULL,
  lead_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'retrying', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  attempt_budget INTEGER NOT NULL,
  last_http_status INTEGER,
  last_error TEXT,
  -- The first 4 KiB of the last response body as text, shown escaped, never as HTML.
  response_excerpt TEXT,
  last_attempt_at TEXT,
  next_attempt_at TEXT,
  -- A worker holds the delivery until this time while it sends (queue, cron and redeliver).
  lease_until TEXT,
  delivered_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (event_id, channel_id)
);

CREATE INDEX notification_deliveries_by_tenant ON notification_deliveries (tenant, created_at DESC, id DESC);
CREATE INDEX notification_deliveries_by_lead ON notification_deliveries (lead_id);
CREATE INDEX notification_deliveries_due ON notification_deliveries (status, next_attempt_at);
CREATE INDEX notification_deliveries_by_channel ON notification_deliveries (channel_id, status, created_at);

-- The sweep looks for recent leads whose notification message was lost (no event yet).
CREATE INDEX leads_by_received_at ON leads (received_at);
