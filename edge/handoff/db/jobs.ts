/**
 * @module
 * D1 access for sync jobs. Every state change is a conditional UPDATE (expected state, lease), so
 * a queue redelivery, the cron and an operator can never overwrite each other's result.
 */
import type { SyncJobState } from '../../../shared/handoff.ts';
import type { LeadRecord } from '../../../shared/lead-record.ts';
import type { CreateBookingRequest } from '../booking-request.ts';
import type { BindingOverride, EffectiveBinding } from '../binding.ts';
import { externalIdForLead } from '../external-id.ts';
import { leadsOfLeasedJobsStatement, type LeadRow } from '../../leads/db/leads.ts';
import { Conditions, listNewestFirst } from '../../lib/newest-first.ts';

export interface SyncJobRow {
  id: string;
  lead_id: string;
  tenant: string;
  state: SyncJobState;
  external_id: string;
  payload: string | null;
  review_reasons: string;
  binding: string | null;
  binding_override: string | null;
  send_attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  booking_id: number | null;
  sent_at: string | null;
  manual_note: string | null;
  completed_by: string | null;
  completed_at: string | null;
  lease_until: string | null;
  drafted_at: string | null;
  created_at: string;
  updated_at: string;
}

/** States an operator can no longer act on. */
export const CLOSED_STATES: readonly SyncJobState[] = ['sent', 'manual_complete'];

/** One job per lead, with an id derived from the lead's. */
export function syncJobIdFor(leadId: string): string {
  return `sj_${leadId.replace(/^ld_/, '')}`;
}

/**
 * The job row for a freshly stored lead, for the lead's own insert batch. Spam is stored like any
 * lead but not drafted: its job is `skipped` until an operator resends it. A lead stored twice
 * (duplicate submit, fallback redelivery) keeps its one job.
 */
