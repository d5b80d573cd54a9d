-- 0003: handoff (sync) jobs that draft ServiceTitan bookings, their attempts, and per-tenant
-- connection readiness. Forward-only.

-- One job per lead (lead_id is UNIQUE): created in the same batch as the lead, so a duplicate or
-- redelivered lead never makes a second job. Deleting a lead deletes its job (the payload holds the
-- lead's contact details, so it must not outlive the lead).
CREATE TABLE sync_jobs (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL UNIQUE REFERENCES leads (id) ON DELETE CASCADE,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  state TEXT NOT NULL CHECK (state IN ('queued', 'review', 'ready', 'retrying', 'blocked', 'sent',
                                       'manual_complete', 'skipped')),
  -- The booking externalId (edge/handoff/external-id.ts): the idempotency key toward ServiceTitan.
  external_id TEXT NOT NULL,
  -- JSON Crm.V2.CreateBookingRequest, once drafted. Rebuilt only by an operator action.
  payload TEXT,
  -- JSON array of machine-readable reasons the draft needs review ("service_unmapped", ...).
  review_reasons TEXT NOT NULL DEFAULT '[]',
  -- JSON: the binding the draft was built with (published map + operator correction).
  binding TEXT,
  -- JSON: an operator's correction of this lead's binding ({"jobTypeId": 4521, ...}).
  binding_override TEXT,
  send_attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,
  -- ServiceTitan's booking id once sent.
  booking_id INTEGER,
  sent_at TEXT,
  manual_note TEXT,
  completed_by TEXT,
  completed_at TEXT,
  -- A worker holds the job until this time while it drafts or sends (queue and cron never overlap).
  lease_until TEXT,
  drafted_at TEXT,
  created_at TEXT NOT NULL,
  -- Last state change; a `queued` job not changed for a while lost its queue message.
  updated_at TEXT NOT NULL
);

CREATE INDEX sync_jobs_by_time ON sync_jobs (created_at DESC, id DESC);
CREATE INDEX sync_jobs_by_tenant_time ON sync_jobs (tenant, created_at DESC, id DESC);
CREATE INDEX sync_jobs_by_state_time ON sync_jobs (state, created_at DESC, id DESC);
CREATE INDEX sync_jobs_due ON sync_jobs (state, next_attempt_at);
CREATE INDEX sync_jobs_stale ON sync_jobs (state, updated_at);

-- Every draft build, lookup and send attempt, with its outcome.
CREATE TABLE sync_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL REFERENCES sync_jobs (id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('draft', 'lookup', 'send')),
  -- draft: ready | review; lookup: found | not_found | error; send: sent | retrying | blocked | held
  outcome TEXT NOT NULL,
  http_status INTEGER,
  error TEXT,
  duration_ms INTEGER,
  -- JSON: review reasons, next attempt time, booking id; never credentials.
  detail TEXT NOT NULL DEFAULT '{}'
);

CREATE INDEX sync_attempts_by_job ON sync_attempts (job_id, id);

-- Per-tenant connection readiness. No row = 'offline-demo' with every gate open.
CREATE TABLE handoff_connections (
  tenant TEXT PRIMARY KEY REFERENCES tenants (slug),
  mode TEXT NOT NULL CHECK (mode IN ('offline-demo', 'dry-run', 'live')),
  -- JSON object gate -> {"satisfied": bool, "note": "...", "at": "...", "by": "..."}.
  gates TEXT NOT NULL DEFAULT '{}',
  -- JSON {"apiBaseUrl", "stTenantId", "bookingProviderId"}: ids only, never credentials.
  target TEXT,
  -- JSON {"at", "by", "reason", "previousMode", "affectedFeatures", "jobsHeld"} of the last disconnect.
  last_disconnect TEXT,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
