/**
 * @module
 * Notification events and their fan-out. Storing an event and creating its deliveries happen in
 * one batch: the event row is unique per (tenant, type, subject) and a delivery per (event,
 * channel), so repeating it (duplicate lead, redelivered message, the sweep) changes nothing and
 * returns only the deliveries that still have their first attempt ahead.
 */
import type { NewNotificationEvent } from '../catalog.ts';

export interface EventRow {
  id: string;
  tenant: string;
  type: string;
  subject: string;
  lead_id: string | null;
  test: number;
  target_channel_id: string | null;
  payload: string;
  created_at: string;
  fanned_out_at: string | null;
}

function insertEventStatement(
  db: D1Database,
  id: string,
  event: NewNotificationEvent,
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO notification_events (id, tenant, type, subject, lead_id, test,
         target_channel_id, payload, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    )
    .bind(
      id,
      event.tenant,
      event.type,
      event.subject,
      event.leadId,
      event.test ? 1 : 0,
      event.targetChannelId,
      JSON.stringify(event.body),
      now,
    );
}

/**
 * Who hears of an event: a test event its one target channel; a `channel.disabled` notice every
 * email channel of the tenant; anything else each channel subscribed to its type, test-contact
 * events only where the channel opted in. Deleted and disabled channels get nothing; paused ones
 * get their delivery, which waits until they are resumed.
 */
function fanOutStatement(
  db: D1Database,
  eventId: string,
  attemptBudget: number,
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO notification_deliveries (id, tenant, event_id, channel_id, event_type, lead_id,
         status, attempt_budget, next_attempt_at, created_at, updated_at)
       SELECT 'ndl_' || lower(hex(randomblob(12))), e.tenant, e.id, c.id, e.type, e.lead_id,
              'pending', CASE WHEN e.type = 'notification.test' THEN 1 ELSE ? END, ?, ?, ?
         FROM notification_events e
         JOIN notification_channels c ON c.tenant = e.tenant
        WHERE e.id = ? AND c.deleted_at IS NULL AND c.disabled_at IS NULL
          AND CASE
                WHEN e.type = 'notification.test' THEN c.id = e.target_channel_id
                WHEN e.type = 'channel.disabled' THEN c.kind = 'email'
                ELSE (e.test = 0 OR c.include_test = 1)
                     AND EXISTS (SELECT 1 FROM json_each(c.events) WHERE value = e.type)
              END
       ON CONFLICT DO NOTHING`,
    )
    .bind(attemptBudget, now, now, now, eventId);
}

/** Its four statements; the last reads the deliveries still to attempt first. */
function storeAndFanOutStatements(
  db: D1Database,
  id: string,
  event: NewNotificationEvent | null,
  attemptBudget: number,
  now: string,
): D1PreparedStatement[] {
  return [
    ...(event ? [insertEventStatement(db, id, event, now)] : []),
    fanOutStatement(db, id, attemptBudget, now),
    db
      .prepare(
        'UPDATE notification_events SET fanned_out_at = ? WHERE id = ? AND fanned_out_at IS NULL',
      )
      .bind(now, id),
    db
      .prepare(
        `SELECT id FROM notification_deliveries
          WHERE event_id = ? AND status = 'pending' AND attempts = 0`,
      )
      .bind(id),
  ];
}

/** Stores the event (if new), creates its deliveries, returns the ids still to attempt first. */
export async function storeAndFanOut(
  db: D1Database,
  id: string,
  event: NewNotificationEvent | null,
  attemptBudget: number,
  now: string,
): Promise<string[]> {
  return storeAndFanOutAll(db, [{ id, event }], attemptBudget, now);
}

/** Several events in one batch (one round trip): every new delivery's id, in event order. */
export async function storeAndFanOutAll(
  db: D1Database,
  events: { id: string; event: NewNotificationEvent | null }[],
  attemptBudget: number,
  now: string,
): Promise<string[]> {
  if (events.length === 0) return [];
  const statements = events.map(({ id, event }) =>
    storeAndFanOutStatements(db, id, event, attemptBudget, now),
  );
  const results = await db.batch(statements.flat());
  const ids: string[] = [];
  let end = 0;
  for (const group of statements) {
    end += group.length;
    ids.push(...(results[end - 1]?.results as { id: string }[]).map((row) => row.id));
  }
  return ids;
}

export async function getNotificationEvent(db: D1Database, id: string): Promise<EventRow | null> {
  return db.prepare('SELECT * FROM notification_events WHERE id = ?').bind(id).first<EventRow>();
}

/**
 * Erasure: alerts about the leads carry their contact details; the stored body keeps only its
 * type, time and the lead id (a delivery still on its schedule then sends that).
 */
export function redactLeadEventsStatement(
  db: D1Database,
  tenant: string,
  leadIds: string,
  reason: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE notification_events
          SET payload = json_object('type', type, 'timestamp', payload ->> '$.timestamp',
                                    'data', json_object('leadId', lead_id, 'redacted', ?3))
        WHERE tenant = ?1 AND lead_id IN (SELECT value FROM json_each(?2))
          AND payload ->> '$.data.redacted' IS NULL`,
    )
    .bind(tenant, leadIds, reason);
}
