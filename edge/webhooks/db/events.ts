/**
 * @module
 * D1 access for accepted webhook events: the duplicate-proof insert, the processing lifecycle
 * (claim, finish, retry) and the operator reads.
 */
import type { Issue } from '../../../shared/api.ts';
import { REPROCESSABLE_STATES, type WebhookEventState } from '../../../shared/webhook-admin.ts';
import { Conditions, listNewestFirst } from '../../lib/newest-first.ts';

/** How long a processor owns a claimed event before cron may try it again. */
const PROCESSING_LEASE_MS = 60_000;

const leaseEnd = (now: Date) => new Date(now.getTime() + PROCESSING_LEASE_MS).toISOString();

export interface NewWebhookEvent {
  id: string;
  tenant: string;
  webhookId: string;
  eventId: string;
  occurrenceId: string;
  type: string;
  eventTime: string;
  envelope: string;
  bodySha256: string;
  secretId: string;
  refBookingId: number | null;
  refJobId: number | null;
  receivedAt: string;
  /** `quarantined`: stored as it came, never processed until an operator re-processes it. */
  state: 'pending' | 'quarantined';
  /** The schema's findings about `data` (JSON), for a quarantined or a tolerated event. */
  issues: Issue[] | null;
}

export type DuplicateReason = 'duplicate_webhook_id' | 'webhook_id_reused' | 'duplicate_occurrence';

export type InsertResult =
  { stored: true; claimed: ClaimedEvent | null } | { stored: false; reason: DuplicateReason };

interface ConflictRow {
  webhook_id: string;
  body_sha256: string;
}

/**
 * Stores the event unless its webhook-id or occurrence id is already there, and reads back what
 * holds them, in one batch (one round trip, one transaction). The unique constraints decide, so
 * of any number of concurrent copies exactly one is stored.
 *
 * A stored pending event is born claimed (first attempt, lease running) by the request that
 * stored it: it processes the event right after its response without another round trip to claim
 * it, and cron takes over only if that lease runs out. A quarantined event is not claimed.
 */
