/**
 * @module
 * D1 access for tenant-scoped operator tokens. Rows hold the SHA-256 of a token, never the token.
 */

export interface OperatorTokenRow {
  id: string;
  tenant: string;
  label: string;
  token_hint: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  expires_at: string | null;
}

const LISTED = `id, tenant, label, token_hint, created_by, created_at, last_used_at, revoked_at,
  revoked_by, expires_at`;

export function operatorTokenToJson(row: OperatorTokenRow) {
  return {
    id: row.id,
    tenant: row.tenant,
    label: row.label,
    hint: `…${row.token_hint}`,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    expiresAt: row.expires_at,
  };
}

export function insertOperatorTokenStatement(
  db: D1Database,
  token: {
    id: string;
    tenant: string;
    label: string;
    hash: string;
    hint: string;
    by: string;
    expiresAt: string | null;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO operator_tokens (id, tenant, label, token_hash, token_hint, created_by,
         expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(token.id, token.tenant, token.label, token.hash, token.hint, token.by, token.expiresAt);
}

/** The not revoked token with this hash (expired or not: the caller says which), or null. */
export async function findActiveOperatorToken(
  db: D1Database,
  hash: string,
): Promise<OperatorTokenRow | null> {
  return db
    .prepare(`SELECT ${LISTED} FROM operator_tokens WHERE token_hash = ? AND revoked_at IS NULL`)
    .bind(hash)
    .first<OperatorTokenRow>();
}

export async function getOperatorToken(
  db: D1Database,
  id: string,
): Promise<OperatorTokenRow | null> {
  return db
    .prepare(`SELECT ${LISTED} FROM operator_tokens WHERE id = ?`)
    .bind(id)
    .first<OperatorTokenRow>();
}

export async function listOperatorTokens(
  db: D1Database,
  tenant: string | undefined,
): Promise<OperatorTokenRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${LISTED} FROM operator_tokens WHERE (?1 IS NULL OR tenant = ?1)
        ORDER BY created_at DESC, id DESC LIMIT 500`,
    )
    .bind(tenant ?? null)
    .all<OperatorTokenRow>();
  return results;
}

export function revokeOperatorTokenStatement(
  db: D1Database,
  id: string,
  by: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE operator_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), revoked_by = ?
        WHERE id = ? AND revoked_at IS NULL`,
    )
    .bind(by, id);
}

/** Records use at most once an hour per token, so authentication rarely costs a write. */
export async function touchOperatorToken(db: D1Database, id: string, now: Date): Promise<void> {
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  await db
    .prepare(
      `UPDATE operator_tokens SET last_used_at = ?
        WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
    )
    .bind(now.toISOString(), id, hourAgo)
    .run();
}
