-- 0004: Titan Map import batches, reviewed candidates, draft bindings and published map versions.
-- An import never touches titan_taxonomy or titan_map_entries: it writes a batch and candidates.
-- Only a publish (one D1 batch) applies accepted candidates and draft bindings as a new map version.

-- One CSV import: what was read, what was accepted or rejected and why, and where it went.
CREATE TABLE titan_import_batches (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  provider TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('job-type', 'business-unit', 'campaign', 'zone')),
  file_name TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_accepted INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  -- failed: the file as a whole was unusable (no candidates); review: candidates await review and
  -- publish; published: applied in published_version; superseded: a newer file of the same kind
  -- replaced it before it was published.
  status TEXT NOT NULL CHECK (status IN ('failed', 'review', 'published', 'superseded')),
  error_note TEXT,
  -- JSON: field -> header it was read from; headers that matched nothing; rejected rows (capped).
  columns TEXT NOT NULL DEFAULT '{}',
  ignored_columns TEXT NOT NULL DEFAULT '[]',
  rejected_rows TEXT NOT NULL DEFAULT '[]',
  -- JSON counts of candidates by change: {"new": 1, "changed": 2, "unchanged": 30, "removed": 0}.
  changes TEXT NOT NULL DEFAULT '{}',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  superseded_by TEXT,
  published_version TEXT
);

CREATE INDEX titan_batches_by_tenant_time ON titan_import_batches (tenant, created_at DESC, id DESC);
CREATE INDEX titan_batches_open ON titan_import_batches (tenant, kind, status);

-- One taxonomy item as a batch proposes it (the state it would have once published), and the
-- reviewer's decision. `removed` rows are published items absent from the file.
CREATE TABLE titan_import_candidates (
  batch_id TEXT NOT NULL REFERENCES titan_import_batches (id),
  tenant TEXT NOT NULL,
  kind TEXT NOT NULL,
  item_id INTEGER NOT NULL,
  row_number INTEGER,
  name TEXT NOT NULL,
  active INTEGER NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  change TEXT NOT NULL CHECK (change IN ('new', 'changed', 'unchanged', 'removed')),
  changed_fields TEXT NOT NULL DEFAULT '[]',
  -- The published item this would replace (JSON {name, active, data}), null for new items.
  previous TEXT,
  review_state TEXT NOT NULL CHECK (review_state IN ('pending', 'accepted', 'rejected')),
  reviewed_by TEXT,
  reviewed_at TEXT,
  PRIMARY KEY (batch_id, item_id)
);

CREATE INDEX titan_candidates_by_tenant ON titan_import_candidates (tenant, kind, review_state);

-- Binding edits (service -> job type, business unit, campaign, priorities) waiting for the next
-- publish. A row overrides the published entry for that service; publish moves it into the map.
CREATE TABLE titan_map_drafts (
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  service_key TEXT NOT NULL,
  job_type_id INTEGER NOT NULL,
  business_unit_id INTEGER NOT NULL,
  campaign_id INTEGER NOT NULL,
  priority_by_urgency TEXT NOT NULL DEFAULT '{}',
  active INTEGER NOT NULL DEFAULT 1,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (tenant, service_key)
);

-- Who published which map version when, from what. The seed's first version has no row here.
CREATE TABLE titan_map_versions (
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  version TEXT NOT NULL,
  previous_version TEXT,
  published_by TEXT NOT NULL,
  published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  note TEXT,
  -- JSON: ids of the batches applied, services whose binding changed, coverage at publish time.
  batch_ids TEXT NOT NULL DEFAULT '[]',
  services_changed TEXT NOT NULL DEFAULT '[]',
  coverage TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant, version)
);

-- The published taxonomy as it stood at each map version, so old versions stay readable.
CREATE TABLE titan_taxonomy_versions (
  tenant TEXT NOT NULL,
  map_version TEXT NOT NULL,
  kind TEXT NOT NULL,
  id INTEGER NOT NULL,
  name TEXT NOT NULL,
  active INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (tenant, map_version, kind, id)
);