export async function insertEvent(db: D1Database, event: NewWebhookEvent): Promise<InsertResult> {
  const pending = event.state === 'pending';
  const [insert, conflicts] = await db.batch([
    db
      .prepare(
        `INSERT INTO webhook_events (id, tenant, webhook_id, event_id, occurrence_id, type,
           event_time, envelope, body_sha256, secret_id, ref_booking_id, ref_job_id, received_at,
           state, issues, attempts, lease_until)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .bind(
        event.id,
        event.tenant,
        event.webhookId,
        event.eventId,
        event.occurrenceId,
        event.type,
        event.eventTime,
        event.envelope,
        event.bodySha256,
        event.secretId,
        event.refBookingId,
        event.refJobId,
        event.receivedAt,
        event.state,
        event.issues && JSON.stringify(event.issues),
        pending ? 1 : 0,
        pending ? leaseEnd(new Date(event.receivedAt)) : null,
      ),
    db
      .prepare(
        `SELECT webhook_id, body_sha256 FROM webhook_events
          WHERE tenant = ? AND (webhook_id = ? OR occurrence_id = ?)`,
      )
      .bind(event.tenant, event.webhookId, event.occurrenceId),
  ]);
  if (insert?.meta.changes === 1) {
    const { id, tenant, type, eventTime, envelope } = event;
    return {
      stored: true,
      claimed: pending ? { id, tenant, type, event_time: eventTime, envelope, attempts: 1 } : null,
    };
  }
  const rows = (conflicts?.results ?? []) as ConflictRow[];
  const sameDelivery = rows.find((row) => row.webhook_id === event.webhookId);
  if (!sameDelivery) return { stored: false, reason: 'duplicate_occurrence' };
  return {
    stored: false,
    reason:
      sameDelivery.body_sha256 === event.bodySha256 ? 'duplicate_webhook_id' : 'webhook_id_reused',
  };
}

// --- processing lifecycle ----------------------------------------------------------------------

export interface ClaimedEvent {
  id: string;
  tenant: string;
  type: string;
  event_time: string;
  envelope: string;
  attempts: number;
}

/** Takes a pending event for processing (or null if another processor holds it or it is done). */
export async function claimEvent(
  db: D1Database,
  id: string,
  now: Date,
): Promise<ClaimedEvent | null> {
  return db
    .prepare(
      `UPDATE webhook_events SET attempts = attempts + 1, lease_until = ?
        WHERE id = ? AND state = 'pending' AND (lease_until IS NULL OR lease_until <= ?)
        RETURNING id, tenant, type, event_time, envelope, attempts`,
    )
    .bind(leaseEnd(now), id, now.toISOString())
    .first<ClaimedEvent>();
}

export interface Processed {
  state: 'processed' | 'unmatched';
  leadId: string | null;
  note: string | null;
  applied: Record<string, unknown>;
}

/** What the data check found, recorded with the outcome (issues null when there were none). */
export interface Checked {
  issues: Issue[] | null;
  refs: { bookingId: number | null; jobId: number | null };
}

/**
 * Records the outcome; runs in the same batch as the writes it describes. The data check and the
 * booking/job refs are recorded again: an event re-processed after a schema change has new ones.
 */
export function finishStatement(
  db: D1Database,
  id: string,
  result: Processed,
  checked: Checked,
  now: Date,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_events SET state = ?, lead_id = ?, note = ?, applied = ?, processed_at = ?,
              issues = ?, ref_booking_id = ?, ref_job_id = ?, lease_until = NULL
        WHERE id = ?`,
    )
    .bind(
      result.state,
      result.leadId,
      result.note,
      JSON.stringify(result.applied),
      now.toISOString(),
      checked.issues && JSON.stringify(checked.issues),
      checked.refs.bookingId,
      checked.refs.jobId,
      id,
    );
}

/** The data (still) fails its schema: quarantined with the issues, nothing applied, no retry. */
export async function quarantine(
  db: D1Database,
  id: string,
  issues: Issue[],
  note: string,
  now: Date,
): Promise<void> {
  await db
    .prepare(
      `UPDATE webhook_events SET state = 'quarantined', issues = ?, note = ?, lead_id = NULL,
              applied = NULL, processed_at = ?, lease_until = NULL
        WHERE id = ?`,
    )
    .bind(JSON.stringify(issues), note, now.toISOString(), id)
    .run();
}

/** After an error: back to pending for cron to retry after the lease, or `failed` for good. */
export async function recordFailure(
  db: D1Database,
  id: string,
  error: string,
  giveUp: boolean,
  now: Date,
): Promise<void> {
  await db
    .prepare(
      `UPDATE webhook_events SET state = ?, note = ?, processed_at = ?,
              lease_until = CASE WHEN ? THEN NULL ELSE lease_until END
        WHERE id = ?`,
    )
    .bind(giveUp ? 'failed' : 'pending', error, now.toISOString(), giveUp ? 1 : 0, id)
    .run();
}

/** Pending events received before `before` whose lease (if any) has run out, oldest first. */
export async function stalePendingEventIds(
  db: D1Database,
  before: Date,
  now: Date,
  limit: number,
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM webhook_events
        WHERE state = 'pending' AND received_at < ? AND (lease_until IS NULL OR lease_until <= ?)
        ORDER BY received_at LIMIT ?`,
    )
    .bind(before.toISOString(), now.toISOString(), limit)
    .all<{ id: string }>();
  return results.map((row) => row.id);
}

/**
 * Puts unmatched events about a booking or job back to pending (oldest event first): called when
 * a booking event has just linked that booking or job to a lead, so events that arrived before
 * the link are matched now instead of staying unmatched.
 */
export async function requeueUnmatched(
  db: D1Database,
  tenant: string,
  refs: { bookingId: number | null; jobId: number | null },
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `UPDATE webhook_events SET state = 'pending', note = NULL, lease_until = NULL
        WHERE tenant = ? AND state = 'unmatched' AND (ref_booking_id = ? OR ref_job_id = ?)
        RETURNING id, event_time`,
    )
    .bind(tenant, refs.bookingId, refs.jobId)
    .all<{ id: string; event_time: string }>();
  return results.sort((a, b) => a.event_time.localeCompare(b.event_time)).map((row) => row.id);
}

/** An operator's retry of a failed, unmatched or quarantined event; false in another state. */
export async function requeueEvent(db: D1Database, id: string): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE webhook_events SET state = 'pending', note = NULL, lease_until = NULL, attempts = 0
        WHERE id = ? AND state IN (${REPROCESSABLE_STATES.map((s) => `'${s}'`).join(', ')})`,
    )
    .bind(id)
    .run();
  return result.meta.changes === 1;
}

// --- operator reads ----------------------------------------------------------------------------

export interface EventRow {
  id: string;
  tenant: string;
  webhook_id: string;
  event_id: string;
  occurrence_id: string;
  type: string;
  event_time: string;
  envelope: string;
  secret_id: string | null;
  state: WebhookEventState;
  note: string | null;
  lead_id: string | null;
  applied: string | null;
  attempts: number;
  received_at: string;
  processed_at: string | null;
  issues: string | null;
}

/** An event as the admin API shows it; the envelope (with `data`) only in the detail view. */
export function eventRowToJson(row: EventRow, withEnvelope = false) {
  return {
    id: row.id,
    tenant: row.tenant,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    occurrenceId: row.occurrence_id,
    type: row.type,
    eventTime: row.event_time,
    state: row.state,
    note: row.note,
    leadId: row.lead_id,
    applied: row.applied === null ? null : (JSON.parse(row.applied) as unknown),
    issues: row.issues === null ? null : (JSON.parse(row.issues) as Issue[]),
    attempts: row.attempts,
    secretId: row.secret_id,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
    ...(withEnvelope && { envelope: JSON.parse(row.envelope) as unknown }),
  };
}

export interface EventListFilter {
  tenant?: string | undefined;
  state?: WebhookEventState | undefined;
  type?: string | undefined;
  leadId?: string | undefined;
  since?: string | undefined;
  before?: { receivedAt: string; id: string } | undefined;
  limit: number;
}

export async function listEvents(db: D1Database, filter: EventListFilter): Promise<EventRow[]> {
  const where = new Conditions()
    .equals('tenant', filter.tenant)
    .equals('state', filter.state)
    .equals('type', filter.type)
    .equals('lead_id', filter.leadId);
  if (filter.since) where.add('received_at >= ?', filter.since);
  const before = filter.before && { at: filter.before.receivedAt, id: filter.before.id };
  return listNewestFirst<EventRow>(db, {
    table: 'webhook_events',
    timeColumn: 'received_at',
    where,
    before,
    limit: filter.limit,
  });
}

export async function getEvent(db: D1Database, id: string): Promise<EventRow | null> {
  return db.prepare('SELECT * FROM webhook_events WHERE id = ?').bind(id).first<EventRow>();
}

/** A lead's events in the order they happened: its outcome history. */
export async function eventsOfLead(db: D1Database, leadId: string): Promise<EventRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM webhook_events WHERE lead_id = ? ORDER BY event_time, received_at')
    .bind(leadId)
    .all<EventRow>();
  return results;
}

