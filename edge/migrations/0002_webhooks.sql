-- 0002: webhook signing secrets, accepted events, rejections and the lead outcomes they produce.

-- Standard Webhooks signing secrets per tenant. Several may be active at once (rotation): a secret
-- is active until `expires_at` (null = no expiry). The value is stored only AES-GCM encrypted with
-- the WEBHOOK_SECRET_KEY Worker secret: `ciphertext` is base64(iv || ciphertext || tag), with the
-- tenant and secret id as additional data so a row copied elsewhere does not decrypt.
CREATE TABLE webhook_secrets (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  label TEXT,
  ciphertext TEXT NOT NULL,
  -- First 16 hex digits of SHA-256 of the secret bytes: tells secrets apart without revealing one.
  fingerprint TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  expires_at TEXT
);

CREATE INDEX webhook_secrets_by_tenant ON webhook_secrets (tenant, created_at);

-- Accepted (signed, valid, new) events. The unique constraints are the duplicate check: a second
-- delivery id or a second delivery of the same occurrence (CloudEvents `userassignedid`) cannot be
-- stored, however many copies arrive at once.
CREATE TABLE webhook_events (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  -- The Standard Webhooks `webhook-id` header (the delivery) ...
  webhook_id TEXT NOT NULL,
  -- ... and the CloudEvents attributes.
  event_id TEXT NOT NULL,
  occurrence_id TEXT NOT NULL,
  type TEXT NOT NULL,
  -- The CloudEvents `time`, normalized to ISO 8601 UTC: orders updates of the same lead.
  event_time TEXT NOT NULL,
  -- The parsed envelope as sent (JSON), kept for processing, re-processing and operators.
  envelope TEXT NOT NULL,
  -- SHA-256 (hex) of the signed body: tells a redelivery from a reused webhook-id.
  body_sha256 TEXT NOT NULL,
  -- The secret whose signature matched (rotation: shows when an old secret stops being used).
  secret_id TEXT,
  -- ServiceTitan booking and job the event is about, for linking and re-processing.
  ref_booking_id INTEGER,
  ref_job_id INTEGER,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'processed', 'failed', 'unmatched')),
  -- Why the event is unmatched, or the last processing error.
  note TEXT,
  lead_id TEXT REFERENCES leads (id) ON DELETE SET NULL,
  -- JSON: what processing recorded on the lead (or the drift finding it raised).
  applied TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  -- A processor owns a pending event until this time; after it, cron may pick the event up again.
  lease_until TEXT,
  received_at TEXT NOT NULL,
  processed_at TEXT,
  UNIQUE (tenant, webhook_id),
  UNIQUE (tenant, occurrence_id)
);

CREATE INDEX webhook_events_by_time ON webhook_events (received_at DESC, id DESC);
CREATE INDEX webhook_events_by_tenant_time ON webhook_events (tenant, received_at DESC, id DESC);
CREATE INDEX webhook_events_by_state ON webhook_events (state, received_at);
CREATE INDEX webhook_events_by_lead ON webhook_events (lead_id, event_time);
CREATE INDEX webhook_events_by_job ON webhook_events (tenant, ref_job_id);
CREATE INDEX webhook_events_by_booking ON webhook_events (tenant, ref_booking_id);

-- Every refused delivery: tenant as given in the URL (it may not exist), reason, the webhook-id
-- when it was well-formed, never the body, a signature or a secret.
CREATE TABLE webhook_rejections (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  tenant TEXT NOT NULL,
  status INTEGER NOT NULL,
  reason TEXT NOT NULL,
  webhook_id TEXT,
  event_type TEXT,
  -- JSON: e.g. field paths of a 422, the clock skew of a stale timestamp.
  detail TEXT NOT NULL DEFAULT '{}'
);

CREATE INDEX webhook_rejections_by_time ON webhook_rejections (at DESC, id DESC);
CREATE INDEX webhook_rejections_by_tenant_time ON webhook_rejections (tenant, at DESC, id DESC);

-- What ServiceTitan reported about a lead's booking, job, appointment and invoice. Each group has
-- the CloudEvents time of the event that set it (`*_at`): an older event arriving late does not
-- overwrite a newer one. booking_id and job_id are also the links later events are matched by.
CREATE TABLE lead_outcomes (
  lead_id TEXT PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
  tenant TEXT NOT NULL,
  booking_id INTEGER,
  booking_status TEXT,
  booking_at TEXT,
  job_id INTEGER,
  job_number TEXT,
  job_status TEXT,
  job_total REAL,
  job_completed_on TEXT,
  job_at TEXT,
  appointment_id INTEGER,
  appointment_number TEXT,
  appointment_status TEXT,
  appointment_start TEXT,
  appointment_end TEXT,
  arrival_window_start TEXT,
  arrival_window_end TEXT,
  appointment_at TEXT,
  invoice_id INTEGER,
  invoice_subtotal TEXT,
  invoice_sales_tax TEXT,
  invoice_total TEXT,
  invoice_balance TEXT,
  invoice_posted_at TEXT,
  invoice_at TEXT,
  updated_at TEXT NOT NULL
);

CREATE INDEX lead_outcomes_by_booking ON lead_outcomes (tenant, booking_id);
CREATE INDEX lead_outcomes_by_job ON lead_outcomes (tenant, job_id);
