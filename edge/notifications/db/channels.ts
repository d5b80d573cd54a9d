/**
 * @module
 * D1 access for notification channels. Every read and write names the tenant, so one tenant's
 * operator can never reach another's channel by id. Secrets are stored sealed and never returned.
 */
import type { AnyEventType, WebhookFormat } from '../../../shared/notifications.ts';

export interface ChannelRow {
  id: string;
  tenant: string;
  kind: 'email' | 'webhook';
  description: string | null;
  email_to: string | null;
  url: string | null;
  format: WebhookFormat | null;
  events: string;
  include_test: number;
  secret_ciphertext: string | null;
  secret_fingerprint: string | null;
  previous_secret_ciphertext: string | null;
  previous_secret_expires_at: string | null;
  paused_at: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
  failing_since: string | null;
  deleted_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export type NewChannelRow = Omit<
  ChannelRow,
  | 'previous_secret_ciphertext'
  | 'previous_secret_expires_at'
  | 'paused_at'
  | 'disabled_at'
  | 'disabled_reason'
  | 'failing_since'
  | 'deleted_at'
>;

/** A channel as the admin API shows it. */
export function channelToJson(row: ChannelRow) {
  return {
    id: row.id,
    tenant: row.tenant,
    description: row.description,
    // `kind` inside each branch, so clients can narrow on it.
    ...(row.kind === 'email'
      ? { kind: row.kind, to: JSON.parse(row.email_to ?? '[]') as string[] }
      : {
          kind: row.kind,
          url: row.url,
          format: row.format,
          secretFingerprint: row.secret_fingerprint,
        }),
    events: JSON.parse(row.events) as AnyEventType[],
    includeTest: row.include_test === 1,
    state: row.disabled_at ? 'disabled' : row.paused_at ? 'paused' : 'active',
    pausedAt: row.paused_at,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
export type ChannelJson = ReturnType<typeof channelToJson>;

export async function insertChannel(db: D1Database, row: NewChannelRow): Promise<void> {
  await db
    .prepare(
      `INSERT INTO notification_channels (id, tenant, kind, description, email_to, url, format,
         events, include_test, secret_ciphertext, secret_fingerprint, created_by, created_at,
         updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      row.id,
      row.tenant,
      row.kind,
      row.description,
      row.email_to,
      row.url,
      row.format,
      row.events,
      row.include_test,
      row.secret_ciphertext,
      row.secret_fingerprint,
      row.created_by,
      row.created_at,
      row.updated_at,
    )
    .run();
}

export async function listChannels(db: D1Database, tenant: string): Promise<ChannelRow[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM notification_channels WHERE tenant = ? AND deleted_at IS NULL
        ORDER BY created_at, id`,
    )
    .bind(tenant)
    .all<ChannelRow>();
  return results;
}

/** One live (not deleted) channel of the tenant. */
export async function getChannel(
  db: D1Database,
  tenant: string,
  id: string,
): Promise<ChannelRow | null> {
  return db
    .prepare(
      'SELECT * FROM notification_channels WHERE tenant = ? AND id = ? AND deleted_at IS NULL',
    )
    .bind(tenant, id)
    .first<ChannelRow>();
}

/** Columns an operator can change; only the given ones are written. */
export type ChannelChanges = Partial<
  Pick<
    ChannelRow,
    | 'description'
    | 'email_to'
    | 'url'
    | 'events'
    | 'include_test'
    | 'paused_at'
    | 'disabled_at'
    | 'disabled_reason'
    | 'failing_since'
    | 'secret_ciphertext'
    | 'secret_fingerprint'
    | 'previous_secret_ciphertext'
    | 'previous_secret_expires_at'
    | 'deleted_at'
  >
>;

export function updateChannelStatement(
  db: D1Database,
  tenant: string,
  id: string,
  changes: ChannelChanges,
  now: string,
): D1PreparedStatement {
  const entries = Object.entries(changes);
  const sets = [...entries.map(([column]) => `${column} = ?`), 'updated_at = ?'];
  return db
    .prepare(
      `UPDATE notification_channels SET ${sets.join(', ')}
        WHERE tenant = ? AND id = ? AND deleted_at IS NULL`,
    )
    .bind(...entries.map(([, value]) => value), now, tenant, id);
}

/**
 * After an attempt: a success clears the failing clock; a failure starts it when it is not running.
 * Only webhook channels are disabled for failing (an email channel is where that notice goes).
 */
export function failingClockStatement(
  db: D1Database,
  channelId: string,
  ok: boolean,
  now: string,
): D1PreparedStatement {
  return ok
    ? db
        .prepare('UPDATE notification_channels SET failing_since = NULL WHERE id = ?')
        .bind(channelId)
    : db
        .prepare(
          `UPDATE notification_channels SET failing_since = coalesce(failing_since, ?) WHERE id = ?`,
        )
        .bind(now, channelId);
}

/**
 * Disables a webhook endpoint (410 Gone, or failing for too long) unless it already is, and
 * returns the row when this call did it, so the office is told once.
 */
export async function disableChannel(
  db: D1Database,
  channelId: string,
  reason: string,
  now: string,
): Promise<ChannelRow | null> {
  return db
    .prepare(
      `UPDATE notification_channels SET disabled_at = ?, disabled_reason = ?, updated_at = ?
        WHERE id = ? AND kind = 'webhook' AND disabled_at IS NULL AND deleted_at IS NULL
       RETURNING *`,
    )
    .bind(now, reason, now, channelId)
    .first<ChannelRow>();
}
