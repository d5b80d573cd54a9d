/**
 * @module
 * Runs one sync job: claims it (so a redelivered message or the cron cannot run it twice), drafts
 * it when `queued`, and — only when the tenant's live sender is on — sends it (send.ts). Drafting
 * happens once per job; only an operator action rebuilds a draft. Nothing here writes to the lead.
 */
import type { SyncJobState } from '../../shared/handoff.ts';
import type { CreateBookingRequest } from './booking-request.ts';
import { insertAttemptStatement } from './db/attempts.ts';
import { readConnection } from './db/connections.ts';
import { claimSyncJob, storeDraftStatement } from './db/jobs.ts';
import { defaultHandoffDeps, type HandoffDeps } from './deps.ts';
import { draftForJob } from './drafting.ts';
import { senderFor } from './readiness.ts';
import { sendDraft } from './send.ts';

/**
 * Runs the job if there is work for it now. Returns the state it left the job in, or null when
 * there was nothing to do (already drafted, not due, or another worker holds it).
 */
export async function runSyncJob(
  db: D1Database,
  jobId: string,
  now: Date,
  deps: HandoffDeps = defaultHandoffDeps,
): Promise<SyncJobState | null> {
  const at = now.toISOString();
  const lease = new Date(now.getTime() + deps.leaseMs).toISOString();
  const job = await claimSyncJob(db, jobId, at, lease);
  if (!job) return null;

  if (job.state === 'retrying') {
    const connection = await readConnection(db, job.tenant);
    if (!connection) throw new Error(`sync job ${job.id} lost its tenant`);
    const payload = job.payload ? (JSON.parse(job.payload) as CreateBookingRequest) : null;
    return sendDraft(db, job, lease, payload, connection, now, deps);
  }

  const { draft, connection } = await draftForJob(db, job);
  const availability = senderFor(connection, deps.credentials, deps.sendTimeoutMs);
  const sends = draft.state === 'ready' && availability.kind !== 'off';
  await db.batch([
    insertAttemptStatement(db, {
      jobId: job.id,
      at,
      kind: 'draft',
      outcome: draft.state,
      detail: { reasons: draft.reasons, mode: connection.mode },
    }),
    storeDraftStatement(db, job.id, draft, at, { state: 'queued', lease }, sends ? lease : null),
  ]);
  if (!sends) return draft.state;
  return sendDraft(db, { ...job, state: 'ready' }, lease, draft.payload, connection, now, deps);
}
