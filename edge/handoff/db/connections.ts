/**
 * @module
 * D1 access for per-tenant connection readiness (table `handoff_connections`).
 */
import type { ConnectionMode, SenderTarget } from '../../../shared/handoff.ts';
import { defaultConnection, type Connection } from '../readiness.ts';

interface ConnectionRow {
  slug: string;
  mode: ConnectionMode | null;
  gates: string | null;
  target: string | null;
  last_disconnect: string | null;
  updated_at: string | null;
  updated_by: string | null;
}

/**
 * The stored target's ids only: rows written before the host became configuration also hold an
 * `apiBaseUrl`, which nothing may use (../environment.ts).
 */
function targetOf(json: string): SenderTarget {
  const { stTenantId, bookingProviderId } = JSON.parse(json) as SenderTarget;
  return { stTenantId, bookingProviderId };
}

/** The tenant's readiness (the default when never configured), or null for an unknown tenant. */
export async function readConnection(db: D1Database, tenant: string): Promise<Connection | null> {
  const row = await db
    .prepare(
      `SELECT t.slug, c.mode, c.gates, c.target, c.last_disconnect, c.updated_at, c.updated_by
         FROM tenants t LEFT JOIN handoff_connections c ON c.tenant = t.slug
        WHERE t.slug = ?`,
    )
    .bind(tenant)
    .first<ConnectionRow>();
  if (!row) return null;
  if (row.mode === null) return defaultConnection(row.slug);
  return {
    tenant: row.slug,
    mode: row.mode,
    gates: JSON.parse(row.gates ?? '{}') as Connection['gates'],
    target: row.target ? targetOf(row.target) : null,
    lastDisconnect: row.last_disconnect
      ? (JSON.parse(row.last_disconnect) as Connection['lastDisconnect'])
      : null,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function saveConnectionStatement(db: D1Database, c: Connection): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO handoff_connections (tenant, mode, gates, target, last_disconnect, updated_at,
         updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant) DO UPDATE SET mode = excluded.mode, gates = excluded.gates,
         target = excluded.target, last_disconnect = excluded.last_disconnect,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    )
    .bind(
      c.tenant,
      c.mode,
      JSON.stringify(c.gates),
      c.target ? JSON.stringify(c.target) : null,
      c.lastDisconnect ? JSON.stringify(c.lastDisconnect) : null,
      c.updatedAt,
      c.updatedBy,
    );
}
