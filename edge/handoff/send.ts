/**
 * @module
 * One send attempt of a drafted job, recorded and turned into the job's next state: `sent`,
 * `retrying` (with its next attempt time), `blocked` (permanent error or budget used), or back to
 * `ready` when the sender was switched off meanwhile. Before creating, it asks ServiceTitan for a
 * booking with the job's externalId, so a create that timed out but landed is never repeated.
 */
import type { CreateBookingRequest } from './booking-request.ts';
import { insertAttemptStatement, type NewAttempt } from './db/attempts.ts';
import { storeSendStatement, type SendResult, type SyncJobRow } from './db/jobs.ts';
import type { HandoffDeps } from './deps.ts';
import { senderFor, type Connection } from './readiness.ts';
import { backoffDelayMs, retryBudgetLeft, SEND_ATTEMPT_BUDGET } from './retry-policy.ts';
import type { BookingSender, LookupOutcome, SendOutcome } from './sender.ts';

type Failure = Extract<SendOutcome, { kind: 'retryable' | 'permanent' }>;
type Booked = { kind: 'booked'; bookingId: number };

interface Timed<T> {
  outcome: T;
  durationMs: number;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = Date.now();
  const outcome = await work();
  return { outcome, durationMs: Date.now() - started };
}

async function lookupThenCreate(sender: BookingSender, payload: CreateBookingRequest) {
  const lookup = await timed(() => sender.findByExternalId(payload.externalId));
  if (lookup.outcome.kind === 'found') {
    return { lookup, result: { kind: 'booked', bookingId: lookup.outcome.bookingId } as Booked };
  }
  if (lookup.outcome.kind !== 'not_found') return { lookup, result: lookup.outcome };
  const create = await timed(() => sender.create(payload));
  const result: Booked | Failure =
    create.outcome.kind === 'sent'
      ? { kind: 'booked', bookingId: create.outcome.bookingId }
      : create.outcome;
  return { lookup, create, result };
}

function nextState(
  result: Booked | Failure,
  attempt: number,
  now: Date,
  deps: HandoffDeps,
): SendResult {
  const base = { sendAttempts: attempt, nextAttemptAt: null, bookingId: null };
  if (result.kind === 'booked') {
    return { ...base, state: 'sent', lastError: null, bookingId: result.bookingId };
  }
  if (result.kind === 'retryable' && retryBudgetLeft(attempt)) {
    const next = new Date(now.getTime() + backoffDelayMs(attempt, deps.random()));
    return {
      ...base,
      state: 'retrying',
      nextAttemptAt: next.toISOString(),
      lastError: result.error,
    };
  }
  const lastError =
    result.kind === 'retryable'
      ? `retry budget of ${SEND_ATTEMPT_BUDGET} attempts used; last: ${result.error}`
      : result.error;
  return { ...base, state: 'blocked', lastError };
}

function lookupAttempt(jobId: string, at: string, lookup: Timed<LookupOutcome>): NewAttempt {
  const { outcome } = lookup;
  return {
    jobId,
    at,
    kind: 'lookup',
    outcome: outcome.kind === 'found' || outcome.kind === 'not_found' ? outcome.kind : 'error',
    httpStatus: outcome.status,
    error: 'error' in outcome ? outcome.error : null,
    durationMs: lookup.durationMs,
    detail: outcome.kind === 'found' ? { bookingId: outcome.bookingId } : {},
  };
}

/** Records a send that could not be made and leaves the job in `result.state`. */
async function storeWithoutSending(
  db: D1Database,
  job: SyncJobRow,
  lease: string,
  at: string,
  result: SendResult,
): Promise<SendResult['state']> {
  const outcome = result.state === 'ready' ? 'held' : result.state;
  await db.batch([
    insertAttemptStatement(db, {
      jobId: job.id,
      at,
      kind: 'send',
      outcome,
      error: result.lastError,
    }),
    storeSendStatement(db, job.id, lease, result, at),
  ]);
  return result.state;
}

/** Sends the job's draft if the tenant's live sender is on; the caller holds the job's lease. */
export async function sendDraft(
  db: D1Database,
  job: SyncJobRow,
  lease: string,
  payload: CreateBookingRequest | null,
  connection: Connection,
  now: Date,
  deps: HandoffDeps,
): Promise<SendResult['state']> {
  const at = now.toISOString();
  const attempt = job.send_attempts + 1;
  const unsent = { sendAttempts: job.send_attempts, nextAttemptAt: null, bookingId: null };
  if (!payload) {
    // The draft was erased with its lead (edge/lifecycle/erase.ts): nothing is left to send.
    const lastError = 'draft erased with its lead';
    return storeWithoutSending(db, job, lease, at, { ...unsent, state: 'blocked', lastError });
  }
  const availability = senderFor(connection, deps);
  if (availability.kind === 'off') {
    // A retry that came due after the sender was switched off waits as a ready draft.
    const lastError = 'sender off: the tenant is not live';
    return storeWithoutSending(db, job, lease, at, { ...unsent, state: 'ready', lastError });
  }
  if (availability.kind === 'unavailable') {
    const blocked = { ...unsent, sendAttempts: attempt, state: 'blocked' as const };
    return storeWithoutSending(db, job, lease, at, { ...blocked, lastError: availability.error });
  }

  const run = await lookupThenCreate(availability.sender, payload);
  const result = nextState(run.result, attempt, now, deps);
  const attempts = [insertAttemptStatement(db, lookupAttempt(job.id, at, run.lookup))];
  if (run.create) {
    const { outcome, durationMs } = run.create;
    attempts.push(
      insertAttemptStatement(db, {
        jobId: job.id,
        at,
        kind: 'send',
        outcome: result.state,
        httpStatus: outcome.status,
        error: 'error' in outcome ? outcome.error : null,
        durationMs,
        detail: {
          attempt,
          endpoint: availability.sender.endpoint,
          nextAttemptAt: result.nextAttemptAt,
          bookingId: result.bookingId,
        },
      }),
    );
  }
  await db.batch([...attempts, storeSendStatement(db, job.id, lease, result, at)]);
  return result.state;
}
