/**
 * @module
 * The handoff queue: one message per job to run (`{kind: "sync-job", jobId}`). The job row, not the
 * message, is the durable record: a message that is lost, duplicated or redelivered changes
 * nothing (the consumer claims the job; the cron picks up a job whose message never came).
 */
import type { LeadRecord } from '../../shared/lead-record.ts';
import { syncJobIdFor } from './db/jobs.ts';
import { defaultHandoffDeps, type HandoffDeps } from './deps.ts';
import { runSyncJob } from './process.ts';

export interface SyncJobMessage {
  kind: 'sync-job';
  jobId: string;
}

/** Seconds before a message whose run hit an error (D1 unavailable) is tried again. */
const ERROR_RETRY_DELAY_S = 30;

export async function enqueueSyncJob(env: Env, jobId: string): Promise<void> {
  try {
    await env.HANDOFF.send({ kind: 'sync-job', jobId } satisfies SyncJobMessage);
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

export async function drainHandoffQueue(
  batch: MessageBatch<SyncJobMessage>,
  env: Env,
  deps: HandoffDeps = defaultHandoffDeps,
): Promise<void> {
  for (const message of batch.messages) {
    try {
      await runSyncJob(env.DB, message.body.jobId, new Date(), deps);
      message.ack();
    } catch (err) {
      console.error('sync job run failed; will retry', (err as Error).message);
      message.retry({ delaySeconds: ERROR_RETRY_DELAY_S });
    }
  }
}
