/**
 * @module
 * The `webhook_secrets` rows: a tenant's signing secrets, sealed at rest (edge/lib/crypto-box.ts),
 * read in creation order, inserted under the active cap and the one-tenant rule, and expired. The
 * rules deciding when (rotation, the cap, expiry never extending) are
 * ../verify/secret-rotation.ts; the verify keys built from the rows are ../verify/key-cache.ts.
 */

export interface SecretInfo {
  id: string;
  tenant: string;
  label: string | null;
  fingerprint: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  active: boolean;
}

export interface SecretRow {
  id: string;
  tenant: string;
  label: string | null;
  ciphertext: string;
  fingerprint: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
}

export const isActive = (expiresAt: string | null, now: Date) =>
  expiresAt === null || expiresAt > now.toISOString();

export function toInfo(row: SecretRow, now: Date): SecretInfo {
  return {
    id: row.id,
    tenant: row.tenant,
    label: row.label,
    fingerprint: row.fingerprint,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    active: isActive(row.expires_at, now),
  };
}

export async function readSecrets(db: D1Database, tenant: string): Promise<SecretRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM webhook_secrets WHERE tenant = ? ORDER BY created_at, id')
    .bind(tenant)
    .all<SecretRow>();
  return results;
}

/** A row as created: no expiry yet, `created_at` set by the insert. */
export type NewSecretRow = Omit<SecretRow, 'created_at' | 'expires_at'>;

export function insertSecretStatement(
  db: D1Database,
  row: NewSecretRow,
  now: Date,
  maxActive: number,
): D1PreparedStatement {
  // The cap and the one-tenant rule are part of the insert, so two concurrent creates cannot
  // both pass a stale check.
  return db
    .prepare(
      `INSERT INTO webhook_secrets (id, tenant, label, ciphertext, fingerprint, created_by, created_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
        WHERE (SELECT count(*) FROM webhook_secrets
                WHERE tenant = ?2 AND (expires_at IS NULL OR expires_at > ?7)) < ?8
          AND NOT EXISTS (SELECT 1 FROM webhook_secrets WHERE fingerprint = ?5 AND tenant <> ?2)`,
    )
    .bind(
      row.id,
      row.tenant,
      row.label,
      row.ciphertext,
      row.fingerprint,
      row.created_by,
      now.toISOString(),
      maxActive,
    );
}

/**
 * Whether another tenant holds a secret with this fingerprint (active or not). The same secret on
 * two tenants would let one tenant's deliveries, signed for it, verify at the other's endpoint.
 * The fingerprint is 64 bits of SHA-256 of the key bytes: an accidental match between two random
 * secrets is out of reach, and rows stored before this rule have one too.
 */
export async function heldByAnotherTenant(
  db: D1Database,
  fingerprint: string,
  tenant: string,
): Promise<boolean> {
  const row = await db
    .prepare('SELECT 1 AS held FROM webhook_secrets WHERE fingerprint = ? AND tenant <> ? LIMIT 1')
    .bind(fingerprint, tenant)
    .first<{ held: number }>();
  return row !== null;
}

/** Sets the expiry of secret `id`. */
export function setExpiryStatement(
  db: D1Database,
  tenant: string,
  id: string,
  expiresAt: string,
): D1PreparedStatement {
  return db
    .prepare('UPDATE webhook_secrets SET expires_at = ? WHERE tenant = ? AND id = ?')
    .bind(expiresAt, tenant, id);
}

/** Sets the expiry of secret `id` only if `successorId` exists (its insert in the batch held). */
export function expireForSuccessorStatement(
  db: D1Database,
  tenant: string,
  id: string,
  expiresAt: string,
  successorId: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_secrets SET expires_at = ?
        WHERE tenant = ? AND id = ? AND EXISTS (SELECT 1 FROM webhook_secrets WHERE id = ?)`,
    )
    .bind(expiresAt, tenant, id, successorId);
}
