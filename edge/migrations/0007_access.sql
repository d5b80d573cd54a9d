-- 0007: hardening of access (issue 12): webhook rejections aggregated per minute and capped per
-- tenant per day; operator token expiry; webhook secrets unique across tenants.

-- One row per (tenant, reason, client address, minute) with a count, instead of one per refused
-- delivery: a flood of forged deliveries costs a few rows, not one each. `bucket` is the UTC
-- minute (`2026-11-22T21:14`), or the UTC day for the overflow row a reason gets once the tenant
-- has WEBHOOK_REJECTION_ROWS_PER_DAY rows that day (client '*'). Rows from before keep a NULL
-- bucket and a count of 1.
ALTER TABLE webhook_rejections ADD COLUMN client TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_rejections ADD COLUMN bucket TEXT;
ALTER TABLE webhook_rejections ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
-- When the last rejection counted in this row arrived (`at` is the first: the list's sort key).
ALTER TABLE webhook_rejections ADD COLUMN last_at TEXT;
CREATE UNIQUE INDEX webhook_rejections_by_bucket
  ON webhook_rejections (tenant, reason, client, bucket);

-- An operator token may be created with an expiry (default none); past it the token answers 401.
ALTER TABLE operator_tokens ADD COLUMN expires_at TEXT;

-- A webhook signing secret belongs to one tenant: an import is refused when another tenant holds
-- a secret with the same fingerprint (64 bits of SHA-256 of the key bytes, stored since 0002, so
-- older rows are covered too). This index makes that lookup cheap.
CREATE INDEX webhook_secrets_by_fingerprint ON webhook_secrets (fingerprint);