/**
 * Erasure: the envelopes of the events linked to the leads (JSON array), or listed in
 * `eventIds`, are replaced by what the event's own columns already say.
 */
export function redactEventsStatement(
  db: D1Database,
  erasure: { tenant: string; leadIds: string; eventIds: string; reason: string; at: string },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_events
          SET envelope = json_object('id', event_id, 'type', type, 'time', event_time,
                                     'redacted', ?4),
              redacted_at = ?5
        WHERE tenant = ?1 AND redacted_at IS NULL
          AND (lead_id IN (SELECT value FROM json_each(?2))
            OR id IN (SELECT value FROM json_each(?3)))`,
    )
    .bind(erasure.tenant, erasure.leadIds, erasure.eventIds, erasure.reason, erasure.at);
}

/** Unredacted events whose envelope contains one of `needles` (lower case), for a contact. */
export function eventsNamingStatement(
  db: D1Database,
  tenant: string,
  needles: string[],
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT DISTINCT e.id FROM webhook_events e, json_each(?2) needle
        WHERE e.tenant = ?1 AND e.redacted_at IS NULL
          AND instr(lower(e.envelope), needle.value) > 0`,
    )
    .bind(tenant, JSON.stringify(needles));
}

/**
 * Up to `limit` unredacted events past the cutoff, or linked to a lead erased before the event
 * arrived (a late ServiceTitan update about a contact that asked to be deleted).
 */
export function expiredEventIdsStatement(
  db: D1Database,
  tenant: string,
  cutoff: string,
  limit: number,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT id FROM webhook_events
        WHERE tenant = ?1 AND redacted_at IS NULL AND received_at < ?2
       UNION
       SELECT e.id FROM webhook_events e JOIN leads l ON l.id = e.lead_id
        WHERE e.tenant = ?1 AND e.redacted_at IS NULL AND l.erased_at IS NOT NULL
       LIMIT ?3`,
    )
    .bind(tenant, cutoff, limit);
}

/** Unmatched events received in [start, end), counted by type (rows `{type, events}`). */
export function unmatchedByTypeStatement(
  db: D1Database,
  tenant: string,
  start: string,
  end: string,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT type, COUNT(*) AS events FROM webhook_events
        WHERE tenant = ? AND state = 'unmatched' AND received_at >= ? AND received_at < ?
        GROUP BY type ORDER BY type`,
    )
    .bind(tenant, start, end);
}
