-- 0011: onboarding without SQL — tenant status, widget settings as a reviewed draft, and every
-- published version kept (who published it and why) so a version can be restored.

-- `paused` and `archived` tenants still store every lead (flagged); their widget shows a card.
ALTER TABLE tenants ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
  CHECK (status IN ('active', 'paused', 'archived'));

-- One open draft per tenant: the settings document being edited, not yet served to any widget.
CREATE TABLE tenant_config_drafts (
  tenant TEXT PRIMARY KEY REFERENCES tenants (slug),
  -- JSON settings document (shared/tenant-settings.ts); may be invalid until it is published.
  config TEXT NOT NULL,
  -- The published version the draft started from, so the diff and a stale publish are visible.
  base_version INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Every published settings document, numbered 1, 2, … per tenant; the highest is the one served.
-- tenants.widget_config holds a copy of it (plus the test contacts) so the lead path reads one
-- row. (tenants.config_version is the ETag counter: Titan Map publishes bump it too.)
CREATE TABLE tenant_config_versions (
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  version INTEGER NOT NULL,
  config TEXT NOT NULL,
  note TEXT NOT NULL,
  published_by TEXT NOT NULL,
  published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (tenant, version)
);

-- Tenants created before this migration: their current config becomes their first version.
INSERT INTO tenant_config_versions (tenant, version, config, note, published_by)
SELECT slug, 1, json_remove(widget_config, '$.testContacts'), 'before versioning',
       'migration'
  FROM tenants;

-- Capacity: real requests already taken per (tenant, day, window), counted on every lead insert
-- (a window at capacity is flagged `window_full`) and when the config lists full windows.
CREATE INDEX leads_by_tenant_slot ON leads (tenant, preferred_date, preferred_window);
