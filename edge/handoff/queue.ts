/**
 * @module
 * The handoff queue: one message per job to run (`{kind: "sync-job", jobId}`). The job row, not the
 * message, is the durable record: a message that is lost, duplicated or redelivered changes
 * nothing (the consumer claims the job; the cron picks up a job whose message never came).
 *
 * A freshly stored lead's office notification rides on its job's message (`announceLead`,
 * decision 0088): one queue send per lead on the request path instead of two, and the consumer
 * announces its whole batch to the notify queue in one `sendBatch`. The notify sweep still finds
 * a lead whose announcement was lost.
 */
import type { LeadRecord } from '../../shared/lead-record.ts';
import { announce, announceAll } from '../notifications/queue.ts';
import { syncJobIdFor } from './db/jobs.ts';
import { handoffDeps, type HandoffDeps } from './deps.ts';
import { type JobOutcome, runSyncJobs } from './process.ts';

export interface SyncJobMessage {
  kind: 'sync-job';
  jobId: string;
  /** The lead to announce to the notify queue (`source: "lead"`) when this message is consumed. */
  announceLead?: string;
}

/**
 * Seconds before a message whose run hit an error (D1 unavailable) is tried again: past the lease
 * the failed run may have left on its job, so the redelivery can claim it.
 */
const retryDelaySeconds = (deps: HandoffDeps) => Math.ceil(deps.leaseMs / 1000) + 30;

export async function enqueueSyncJob(
  env: Env,
  jobId: string,
  announceLead?: string,
): Promise<void> {
  try {
    await env.HANDOFF.send({ kind: 'sync-job', jobId, announceLead } satisfies SyncJobMessage);
  } catch (err) {
    // The job row exists; the cron finds it once it has waited too long in `queued`.
    console.error('handoff enqueue failed; the cron will pick the job up', (err as Error).message);
  }
}

/**
 * After a lead is stored: the one queue message that queues its job and announces it. Spam has a
 * `skipped` job that is not drafted, so its announcement goes to the notify queue directly.
 */
export async function enqueueLeadHandoff(
  env: Env,
  lead: Pick<LeadRecord, 'id' | 'classification'>,
): Promise<void> {
  if (lead.classification === 'spam') await announce('lead', lead.id);
  else await enqueueSyncJob(env, syncJobIdFor(lead.id), lead.id);
}

/** One run for the whole batch; a job's error retries its messages, D1 failing retries all. */
export async function drainHandoffQueue(
  batch: MessageBatch<SyncJobMessage>,
  env: Env,
  deps: HandoffDeps = handoffDeps(env),
): Promise<void> {
  const ids = batch.messages.map((message) => message.body.jobId);
  const leads = batch.messages.flatMap(({ body }) =>
    body.announceLead ? [body.announceLead] : [],
  );
  // Side by side with the drafts, so the office hears of the lead without waiting for them. A
  // redelivered message announces again: the event is unique per lead, so that changes nothing.
  const announced = announceAll(env.NOTIFY, 'lead', leads);
  let outcomes: Map<string, JobOutcome>;
  try {
    [outcomes] = await Promise.all([runSyncJobs(env.DB, ids, new Date(), deps), announced]);
  } catch (err) {
    await announced;
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
