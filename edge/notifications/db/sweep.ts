/**
 * @module
 * The sweep's reads: work a lost queue message left behind. Source rows (leads, blocked or failed
 * sync jobs, open drift findings, unmatched webhook events) from the last day that have no
 * notification event yet; events never fanned out; deliveries that were due long ago and are not
 * held. These read other features' tables only to find ids; every row is then processed through
 * the queue exactly as its announcement would have been.
 */
import type { NotifySource } from '../queue.ts';

const SOURCES: Record<NotifySource, { table: string; time: string; where: string }> = {
  lead: { table: 'leads', time: 'received_at', where: 'erased_at IS NULL' },
  sync_job: { table: 'sync_jobs', time: 'updated_at', where: `state IN ('blocked', 'retrying')` },
  drift_finding: { table: 'drift_findings', time: 'created_at', where: `review_state = 'open'` },
  webhook_event: { table: 'webhook_events', time: 'received_at', where: `state = 'unmatched'` },
};

/** Rows of `source` in [from, to) without a notification event about them. */
export async function unannouncedIds(
  db: D1Database,
  source: NotifySource,
  from: string,
  to: string,
  limit: number,
): Promise<string[]> {
  const { table, time, where } = SOURCES[source];
  const { results } = await db
    .prepare(
      `SELECT s.id FROM ${table} s
        WHERE s.${time} >= ? AND s.${time} < ? AND ${where}
          AND NOT EXISTS (SELECT 1 FROM notification_events e
                           WHERE e.tenant = s.tenant AND e.subject = s.id)
        ORDER BY s.${time} LIMIT ?`,
    )
    .bind(from, to, limit)
    .all<{ id: string }>();
  return results.map((row) => row.id);
}

export async function unfannedEventIds(db: D1Database, before: string, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT id FROM notification_events WHERE fanned_out_at IS NULL AND created_at < ?
        ORDER BY created_at LIMIT ?`,
    )
    .bind(before, limit)
    .all<{ id: string }>();
  return results.map((row) => row.id);
}

/** Open deliveries due before `before`, not leased, on a channel that is not paused. */
export async function lostDeliveryIds(db: D1Database, before: string, now: string, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT d.id FROM notification_deliveries d
         JOIN notification_channels c ON c.id = d.channel_id
        WHERE d.status IN ('pending', 'retrying') AND d.next_attempt_at < ?
          AND (d.lease_until IS NULL OR d.lease_until <= ?) AND c.paused_at IS NULL
        ORDER BY d.next_attempt_at LIMIT ?`,
    )
    .bind(before, now, limit)
    .all<{ id: string }>();
  return results.map((row) => row.id);
}
