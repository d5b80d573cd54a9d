-- 0005: operator console — tenant-scoped operator tokens, per-tenant retention, and what the
-- data lifecycle needs on leads (erasure marker, frozen duplicate flag, contact lookups).

-- A bearer token for one tenant's operators. Only the SHA-256 of the token is stored: the token
-- itself is shown once, when it is created, and cannot be read back.
CREATE TABLE operator_tokens (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  label TEXT NOT NULL,
  -- Lower-case hex SHA-256 of the whole token; a lookup by hash never needs the token itself.
  token_hash TEXT NOT NULL UNIQUE,
  -- The token's last four characters, so an operator can tell their tokens apart in a list.
  token_hint TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_used_at TEXT,
  revoked_at TEXT,
  revoked_by TEXT
);

CREATE INDEX operator_tokens_by_tenant ON operator_tokens (tenant, created_at DESC);

-- How long a tenant keeps personal data. Tenants without a row use the default (README).
CREATE TABLE tenant_retention (
  tenant TEXT PRIMARY KEY REFERENCES tenants (slug),
  retention_days INTEGER NOT NULL CHECK (retention_days BETWEEN 30 AND 3650),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Erasure keeps the row (tenant, time, service, source, classification, outcomes) so counts and
-- reports do not change, and blanks every personal field. These say when and why.
ALTER TABLE leads ADD COLUMN erased_at TEXT;
ALTER TABLE leads ADD COLUMN erase_reason TEXT
  CHECK (erase_reason IN ('retention', 'lead_deletion', 'contact_deletion'));

-- Whether the lead repeats an earlier real lead of the same contact (reports count it as a
-- duplicate). NULL: computed from phone/email when read. Frozen to 0/1 just before the contact
-- data it depends on is erased, so erasure never changes a report.
ALTER TABLE leads ADD COLUMN duplicate_frozen INTEGER CHECK (duplicate_frozen IN (0, 1));

-- The retention purge looks for leads not yet erased that are older than the cutoff.
CREATE INDEX leads_to_erase ON leads (tenant, erased_at, received_at);

-- Duplicate detection and "everything for one contact" look leads up by phone and by email.
CREATE INDEX leads_by_tenant_phone ON leads (tenant, contact_phone, received_at);
CREATE INDEX leads_by_tenant_email ON leads (tenant, contact_email, received_at);

-- Webhook envelopes carry the customer's name, phone and address: retention and erasure replace
-- the envelope with its non-personal attributes and record when.
ALTER TABLE webhook_events ADD COLUMN redacted_at TEXT;
CREATE INDEX webhook_events_to_redact ON webhook_events (tenant, redacted_at, received_at);
