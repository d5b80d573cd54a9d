-- 0008: outcomes — every invoice of a lead's job, and quarantined webhook events.

-- Every ServiceTitan invoice matched to a lead (a job can have several, and adjustments). Replaces
-- the single invoice slot of lead_outcomes. Each invoice keeps the CloudEvents time of the event
-- that last set its totals (`event_at`): an older event arriving late does not overwrite them.
-- `posted_at` is the time of the first `invoice-posted` event: once posted, an invoice stays posted.
-- An adjustment invoice (`adjustment_to_id`) carries the change it makes to the invoice it adjusts.
CREATE TABLE lead_invoices (
  tenant TEXT NOT NULL,
  invoice_id INTEGER NOT NULL,
  lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  job_id INTEGER,
  adjustment_to_id INTEGER,
  subtotal TEXT,
  sales_tax TEXT,
  total TEXT,
  balance TEXT,
  posted_at TEXT,
  event_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant, invoice_id)
);

CREATE INDEX lead_invoices_by_lead ON lead_invoices (lead_id, invoice_id);

-- The one invoice each lead had so far. Whether it adjusts another invoice was not kept: it is
-- read from the latest stored event about it, while its envelope is not redacted.
INSERT OR IGNORE INTO lead_invoices (tenant, invoice_id, lead_id, job_id, adjustment_to_id, subtotal,
                           sales_tax, total, balance, posted_at, event_at, updated_at)
SELECT o.tenant, o.invoice_id, o.lead_id, o.job_id,
       (SELECT json_extract(e.envelope, '$.data.invoice.adjustmentToId') FROM webhook_events e
         WHERE e.tenant = o.tenant AND e.lead_id = o.lead_id AND e.redacted_at IS NULL
           AND e.type IN ('tn.acc.invoice-posted', 'tn.acc.invoice-updated')
           AND json_extract(e.envelope, '$.data.invoice.id') = o.invoice_id
         ORDER BY e.event_time DESC LIMIT 1),
       o.invoice_subtotal, o.invoice_sales_tax, o.invoice_total, o.invoice_balance,
       o.invoice_posted_at, COALESCE(o.invoice_at, o.updated_at), o.updated_at
  FROM lead_outcomes o
 WHERE o.invoice_id IS NOT NULL;

ALTER TABLE lead_outcomes DROP COLUMN invoice_id;
ALTER TABLE lead_outcomes DROP COLUMN invoice_subtotal;
ALTER TABLE lead_outcomes DROP COLUMN invoice_sales_tax;
ALTER TABLE lead_outcomes DROP COLUMN invoice_total;
ALTER TABLE lead_outcomes DROP COLUMN invoice_balance;
ALTER TABLE lead_outcomes DROP COLUMN invoice_posted_at;
ALTER TABLE lead_outcomes DROP COLUMN invoice_at;

-- webhook_events gains the `quarantined` state (signed, new, known type, `data` off its schema:
-- stored, never applied until an operator re-processes it) and `issues`, the schema's findings
-- (JSON [{path, code, message}]). SQLite cannot change a CHECK constraint in place, so the table is
-- rebuilt with the same columns, constraints and indexes. Nothing references webhook_events.
CREATE TABLE webhook_events_0008 (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  webhook_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  occurrence_id TEXT NOT NULL,
  type TEXT NOT NULL,
  event_time TEXT NOT NULL,
  envelope TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  secret_id TEXT,
  ref_booking_id INTEGER,
  ref_job_id INTEGER,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'processed', 'failed', 'unmatched', 'quarantined')),
  note TEXT,
  lead_id TEXT REFERENCES leads (id) ON DELETE SET NULL,
  applied TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_until TEXT,
  received_at TEXT NOT NULL,
  processed_at TEXT,
  redacted_at TEXT,
  issues TEXT,
  UNIQUE (tenant, webhook_id),
  UNIQUE (tenant, occurrence_id)
);

INSERT INTO webhook_events_0008 (id, tenant, webhook_id, event_id, occurrence_id, type, event_time,
                                 envelope, body_sha256, secret_id, ref_booking_id, ref_job_id,
                                 state, note, lead_id, applied, attempts, lease_until, received_at,
                                 processed_at, redacted_at)
SELECT id, tenant, webhook_id, event_id, occurrence_id, type, event_time, envelope, body_sha256,
       secret_id, ref_booking_id, ref_job_id, state, note, lead_id, applied, attempts,
       lease_until, received_at, processed_at, redacted_at
  FROM webhook_events;

DROP TABLE webhook_events;
ALTER TABLE webhook_events_0008 RENAME TO webhook_events;

CREATE INDEX webhook_events_by_time ON webhook_events (received_at DESC, id DESC);
CREATE INDEX webhook_events_by_tenant_time ON webhook_events (tenant, received_at DESC, id DESC);
CREATE INDEX webhook_events_by_state ON webhook_events (state, received_at);
CREATE INDEX webhook_events_by_lead ON webhook_events (lead_id, event_time);
CREATE INDEX webhook_events_by_job ON webhook_events (tenant, ref_job_id);
CREATE INDEX webhook_events_by_booking ON webhook_events (tenant, ref_booking_id);
CREATE INDEX webhook_events_to_redact ON webhook_events (tenant, redacted_at, received_at);
