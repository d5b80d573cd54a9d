/**
 * @module
 * Cron upkeep for webhooks: events still `pending` a minute after they arrived (the isolate that
 * accepted them died before `waitUntil` finished, or processing hit an error and is due for a
 * retry) are processed again, and old rejection records are dropped. Personal data in stored
 * events is handled by the retention purge (edge/lifecycle/retention.ts).
 */
import { stalePendingEventIds } from './db/events.ts';
import { deleteRejectionsBefore } from './db/rejections.ts';
import { processWebhookEvent } from './apply/process.ts';

/** Younger pending events are most likely still being processed by their request's waitUntil. */
const REPROCESS_AFTER_MS = 60_000;
/** Events re-processed per cron run; the rest wait for the next run. */
const REPROCESS_BATCH = 50;
/** Rejections are for diagnosing a sender's setup; a month is plenty and bounds table growth. */
const REJECTION_RETENTION_DAYS = 30;

export async function webhookUpkeep(env: Env, now: Date): Promise<void> {
  const before = new Date(now.getTime() - REPROCESS_AFTER_MS);
  for (const id of await stalePendingEventIds(env.DB, before, now, REPROCESS_BATCH)) {
    await processWebhookEvent(env, id, now);
  }
  const cutoff = new Date(now.getTime() - REJECTION_RETENTION_DAYS * 86_400_000).toISOString();
  await deleteRejectionsBefore(env.DB, cutoff);
}