export function insertSyncJobStatement(
  db: D1Database,
  lead: Pick<LeadRecord, 'id' | 'tenant' | 'classification'>,
  now: string,
): D1PreparedStatement {
  const skipped = lead.classification === 'spam';
  return db
    .prepare(
      `INSERT INTO sync_jobs (id, lead_id, tenant, state, external_id, review_reasons, created_at,
         updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .bind(
      syncJobIdFor(lead.id),
      lead.id,
      lead.tenant,
      skipped ? 'skipped' : 'queued',
      externalIdForLead(lead.id),
      JSON.stringify(skipped ? ['classified_spam'] : []),
      now,
      now,
    );
}

export async function getSyncJob(db: D1Database, id: string): Promise<SyncJobRow | null> {
  return db.prepare('SELECT * FROM sync_jobs WHERE id = ?').bind(id).first<SyncJobRow>();
}

export interface SyncJobListFilter {
  tenant?: string | undefined;
  state?: SyncJobState | undefined;
  leadId?: string | undefined;
  before?: { createdAt: string; id: string } | undefined;
  limit: number;
}

export async function listSyncJobs(
  db: D1Database,
  filter: SyncJobListFilter,
): Promise<SyncJobRow[]> {
  const where = new Conditions()
    .equals('tenant', filter.tenant)
    .equals('state', filter.state)
    .equals('lead_id', filter.leadId);
  const before = filter.before && { at: filter.before.createdAt, id: filter.before.id };
  return listNewestFirst<SyncJobRow>(db, {
    table: 'sync_jobs',
    timeColumn: 'created_at',
    where,
    before,
    limit: filter.limit,
  });
}

export interface ClaimedJobs {
  jobs: SyncJobRow[];
  /** The leads of the claimed jobs, by id. */
  leads: Map<string, LeadRow>;
}

/**
 * Takes every listed job that has work now (`queued`, or `retrying` and due) and no live lease,
 * and reads their leads, in one batch: one round trip for a whole queue batch. A job held by
 * another processor, already drafted or not due is left out (nothing to do).
 */
export async function claimSyncJobs(
  db: D1Database,
  ids: string[],
  now: string,
  leaseUntil: string,
): Promise<ClaimedJobs> {
  const idList = JSON.stringify(ids);
  const [claimed, leads] = await db.batch([
    db
      .prepare(
        `UPDATE sync_jobs SET lease_until = ?1
          WHERE id IN (SELECT value FROM json_each(?2))
            AND (lease_until IS NULL OR lease_until <= ?3)
            AND (state = 'queued' OR (state = 'retrying' AND next_attempt_at <= ?3))
         RETURNING *`,
      )
      .bind(leaseUntil, idList, now),
    // Runs after the claim in the same transaction: the leads of the jobs it just leased.
    leadsOfLeasedJobsStatement(db, idList, leaseUntil),
  ]);
  const leadRows = (leads?.results ?? []) as LeadRow[];
  return {
    jobs: (claimed?.results ?? []) as SyncJobRow[],
    leads: new Map(leadRows.map((row) => [row.id, row])),
  };
}

/** Jobs the cron should run: due retries, and `queued` jobs whose message was lost. */
export async function dueSyncJobIds(
  db: D1Database,
  now: string,
  queuedBefore: string,
  limit: number,
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM (
         SELECT id, next_attempt_at AS due FROM sync_jobs
          WHERE state = 'retrying' AND next_attempt_at <= ?1
         UNION ALL
         SELECT id, updated_at AS due FROM sync_jobs
          WHERE state = 'queued' AND updated_at <= ?2
       ) ORDER BY due LIMIT ?3`,
    )
    .bind(now, queuedBefore, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

export interface DraftResult {
  state: 'ready' | 'review';
  payload: CreateBookingRequest;
  reasons: string[];
  binding: EffectiveBinding;
}

/**
 * Stores a built draft. `expected` is the state and lease the writer saw, so a draft never lands
 * on a job that changed meanwhile; `leaseAfter` keeps the lease when a send follows.
 */
export function storeDraftStatement(
  db: D1Database,
  id: string,
  draft: DraftResult,
  now: string,
  expected: { state: SyncJobState; lease: string | null },
  leaseAfter: string | null,
  override?: BindingOverride | null,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sync_jobs
          SET state = ?, payload = ?, review_reasons = ?, binding = ?, drafted_at = ?, updated_at = ?,
              next_attempt_at = NULL, last_error = NULL, lease_until = ?,
              binding_override = CASE WHEN ? THEN ? ELSE binding_override END
        WHERE id = ? AND state = ? AND lease_until IS ?`,
    )
    .bind(
      draft.state,
      JSON.stringify(draft.payload),
      JSON.stringify(draft.reasons),
      JSON.stringify(draft.binding),
      now,
      now,
      leaseAfter,
      override === undefined ? 0 : 1,
      override ? JSON.stringify(override) : null,
      id,
      expected.state,
      expected.lease,
    );
}

export interface SendResult {
  state: 'sent' | 'retrying' | 'blocked' | 'ready';
  sendAttempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  bookingId: number | null;
}

/** Stores the outcome of a send attempt and releases the lease. */
export function storeSendStatement(
  db: D1Database,
  id: string,
  lease: string,
  result: SendResult,
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sync_jobs
          SET state = ?, send_attempts = ?, next_attempt_at = ?, last_error = ?,
              booking_id = COALESCE(?, booking_id), sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END,
              updated_at = ?, lease_until = NULL
        WHERE id = ? AND lease_until = ?`,
    )
    .bind(
      result.state,
      result.sendAttempts,
      result.nextAttemptAt,
      result.lastError,
      result.bookingId,
      result.state,
      now,
      now,
      id,
      lease,
    );
}

/** Back to `queued` for a fresh draft (and send, when live) with a fresh retry budget. */
export function resendStatement(db: D1Database, job: SyncJobRow, now: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sync_jobs
          SET state = 'queued', send_attempts = 0, next_attempt_at = NULL, last_error = NULL,
              lease_until = NULL, updated_at = ?
        WHERE id = ? AND state = ? AND lease_until IS ?`,
    )
    .bind(now, job.id, job.state, job.lease_until);
}

/** States whose job has not reached ServiceTitan: cancelling one loses nothing sent. */
const UNSENT_STATES = `('queued', 'review', 'ready', 'retrying', 'blocked')`;

/**
 * Cancels (→ `skipped`, reason `classified_<classification>`) the unsent jobs of the leads `leadIds`
 * selects (SQL returning lead ids, with its own parameters), leaving alone a job a processor holds
 * right now. Used when a lead turns spam or test after its job was created.
 */
export function skipUnsentJobsStatement(
  db: D1Database,
  leadIds: { sql: string; params: unknown[] },
  classification: 'spam' | 'test',
  now: string,
): D1PreparedStatement {
  const n = leadIds.params.length;
  return db
    .prepare(
      `UPDATE sync_jobs
          SET state = 'skipped', review_reasons = json_array(?${n + 1}), next_attempt_at = NULL,
              updated_at = ?${n + 2}
        WHERE lead_id IN (${leadIds.sql}) AND state IN ${UNSENT_STATES}
          AND (lease_until IS NULL OR lease_until <= ?${n + 2})`,
    )
    .bind(...leadIds.params, `classified_${classification}`, now);
}

/** A lead turned real: its skipped job back to `queued` (the job row exists from intake). */
export function requeueSkippedJobStatement(
  db: D1Database,
  leadId: string,
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sync_jobs
          SET state = 'queued', review_reasons = '[]', send_attempts = 0, next_attempt_at = NULL,
              last_error = NULL, lease_until = NULL, updated_at = ?
        WHERE lead_id = ? AND state = 'skipped'`,
    )
    .bind(now, leadId);
}

