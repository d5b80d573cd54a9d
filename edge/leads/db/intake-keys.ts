/**
 * @module
 * D1 access for intake keys (`ptj_in_…`, one tenant each). Rows hold the SHA-256 of a key, never
 * the key. The lead path reads a tenant's live hashes in the tenant-context batch
 * (edge/tenants/db/tenants.ts), so checking a key costs no round trip of its own.
 */

export interface IntakeKeyRow {
  id: string;
  tenant: string;
  label: string;
  key_hint: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

const LISTED = 'id, tenant, label, key_hint, created_by, created_at, revoked_at, revoked_by';

export function intakeKeyToJson(row: IntakeKeyRow) {
  return {
    id: row.id,
    tenant: row.tenant,
    label: row.label,
    hint: `…${row.key_hint}`,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}

/** The hashes of a tenant's keys that are not revoked: read with the tenant context. */
export function liveIntakeKeyHashesStatement(db: D1Database, tenant: string): D1PreparedStatement {
  return db
    .prepare('SELECT key_hash FROM intake_keys WHERE tenant = ? AND revoked_at IS NULL')
    .bind(tenant);
}

export function insertIntakeKeyStatement(
  db: D1Database,
  key: { id: string; tenant: string; label: string; hash: string; hint: string; by: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO intake_keys (id, tenant, label, key_hash, key_hint, created_by)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(key.id, key.tenant, key.label, key.hash, key.hint, key.by);
}

export function revokeIntakeKeyStatement(
  db: D1Database,
  id: string,
  by: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE intake_keys SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), revoked_by = ?
        WHERE id = ? AND revoked_at IS NULL`,
    )
    .bind(by, id);
}

export async function getIntakeKey(db: D1Database, id: string): Promise<IntakeKeyRow | null> {
  return db
    .prepare(`SELECT ${LISTED} FROM intake_keys WHERE id = ?`)
    .bind(id)
    .first<IntakeKeyRow>();
}

export async function listIntakeKeys(
  db: D1Database,
  tenant: string | undefined,
): Promise<IntakeKeyRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${LISTED} FROM intake_keys WHERE (?1 IS NULL OR tenant = ?1)
        ORDER BY created_at DESC, id DESC LIMIT 500`,
    )
    .bind(tenant ?? null)
    .all<IntakeKeyRow>();
  return results;
}
