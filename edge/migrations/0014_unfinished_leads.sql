-- 0014: unfinished requests (docs/api.md, "POST /v1/leads/unfinished"). `leads.classification`
-- gains 'unfinished', and a call-back marker. SQLite cannot change a CHECK in place, so the table
-- is rebuilt (create, copy, drop, rename) with every index of the old one.
--
-- D1 keeps foreign keys on, so DROP TABLE leads runs an implicit DELETE that fires the children's
-- ON DELETE actions (sync_jobs, sync_attempts through them, lead_outcomes and lead_invoices are
-- CASCADE; webhook_events and export_outcomes SET NULL). `defer_foreign_keys` only defers the
-- checks, not those actions, so the children are copied aside first and put back after the
-- rename (docs/decisions/0073-unfinished-leads.md). The whole file is one transaction.
PRAGMA defer_foreign_keys = on;

CREATE TABLE _m0014_sync_jobs AS SELECT * FROM sync_jobs;
CREATE TABLE _m0014_sync_attempts AS SELECT * FROM sync_attempts;
CREATE TABLE _m0014_lead_outcomes AS SELECT * FROM lead_outcomes;
CREATE TABLE _m0014_lead_invoices AS SELECT * FROM lead_invoices;
CREATE TABLE _m0014_webhook_events AS
  SELECT id, lead_id FROM webhook_events WHERE lead_id IS NOT NULL;
CREATE TABLE _m0014_export_outcomes AS
  SELECT tenant, kind, record_id, lead_id FROM export_outcomes WHERE lead_id IS NOT NULL;

CREATE TABLE leads_new (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  submission_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('received', 'needs_review')),
  -- 'unfinished': what a visitor typed before leaving the form (captured only when the tenant
  -- opted in); a later full submission with the same submission_id replaces the row.
  classification TEXT NOT NULL CHECK (classification IN ('real', 'spam', 'test', 'unfinished')),
  -- JSON array of machine-readable reasons ("unknown_service", "zip_outside_service_area", ...).
  review_reasons TEXT NOT NULL DEFAULT '[]',
  service_key TEXT,
  urgency TEXT,
  preferred_date TEXT,
  preferred_window TEXT,
  contact_name TEXT,
  contact_phone TEXT,
  contact_email TEXT,
  sms_opt_in INTEGER NOT NULL DEFAULT 0,
  address_street TEXT,
  address_unit TEXT,
  address_city TEXT,
  address_state TEXT,
  address_zip TEXT,
  notes TEXT,
  is_first_time_client INTEGER,
  -- Source context as submitted (landing page, referrer, UTMs, click ids, first touch) ...
  source TEXT NOT NULL DEFAULT '{}',
  -- ... and its reporting keys, denormalized so reports need no JSON scans.
  utm_source TEXT,
  utm_medium TEXT,
  utm_campaign TEXT,
  binding_sent TEXT,
  binding_resolved TEXT,
  consent TEXT,
  -- The body exactly as parsed, so a field that failed validation is still kept for review.
  raw TEXT NOT NULL,
  origin TEXT,
  elapsed_ms INTEGER,
  received_at TEXT NOT NULL,
  -- 'direct' (stored in the request) or 'fallback' (stored later by the fallback queue consumer).
  ingest_path TEXT NOT NULL DEFAULT 'direct' CHECK (ingest_path IN ('direct', 'fallback')),
  erased_at TEXT,
  erase_reason TEXT CHECK (erase_reason IN ('retention', 'lead_deletion', 'contact_deletion')),
  duplicate_frozen INTEGER CHECK (duplicate_frozen IN (0, 1)),
  contact_phone_ext TEXT,
  spam_reasons TEXT NOT NULL DEFAULT '[]',
  form_token_nonce TEXT,
  -- When an operator marked an unfinished request as called back (who: the audit log).
  called_back_at TEXT,
  UNIQUE (tenant, submission_id)
);

INSERT INTO leads_new (id, tenant, submission_id, status, classification, review_reasons,
  service_key, urgency, preferred_date, preferred_window, contact_name, contact_phone,
  contact_email, sms_opt_in, address_street, address_unit, address_city, address_state,
  address_zip, notes, is_first_time_client, source, utm_source, utm_medium, utm_campaign,
  binding_sent, binding_resolved, consent, raw, origin, elapsed_ms, received_at, ingest_path,
  erased_at, erase_reason, duplicate_frozen, contact_phone_ext, spam_reasons, form_token_nonce)
SELECT id, tenant, submission_id, status, classification, review_reasons,
  service_key, urgency, preferred_date, preferred_window, contact_name, contact_phone,
  contact_email, sms_opt_in, address_street, address_unit, address_city, address_state,
  address_zip, notes, is_first_time_client, source, utm_source, utm_medium, utm_campaign,
  binding_sent, binding_resolved, consent, raw, origin, elapsed_ms, received_at, ingest_path,
  erased_at, erase_reason, duplicate_frozen, contact_phone_ext, spam_reasons, form_token_nonce
FROM leads;

DROP TABLE leads;
ALTER TABLE leads_new RENAME TO leads;

-- Put back what the DROP's cascade removed or nulled (parents before children).
INSERT INTO sync_jobs SELECT * FROM _m0014_sync_jobs;
INSERT INTO sync_attempts SELECT * FROM _m0014_sync_attempts;
INSERT INTO lead_outcomes SELECT * FROM _m0014_lead_outcomes;
INSERT INTO lead_invoices SELECT * FROM _m0014_lead_invoices;
UPDATE webhook_events
   SET lead_id = (SELECT b.lead_id FROM _m0014_webhook_events b WHERE b.id = webhook_events.id)
 WHERE id IN (SELECT id FROM _m0014_webhook_events);
UPDATE export_outcomes
   SET lead_id = (SELECT b.lead_id FROM _m0014_export_outcomes b
                   WHERE b.tenant = export_outcomes.tenant AND b.kind = export_outcomes.kind
                     AND b.record_id = export_outcomes.record_id)
 WHERE EXISTS (SELECT 1 FROM _m0014_export_outcomes b
                WHERE b.tenant = export_outcomes.tenant AND b.kind = export_outcomes.kind
                  AND b.record_id = export_outcomes.record_id);

DROP TABLE _m0014_sync_jobs;
DROP TABLE _m0014_sync_attempts;
DROP TABLE _m0014_lead_outcomes;
DROP TABLE _m0014_lead_invoices;
DROP TABLE _m0014_webhook_events;
DROP TABLE _m0014_export_outcomes;

-- Every index the table had (0001, 0005, 0010, 0011, 0013); it had no triggers.
CREATE INDEX leads_by_tenant_time ON leads (tenant, received_at DESC, id DESC);
CREATE INDEX leads_by_status_time ON leads (status, received_at DESC, id DESC);
CREATE INDEX leads_by_time ON leads (received_at DESC, id DESC);
CREATE INDEX leads_to_erase ON leads (tenant, erased_at, received_at);
CREATE INDEX leads_by_tenant_phone ON leads (tenant, contact_phone, received_at);
CREATE INDEX leads_by_tenant_email ON leads (tenant, contact_email, received_at);
CREATE INDEX leads_by_received_at ON leads (received_at);
CREATE INDEX leads_by_tenant_slot ON leads (tenant, preferred_date, preferred_window);
CREATE INDEX leads_form_token_nonce ON leads (tenant, form_token_nonce)
  WHERE form_token_nonce IS NOT NULL;
-- The retention job finds unconverted unfinished requests per tenant by age.
CREATE INDEX leads_unfinished ON leads (tenant, received_at) WHERE classification = 'unfinished';
