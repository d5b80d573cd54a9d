-- 0013: server-verified bot signals (docs/security.md, "Spam signals").

-- Why a lead is spam (honeypot, server-clock time trap, forged or reused form token): JSON array,
-- empty for a lead nothing marked. Kept when an operator reclassifies, as history.
ALTER TABLE leads ADD COLUMN spam_reasons TEXT NOT NULL DEFAULT '[]';
-- The nonce of the form token the lead carried (NULL: none or not valid). The reuse check after
-- the response counts a nonce's distinct submissions through this index.
ALTER TABLE leads ADD COLUMN form_token_nonce TEXT;
CREATE INDEX leads_form_token_nonce ON leads (tenant, form_token_nonce)
  WHERE form_token_nonce IS NOT NULL;

-- Per-tenant intake keys for server-to-server posts (`Authorization: Bearer ptj_in_…`). Only the
-- SHA-256 of a key is stored; the lead path reads a tenant's live hashes with its context.
CREATE TABLE intake_keys (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL REFERENCES tenants (slug),
  label TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  key_hint TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  revoked_at TEXT,
  revoked_by TEXT
);
CREATE INDEX intake_keys_tenant ON intake_keys (tenant) WHERE revoked_at IS NULL;
