/**
 * @module
 * The handoff queue: one message per job to run (`{kind: "sync-job", jobId}`). The job row, not the
 * message, is the durable record: a message that is lost, duplicated or redelivered changes
 * nothing (the consumer claims the job; the cron picks up a job whose message never came).
 */
import type { LeadRecord } from '../../shared/lead-record.ts';
import { sendCoalesced } from '../lib/batched-send.ts';
import { syncJobIdFor } from './db/jobs.ts';
import { handoffDeps, type HandoffDeps } from './deps.ts';
import { type JobOutcome, runSyncJobs } from './process.ts';

export interface SyncJobMessage {
  kind: 'sync-job';
  jobId: string;
}

/**
 * Seconds before a message whose run hit an error (D1 unavailable) is tried again: past the lease
 * the failed run may have left on its job, so the redelivery can claim it.
 */
const retryDelaySeconds = (deps: HandoffDeps) => Math.ceil(deps.leaseMs / 1000) + 30;

export async function enqueueSyncJob(env: Env, jobId: string): Promise<void> {
  try {
    await sendCoalesced(env.HANDOFF, { kind: 'sync-job', jobId } satisfies SyncJobMessage);
  } catch (err) {
    // The job row exists; the cron finds it once it has waited too long in `queued`.
    console.error('handoff enqueue failed; the cron will pick the job up', (err as Error).message);
  }
}

/** After a lead is stored: queue its job (spam has a `skipped` job that is not drafted). */
export async function enqueueLeadHandoff(
  env: Env,
  lead: Pick<LeadRecord, 'id' | 'classification'>,
): Promise<void> {
  if (lead.classification === 'spam') return;
  await enqueueSyncJob(env, syncJobIdFor(lead.id));
}

/** One run for the whole batch; a job's error retries its messages, D1 failing retries all. */
export async function drainHandoffQueue(
  batch: MessageBatch<SyncJobMessage>,
  env: Env,
  deps: HandoffDeps = handoffDeps(env),
): Promise<void> {
  const ids = batch.messages.map((message) => message.body.jobId);
  let outcomes: Map<string, JobOutcome>;
  try {
    outcomes = await runSyncJobs(env.DB, ids, new Date(), deps);
  } catch (err) {
    console.error('sync job batch failed; will retry', (err as Error).message);
    batch.retryAll({ delaySeconds: retryDelaySeconds(deps) });
    return;
  }
  for (const message of batch.messages) {
    const outcome = outcomes.get(message.body.jobId);
    if (outcome instanceof Error) {
      console.error('sync job run failed; will retry', message.body.jobId, outcome.message);
      message.retry({ delaySeconds: retryDelaySeconds(deps) });
    } else {
      message.ack();
    }
  }
}
