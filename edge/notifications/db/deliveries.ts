/**
 * @module
 * The delivery log: one row per (event, channel) with its attempts. A worker claims a delivery
 * (a lease, so the queue, the sweep and a manual redeliver never send it at the same time), sends,
 * and records the outcome. Reads for the admin API are tenant-scoped and keyset-paginated.
 */
import type { DeliveryStatus } from '../../../shared/notifications.ts';
import { Conditions, listNewestFirst } from '../../lib/newest-first.ts';
import type { ChannelRow } from './channels.ts';

export interface DeliveryRow {
  id: string;
  tenant: string;
  event_id: string;
  channel_id: string;
  event_type: string;
  lead_id: string | null;
  status: DeliveryStatus;
  attempts: number;
  attempt_budget: number;
  last_http_status: number | null;
  last_error: string | null;
  response_excerpt: string | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  lease_until: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export function deliveryToJson(row: DeliveryRow) {
  return {
    id: row.id,
    tenant: row.tenant,
    eventId: row.event_id,
    channelId: row.channel_id,
    eventType: row.event_type,
    leadId: row.lead_id,
    status: row.status,
    attempts: row.attempts,
    lastHttpStatus: row.last_http_status,
    lastError: row.last_error,
    responseExcerpt: row.response_excerpt,
    lastAttemptAt: row.last_attempt_at,
    nextAttemptAt:
      row.status === 'pending' || row.status === 'retrying' ? row.next_attempt_at : null,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  delivery: DeliveryRow;
  channel: ChannelRow;
  payload: string;
}

export type ClaimResult =
  | { claimed: ClaimedDelivery }
  /** Not due yet: the message came early; try again at `at`. */
  | { notDue: string }
  /** Done, cancelled, held by another worker, or gone: nothing to do now. */
  | null;

/** Claims a due delivery for `leaseMs`, and reads it with its channel and event, in one batch. */
export async function claimDelivery(
  db: D1Database,
  id: string,
  now: Date,
  leaseMs: number,
): Promise<ClaimResult> {
  const at = now.toISOString();
  const lease = new Date(now.getTime() + leaseMs).toISOString();
  const [claim, read] = await db.batch([
    db
      .prepare(
        `UPDATE notification_deliveries SET lease_until = ?
          WHERE id = ? AND status IN ('pending', 'retrying') AND next_attempt_at <= ?
            AND (lease_until IS NULL OR lease_until <= ?)
         RETURNING id`,
      )
      .bind(lease, id, at, at),
    db
      .prepare(
        `SELECT d.*, e.payload AS payload, json_object(
                  'id', c.id, 'tenant', c.tenant, 'kind', c.kind, 'description', c.description,
                  'email_to', c.email_to, 'url', c.url, 'format', c.format, 'events', c.events,
                  'include_test', c.include_test, 'secret_ciphertext', c.secret_ciphertext,
                  'secret_fingerprint', c.secret_fingerprint,
                  'previous_secret_ciphertext', c.previous_secret_ciphertext,
                  'previous_secret_expires_at', c.previous_secret_expires_at,
                  'paused_at', c.paused_at, 'disabled_at', c.disabled_at,
                  'disabled_reason', c.disabled_reason, 'failing_since', c.failing_since,
                  'deleted_at', c.deleted_at, 'created_by', c.created_by,
                  'created_at', c.created_at, 'updated_at', c.updated_at) AS channel
           FROM notification_deliveries d
           JOIN notification_events e ON e.id = d.event_id
           JOIN notification_channels c ON c.id = d.channel_id
          WHERE d.id = ?`,
      )
      .bind(id),
  ]);
  const row = read?.results[0] as (DeliveryRow & { payload: string; channel: string }) | undefined;
  if (!row) return null;
  if (claim?.results.length !== 1) {
    const open = row.status === 'pending' || row.status === 'retrying';
    const leased = row.lease_until !== null && row.lease_until > at;
    return open && !leased && row.next_attempt_at && row.next_attempt_at > at
      ? { notDue: row.next_attempt_at }
      : null;
  }
  const { payload, channel, ...delivery } = row;
  return {
    claimed: {
      delivery: { ...delivery, lease_until: lease },
      channel: JSON.parse(channel) as ChannelRow,
      payload,
    },
  };
}

/** Gives a claimed delivery back untouched (its channel is paused). */
export async function releaseDelivery(db: D1Database, id: string): Promise<void> {
  await db
    .prepare('UPDATE notification_deliveries SET lease_until = NULL WHERE id = ?')
    .bind(id)
    .run();
}

export interface AttemptRecord {
  status: DeliveryStatus;
  httpStatus: number | null;
  error: string | null;
  excerpt: string | null;
  nextAttemptAt: string | null;
}

export function recordAttemptStatement(
  db: D1Database,
  id: string,
  record: AttemptRecord,
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE notification_deliveries
          SET status = ?, attempts = attempts + 1, last_http_status = ?, last_error = ?,
              response_excerpt = ?, last_attempt_at = ?, next_attempt_at = ?, lease_until = NULL,
              delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END, updated_at = ?
        WHERE id = ?`,
    )
    .bind(
      record.status,
      record.httpStatus,
      record.error,
      record.excerpt,
      now,
      record.nextAttemptAt,
      record.status,
      now,
      now,
      id,
    );
}

/** A cancelled delivery: its channel was deleted or disabled before it could be sent. */
export function cancelStatement(
  db: D1Database,
  where: { id: string } | { channelId: string },
  now: string,
): D1PreparedStatement {
  const [column, value] = 'id' in where ? ['id', where.id] : ['channel_id', where.channelId];
  return db
    .prepare(
      `UPDATE notification_deliveries SET status = 'cancelled', lease_until = NULL, updated_at = ?
        WHERE ${column} = ? AND status IN ('pending', 'retrying')`,
    )
    .bind(now, value);
}

export async function getDelivery(
  db: D1Database,
  tenant: string | undefined,
  id: string,
): Promise<DeliveryRow | null> {
  const row = await db
    .prepare('SELECT * FROM notification_deliveries WHERE id = ?')
    .bind(id)
    .first<DeliveryRow>();
  return row && (tenant === undefined || row.tenant === tenant) ? row : null;
}

/**
 * Makes a finished delivery due now with one more attempt (same row, same `webhook-id`). A
 * delivery being sent or still on its schedule is left alone. In bulk (a channel's failures since
 * a time) it takes `failed` ones and those cancelled when the endpoint was disabled.
 */
export async function makeDueAgain(
  db: D1Database,
  where: { id: string } | { channelId: string; since: string },
  now: string,
): Promise<string[]> {
  const filter =
    'id' in where
      ? { sql: `id = ? AND status IN ('failed', 'delivered', 'cancelled')`, params: [where.id] }
      : {
          sql: `channel_id = ? AND status IN ('failed', 'cancelled') AND created_at >= ?`,
          params: [where.channelId, where.since],
        };
  const { results } = await db
    .prepare(
      `UPDATE notification_deliveries
          SET status = 'pending', attempt_budget = attempts + 1, next_attempt_at = ?,
              lease_until = NULL, updated_at = ?
        WHERE ${filter.sql}
       RETURNING id`,
    )
    .bind(now, now, ...filter.params)
    .all<{ id: string }>();
  return results.map((row) => row.id);
}

/** The deliveries of a channel that wait for it (paused or just resumed). */
export async function waitingDeliveryIds(db: D1Database, channelId: string): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM notification_deliveries
        WHERE channel_id = ? AND status IN ('pending', 'retrying') ORDER BY created_at LIMIT 1000`,
    )
    .bind(channelId)
    .all<{ id: string }>();
  return results.map((row) => row.id);
}

export interface DeliveryListFilter {
  tenant: string;
  channel?: string | undefined;
  status?: string | undefined;
  event?: string | undefined;
  lead?: string | undefined;
  before?: { at: string; id: string } | undefined;
  limit: number;
}

export function listDeliveries(db: D1Database, filter: DeliveryListFilter): Promise<DeliveryRow[]> {
  const where = new Conditions()
    .equals('tenant', filter.tenant)
    .equals('channel_id', filter.channel)
    .equals('status', filter.status)
    .equals('event_type', filter.event)
    .equals('lead_id', filter.lead);
  return listNewestFirst<DeliveryRow>(db, {
    table: 'notification_deliveries',
    timeColumn: 'created_at',
    where,
    before: filter.before,
    limit: filter.limit,
  });
}

/** Who was told of a lead, how and when: its deliveries with each channel's kind and target. */
export async function deliveriesForLead(db: D1Database, leadId: string) {
  const { results } = await db
    .prepare(
      `SELECT d.*, c.kind AS channel_kind, c.url AS channel_url, c.email_to AS channel_to
         FROM notification_deliveries d JOIN notification_channels c ON c.id = d.channel_id
        WHERE d.lead_id = ? ORDER BY d.created_at, d.id`,
    )
    .bind(leadId)
    .all<
      DeliveryRow & { channel_kind: string; channel_url: string | null; channel_to: string | null }
    >();
  return results.map((row) => ({
    ...deliveryToJson(row),
    channel: {
      kind: row.channel_kind,
      ...(row.channel_kind === 'email'
        ? { to: JSON.parse(row.channel_to ?? '[]') as string[] }
        : { url: row.channel_url }),
    },
  }));
}

/** Erasure: a receiver's answer about the leads may echo the body, so it goes too. */
export function dropLeadResponsesStatement(
  db: D1Database,
  tenant: string,
  leadIds: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE notification_deliveries SET response_excerpt = NULL
        WHERE tenant = ?1 AND lead_id IN (SELECT value FROM json_each(?2))
          AND response_excerpt IS NOT NULL`,
    )
    .bind(tenant, leadIds);
}
