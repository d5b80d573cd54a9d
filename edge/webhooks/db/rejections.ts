/**
 * @module
 * The record of refused webhook deliveries: tenant as given in the URL, status, reason, the
 * webhook-id when well-formed, the event type once the signature held. Never the body, a
 * signature or a secret: the rejection table is for operators and testers, not a copy of traffic.
 */
import { Conditions, listNewestFirst } from '../../lib/newest-first.ts';

/** Tenant slugs and types are cut to this length: the URL is attacker-controlled. */
const MAX_TEXT = 128;

export interface Rejection {
  tenant: string;
  status: number;
  reason: string;
  webhookId?: string | undefined;
  eventType?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

/** Best effort: a failure to record (D1 down) is logged and must not change the response. */
export async function recordRejection(db: D1Database, rejection: Rejection): Promise<void> {
  try {
    await db
      .prepare(
        `INSERT INTO webhook_rejections (tenant, status, reason, webhook_id, event_type, detail)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        rejection.tenant.slice(0, MAX_TEXT),
        rejection.status,
        rejection.reason,
        rejection.webhookId ?? null,
        rejection.eventType?.slice(0, MAX_TEXT) ?? null,
        JSON.stringify(rejection.detail ?? {}),
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
}

export function rejectionRowToJson(row: RejectionRow): Record<string, unknown> {
  return {
    id: row.id,
    at: row.at,
    tenant: row.tenant,
    status: row.status,
    reason: row.reason,
    webhookId: row.webhook_id,
    eventType: row.event_type,
    detail: JSON.parse(row.detail) as unknown,
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