export function manualCompleteStatement(
  db: D1Database,
  job: SyncJobRow,
  note: string,
  actor: string,
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sync_jobs
          SET state = 'manual_complete', manual_note = ?, completed_by = ?, completed_at = ?,
              next_attempt_at = NULL, lease_until = NULL, updated_at = ?
        WHERE id = ? AND state = ? AND lease_until IS ?`,
    )
    .bind(note, actor, now, now, job.id, job.state, job.lease_until);
}

export async function countRetrying(db: D1Database, tenant: string): Promise<number> {
  const row = await db
    .prepare(`SELECT COUNT(*) AS n FROM sync_jobs WHERE tenant = ? AND state = 'retrying'`)
    .bind(tenant)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Retrying jobs of a tenant whose sender was disconnected: back to `ready`, draft kept. */
export function holdRetriesStatement(
  db: D1Database,
  tenant: string,
  reason: string,
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sync_jobs SET state = 'ready', next_attempt_at = NULL, last_error = ?, updated_at = ?
        WHERE tenant = ? AND state = 'retrying'`,
    )
    .bind(`sender disconnected: ${reason}`, now, tenant);
}

function parse<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** A job as the admin API shows it. */
export function syncJobToJson(row: SyncJobRow) {
  return {
    id: row.id,
    leadId: row.lead_id,
    tenant: row.tenant,
    state: row.state,
    externalId: row.external_id,
    reviewReasons: JSON.parse(row.review_reasons) as string[],
    payload: parse<CreateBookingRequest>(row.payload),
    binding: parse<EffectiveBinding>(row.binding),
    bindingOverride: parse<BindingOverride>(row.binding_override),
    sendAttempts: row.send_attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    bookingId: row.booking_id,
    sentAt: row.sent_at,
    manualNote: row.manual_note,
    completedBy: row.completed_by,
    completedAt: row.completed_at,
    inProgressUntil: row.lease_until,
    draftedAt: row.drafted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The sync job(s) of a lead, for the lead detail. */
export async function syncJobsForLead(db: D1Database, leadId: string) {
  const { results } = await db
    .prepare('SELECT * FROM sync_jobs WHERE lead_id = ? ORDER BY created_at')
    .bind(leadId)
    .all<SyncJobRow>();
  return results.map(syncJobToJson);
}

/** Erasure: the booking drafts of the leads, and the free text on their jobs, are replaced. */
export function redactJobsOfLeadsStatement(
  db: D1Database,
  tenant: string,
  leadIds: string,
  erased: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sync_jobs SET payload = NULL,
              manual_note = CASE WHEN manual_note IS NULL THEN NULL ELSE ?3 END,
              last_error = CASE WHEN last_error IS NULL THEN NULL ELSE ?3 END
        WHERE tenant = ?1 AND lead_id IN (SELECT value FROM json_each(?2))
          AND (payload IS NOT NULL OR manual_note != ?3 OR last_error != ?3)`,
    )
    .bind(tenant, leadIds, erased);
}

/** SQL: the ids of the sync jobs of the tenant `?1` for the leads in the JSON array `?2`. */
export const JOBS_OF_LEADS_SQL = `SELECT id FROM sync_jobs
  WHERE tenant = ?1 AND lead_id IN (SELECT value FROM json_each(?2))`;
