-- 0012: outcomes from supplied ServiceTitan exports (docs/proof.md), and each tenant's ad-platform
-- conversion names.

-- One uploaded jobs or invoices export. `file_sha256` makes a re-upload of the same file a no-op:
-- the earlier batch is returned and nothing is written. `rejected_rows` is JSON
-- [{row, code, message}]; `matches` is JSON {exact, probable, none}.
CREATE TABLE outcome_imports (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  kind TEXT NOT NULL CHECK (kind IN ('jobs', 'invoices')),
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_accepted INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  rejected_rows TEXT NOT NULL DEFAULT '[]',
  columns TEXT NOT NULL DEFAULT '{}',
  ignored_columns TEXT NOT NULL DEFAULT '[]',
  matches TEXT NOT NULL DEFAULT '{}',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (tenant, kind, file_sha256)
);

CREATE INDEX outcome_imports_by_tenant ON outcome_imports (tenant, created_at DESC, id DESC);

-- One job or invoice read from an export, and the lead it was matched to. The key is the
-- ServiceTitan record (a job id, an invoice id): a later export of the same record updates it
-- in place, so two exports never count a job twice. `quality` is how it was matched
-- (`exact`, `probable`, `none`); a probable match counts only once `review` is `confirmed`.
-- `batch_id` is the export that last set the row (its source is `export:<batch_id>`).
CREATE TABLE export_outcomes (
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  kind TEXT NOT NULL CHECK (kind IN ('jobs', 'invoices')),
  record_id INTEGER NOT NULL,
  batch_id TEXT NOT NULL REFERENCES outcome_imports (id),
  row_number INTEGER NOT NULL,
  job_id INTEGER,
  job_number TEXT,
  job_status TEXT,
  created_on TEXT,
  completed_on TEXT,
  total TEXT,
  lead_id TEXT REFERENCES leads (id) ON DELETE SET NULL,
  quality TEXT NOT NULL CHECK (quality IN ('exact', 'probable', 'none')),
  match_reason TEXT,
  review TEXT CHECK (review IN ('pending', 'confirmed', 'rejected')),
  reviewed_by TEXT,
  reviewed_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant, kind, record_id)
);

CREATE INDEX export_outcomes_by_batch ON export_outcomes (batch_id, row_number);
CREATE INDEX export_outcomes_by_lead ON export_outcomes (lead_id);

-- The conversion action names a tenant's ad accounts use per stage, and the currency of its
-- values. A tenant without a row gets the defaults in edge/reports/conversions/settings.ts.
CREATE TABLE conversion_settings (
  tenant TEXT PRIMARY KEY REFERENCES tenants (slug),
  names TEXT NOT NULL DEFAULT '{}',
  currency TEXT NOT NULL DEFAULT 'USD',
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
