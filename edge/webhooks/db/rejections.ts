/**
 * @module
 * The record of refused webhook deliveries: tenant as given in the URL, status, reason, the
 * webhook-id when well-formed, the event type once the signature held. Never the body, a
 * signature or a secret: the rejection table is for operators and testers, not a copy of traffic.
 *
 * Anyone can send a delivery, so rows are aggregated: one per (tenant, reason, client address,
 * UTC minute) with a count, the latest delivery's webhook-id, type and detail as its sample. Once
 * a tenant has WEBHOOK_REJECTION_ROWS_PER_DAY rows in a UTC day, further new rows fold into one
 * overflow row per reason for that day (client `*`): the counts stay true, the table stays small.
 * The URL's tenant need not exist, so every slug that names no tenant shares one cap (counted
 * over the day's rows whose tenant does not exist), and its overflow rows have tenant `*`:
 * made-up slugs cannot multiply the cap.
 */
import { Conditions, listNewestFirst } from '../../lib/newest-first.ts';

/** Tenant slugs and types are cut to this length: the URL is attacker-controlled. */
const MAX_TEXT = 128;

/** Rows a tenant's rejections may take per UTC day before they fold into per-reason overflow rows. */
export const WEBHOOK_REJECTION_ROWS_PER_DAY = 1000;

/** The client of an overflow row (every address past the cap), and the tenant of made-up slugs' one. */
export const OVERFLOW = '*';

export interface Rejection {
  tenant: string;
  /** The sender's address key (edge/lib/client-address.ts: IPv6 on its /64). */
  client: string;
  status: number;
  reason: string;
  webhookId?: string | undefined;
  eventType?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

/**
 * Counts one rejection into its row, in one statement: the minute's row for (tenant, reason,
 * client) if it exists; else a new one while the tenant (or, for a slug that names no tenant,
 * all such slugs together) has fewer than `rowsPerDay` rows today; else the day's overflow row
 * for the reason (tenant `*` for made-up slugs).
 *
 * Best effort: a failure to record (D1 down) is logged and must not change the response.
 */
export async function recordRejection(
  db: D1Database,
  rejection: Rejection,
  now: Date,
  rowsPerDay = WEBHOOK_REJECTION_ROWS_PER_DAY,
): Promise<void> {
  const at = now.toISOString();
  try {
    await db
      .prepare(
        `INSERT INTO webhook_rejections (tenant, status, reason, webhook_id, event_type, detail,
           client, bucket, at, last_at)
         SELECT CASE WHEN capped AND NOT known THEN ?12 ELSE ?1 END, ?2, ?3, ?4, ?5, ?6,
                CASE WHEN capped THEN ?12 ELSE ?7 END, CASE WHEN capped THEN ?9 ELSE ?8 END,
                ?10, ?10
           FROM (SELECT known,
                        NOT EXISTS (SELECT 1 FROM webhook_rejections
                                     WHERE tenant = ?1 AND reason = ?3 AND client = ?7
                                       AND bucket = ?8)
                        AND CASE WHEN known
                              THEN (SELECT COUNT(*) FROM (SELECT 1 FROM webhook_rejections
                                                           WHERE tenant = ?1 AND at >= ?9
                                                           LIMIT ?11))
                              ELSE (SELECT COUNT(*) FROM (SELECT 1 FROM webhook_rejections r
                                                           WHERE r.at >= ?9 AND NOT EXISTS
                                                             (SELECT 1 FROM tenants t
                                                               WHERE t.slug = r.tenant)
                                                           LIMIT ?11))
                            END >= ?11 AS capped
                   FROM (SELECT EXISTS (SELECT 1 FROM tenants WHERE slug = ?1) AS known))
          WHERE true
         ON CONFLICT (tenant, reason, client, bucket) DO UPDATE SET count = count + 1,
           last_at = excluded.last_at, status = excluded.status, webhook_id = excluded.webhook_id,
           event_type = excluded.event_type, detail = excluded.detail`,
      )
      .bind(
        rejection.tenant.slice(0, MAX_TEXT),
        rejection.status,
        rejection.reason,
        rejection.webhookId ?? null,
        rejection.eventType?.slice(0, MAX_TEXT) ?? null,
        JSON.stringify(rejection.detail ?? {}),
        rejection.client.slice(0, MAX_TEXT),
        at.slice(0, 16),
        at.slice(0, 10),
        at,
        rowsPerDay,
        OVERFLOW,
      )
      .run();
  } catch (err) {
    console.error('webhook rejection not recorded', rejection.reason, (err as Error).message);
  }
}

export interface RejectionRow {
  id: number;
  at: string;
  tenant: string;
  status: number;
  reason: string;
  webhook_id: string | null;
  event_type: string | null;
  detail: string;
  client: string;
  count: number;
  last_at: string | null;
}

export function rejectionRowToJson(row: RejectionRow) {
  return {
    id: row.id,
    at: row.at,
    tenant: row.tenant,
    status: row.status,
    reason: row.reason,
    count: row.count,
    lastAt: row.last_at ?? row.at,
    client: row.client || null,
    webhookId: row.webhook_id,
    eventType: row.event_type,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

export interface RejectionListFilter {
  tenant?: string | undefined;
  reason?: string | undefined;
  status?: number | undefined;
  webhookId?: string | undefined;
  since?: string | undefined;
  before?: { at: string; id: number } | undefined;
  limit: number;
}

export async function listRejections(
  db: D1Database,
  filter: RejectionListFilter,
): Promise<RejectionRow[]> {
  const where = new Conditions()
    .equals('tenant', filter.tenant)
    .equals('reason', filter.reason)
    .equals('status', filter.status)
    .equals('webhook_id', filter.webhookId);
  if (filter.since) where.add('at >= ?', filter.since);
  return listNewestFirst<RejectionRow>(db, {
    table: 'webhook_rejections',
    timeColumn: 'at',
    where,
    before: filter.before,
    limit: filter.limit,
  });
}

/** Drops rejection records older than `cutoff` (an ISO instant). */
export async function deleteRejectionsBefore(db: D1Database, cutoff: string): Promise<void> {
  await db.prepare('DELETE FROM webhook_rejections WHERE at < ?').bind(cutoff).run();
}
