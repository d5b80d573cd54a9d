-- 0001: tenants, Titan Map, leads, audit. Forward-only: later changes go in new numbered files.

CREATE TABLE tenants (
  slug TEXT PRIMARY KEY CHECK (slug GLOB '[a-z0-9]*' AND length(slug) BETWEEN 2 AND 64),
  name TEXT NOT NULL,
  timezone TEXT NOT NULL,
  -- JSON array of origins ("https://example.com") a lead is expected from; others are flagged.
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  -- JSON object: services, windows, business hours, zips, consent, branding, locales, test contacts.
  widget_config TEXT NOT NULL,
  -- Bumped on every config change; part of the config ETag.
  config_version INTEGER NOT NULL DEFAULT 1,
  -- The Titan Map version that intake resolves bindings against and the widget renders from.
  published_map_version TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- One row per (tenant, map version, website service): what that service books as in ServiceTitan.
CREATE TABLE titan_map_entries (
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  map_version TEXT NOT NULL,
  service_key TEXT NOT NULL,
  job_type_id INTEGER,
  business_unit_id INTEGER,
  campaign_id INTEGER,
  -- JSON object urgency -> ServiceTitan priority (Low | Normal | High | Urgent).
  priority_by_urgency TEXT NOT NULL DEFAULT '{}',
  active INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant, map_version, service_key)
);

CREATE TABLE leads (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  submission_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('received', 'needs_review')),
  classification TEXT NOT NULL CHECK (classification IN ('real', 'spam', 'test')),
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
  UNIQUE (tenant, submission_id)
);

CREATE INDEX leads_by_tenant_time ON leads (tenant, received_at DESC, id DESC);
CREATE INDEX leads_by_status_time ON leads (status, received_at DESC, id DESC);
CREATE INDEX leads_by_time ON leads (received_at DESC, id DESC);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor TEXT NOT NULL,
  tenant TEXT,
  action TEXT NOT NULL,
  subject_type TEXT,
  subject_id TEXT,
  -- JSON with what changed; never secrets, tokens or raw webhook bodies.
  detail TEXT NOT NULL DEFAULT '{}'
);

CREATE INDEX audit_by_subject ON audit_log (subject_type, subject_id, at);
CREATE INDEX audit_by_tenant_time ON audit_log (tenant, at);

-- The tenant's ServiceTitan taxonomy as last published: job types, business units, campaigns and
-- zones, keyed by their ServiceTitan ids. `data` holds kind-specific fields as JSON, e.g.
-- {"businessUnitIds": [319]} for a job type or {"zips": ["85001"]} for a zone.
CREATE TABLE titan_taxonomy (
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  kind TEXT NOT NULL CHECK (kind IN ('job-type', 'business-unit', 'campaign', 'zone')),
  id INTEGER NOT NULL,
  name TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  data TEXT NOT NULL DEFAULT '{}',
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (tenant, kind, id)
);

-- Something the published Titan Map or service area depends on changed upstream (a re-import or a
-- zone webhook deactivated, removed or changed it). Visitors keep seeing the published map until a
-- reviewer resolves the finding.
CREATE TABLE drift_findings (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  -- 'import' (CSV re-import) or 'webhook' (e.g. tn.dis.zone-updated).
  origin TEXT NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  owner TEXT NOT NULL,
  affected_service TEXT,
  affected_zip TEXT,
  affected_widget_url TEXT,
  summary TEXT NOT NULL,
  recommended_fix TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}',
  review_state TEXT NOT NULL DEFAULT 'open' CHECK (review_state IN ('open', 'resolved', 'dismissed')),
  resolved_by TEXT,
  resolved_at TEXT,
  resolution_note TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX drift_by_tenant_state ON drift_findings (tenant, review_state, created_at);
