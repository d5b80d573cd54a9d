/**
 * @module
 * Runs sync jobs: claims them (so a redelivered message or the cron cannot run one twice), drafts
 * the `queued` ones, and — only when the tenant's live sender is on — sends (send.ts). Drafting
 * happens once per job; only an operator action rebuilds a draft. Nothing here writes to a lead.
 *
 * A queue batch shares its D1 round trips: one claims every job and reads their leads, two per
 * tenant read its taxonomy and connection, one stores every draft — four for a batch of one
 * tenant's jobs instead of five per job. Live sends (and due retries) run side by side, so the
 * whole batch finishes within the one lease it shares.
 */
import type { SyncJobState } from '../../shared/handoff.ts';
import type { CreateBookingRequest } from './booking-request.ts';
import { insertAttemptStatement } from './db/attempts.ts';
import { readConnection } from './db/connections.ts';
import { claimSyncJobs, storeDraftStatement, type SyncJobRow } from './db/jobs.ts';
import { defaultHandoffDeps, type HandoffDeps } from './deps.ts';
import { draftFrom, readTenantSources, type JobDraft, type TenantSources } from './drafting.ts';
import { senderFor } from './readiness.ts';
import { sendDraft } from './send.ts';
import { announce } from '../notifications/queue.ts';

/**
 * What a run did to one job: the state it left the job in, null when there was nothing to do
 * (already drafted, not due, or another worker holds it), or the error that stopped this job.
 */
export type JobOutcome = SyncJobState | null | Error;

interface Drafted extends JobDraft {
  job: SyncJobRow;
  sends: boolean;
}

async function outcomeOf(work: () => Promise<SyncJobState>): Promise<JobOutcome> {
  try {
    return await work();
  } catch (err) {
    return err as Error;
  }
}

/** Each tenant's sources, read once; a tenant whose read fails gets the error, not the batch. */
async function sourcesByTenant(
  db: D1Database,
  jobs: SyncJobRow[],
): Promise<Map<string, TenantSources | Error>> {
  const tenants = [...new Set(jobs.map((job) => job.tenant))];
  const read = await Promise.allSettled(tenants.map((tenant) => readTenantSources(db, tenant)));
  return new Map(
    tenants.map((tenant, i) => {
      const result = read[i]!;
      return [tenant, result.status === 'fulfilled' ? result.value : (result.reason as Error)];
    }),
  );
}

/** A due retry: send the stored draft again. */
async function retrySend(
  db: D1Database,
  job: SyncJobRow,
  lease: string,
  now: Date,
  deps: HandoffDeps,
): Promise<SyncJobState> {
  const connection = await readConnection(db, job.tenant);
  if (!connection) throw new Error(`sync job ${job.id} lost its tenant`);
  const payload = job.payload ? (JSON.parse(job.payload) as CreateBookingRequest) : null;
  return sendDraft(db, job, lease, payload, connection, now, deps);
}

/**
 * Runs the listed jobs that have work now. Throws only when D1 fails for the whole run (claim or
 * storing the drafts); an error that concerns one job is that job's outcome.
 */
export async function runSyncJobs(
  db: D1Database,
  ids: string[],
  now: Date,
  deps: HandoffDeps = defaultHandoffDeps,
): Promise<Map<string, JobOutcome>> {
  const at = now.toISOString();
  const lease = new Date(now.getTime() + deps.leaseMs).toISOString();
  const outcomes = new Map<string, JobOutcome>(ids.map((id) => [id, null]));
  const { jobs, leads } = await claimSyncJobs(db, [...outcomes.keys()], at, lease);
  const queued = jobs.filter((job) => job.state === 'queued');
  const sources = await sourcesByTenant(db, queued);

  const drafted: Drafted[] = [];
  for (const job of queued) {
    try {
      const leadRow = leads.get(job.lead_id);
      const tenant = sources.get(job.tenant);
      if (tenant instanceof Error) throw tenant;
      // The job row references its lead (foreign key): only a failed read gets here.
      if (!leadRow || !tenant) throw new Error(`sync job ${job.id} lost its lead`);
      const built = draftFrom(job, leadRow, tenant);
      const availability = senderFor(built.connection, deps);
      const sends = built.draft.state === 'ready' && availability.kind !== 'off';
      drafted.push({ ...built, job, sends });
    } catch (err) {
      outcomes.set(job.id, err as Error);
    }
  }
  if (drafted.length > 0) {
    await db.batch(
      drafted.flatMap(({ job, draft, connection, sends }) => [
        insertAttemptStatement(db, {
          jobId: job.id,
          at,
          kind: 'draft',
          outcome: draft.state,
          detail: { reasons: draft.reasons, mode: connection.mode },
        }),
        storeDraftStatement(
          db,
          job.id,
          draft,
          at,
          { state: 'queued', lease },
          sends ? lease : null,
        ),
      ]),
    );
  }

  // Sends run side by side: the batch shares one lease, which outlasts one lookup plus create.
  const sent = await Promise.all([
    ...drafted.map(async ({ job, draft, connection, sends }) => {
      const outcome: JobOutcome = sends
        ? await outcomeOf(() =>
            sendDraft(db, { ...job, state: 'ready' }, lease, draft.payload, connection, now, deps),
          )
        : draft.state;
      return [job.id, outcome] as const;
    }),
    ...jobs
      .filter((job) => job.state === 'retrying')
      .map(
        async (job) =>
          [job.id, await outcomeOf(() => retrySend(db, job, lease, now, deps))] as const,
      ),
  ]);
  for (const [id, outcome] of sent) outcomes.set(id, outcome);
  // A handoff that cannot go through is an alert (sync_job.failed / .blocked, docs/notifications.md).
  await Promise.all(
    sent
      .filter(([, o]) => o === 'blocked' || o === 'retrying')
      .map(([id]) => announce('sync_job', id)),
  );
  return outcomes;
}
