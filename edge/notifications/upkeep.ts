/**
 * @module
 * The notifications' share of the cron: re-queue what a lost message left behind (docs/
 * notifications.md, "Delivery"). A message normally arrives within seconds; anything still
 * waiting after LOST_AFTER_MS lost it. Bounded per tick; the consumer does the work.
 */
import { unannouncedIds, lostDeliveryIds, unfannedEventIds } from './db/sweep.ts';
import { sendNotifyMessages, type NotifyMessage, type NotifySource } from './queue.ts';

export const LOST_AFTER_MS = 10 * 60_000;
/** Source rows older than this are not announced late: an alert a day late helps nobody. */
export const SWEEP_WINDOW_MS = 86_400_000;
export const SWEEP_BATCH = 100;

const SOURCES: NotifySource[] = ['lead', 'sync_job', 'drift_finding', 'webhook_event'];

export async function notificationUpkeep(env: Env, now: Date): Promise<void> {
  const before = new Date(now.getTime() - LOST_AFTER_MS).toISOString();
  const from = new Date(now.getTime() - SWEEP_WINDOW_MS).toISOString();
  const messages: NotifyMessage[] = [];
  for (const source of SOURCES) {
    for (const id of await unannouncedIds(env.DB, source, from, before, SWEEP_BATCH)) {
      messages.push({ kind: 'source', source, id });
    }
  }
  for (const id of await unfannedEventIds(env.DB, before, SWEEP_BATCH)) {
    messages.push({ kind: 'event', id });
  }
  for (const id of await lostDeliveryIds(env.DB, before, now.toISOString(), SWEEP_BATCH)) {
    messages.push({ kind: 'delivery', id });
  }
  await sendNotifyMessages(
    env.NOTIFY,
    messages.map((body) => ({ body })),
  );
}
