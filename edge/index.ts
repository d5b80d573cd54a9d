/**
 * @module
 * Worker entry: HTTP through the Hono app, queue batches to their consumers, cron to upkeep.
 */
import { app } from './app.ts';
import { drainHandoffQueue, type SyncJobMessage } from './handoff/queue.ts';
import { handoffUpkeep } from './handoff/upkeep.ts';
import { drainLeadFallback, type FallbackMessage } from './leads/fallback.ts';
import { purgeExpiredPersonalData } from './lifecycle/retention.ts';
import { drainNotifyQueue, type NotifyMessage } from './notifications/queue.ts';
import { notificationUpkeep } from './notifications/upkeep.ts';
import { webhookUpkeep } from './webhooks/upkeep.ts';

/** Everything the cron runs, each on its own: one failing never skips the others. */
const upkeep: ((env: Env, now: Date) => Promise<void>)[] = [
  handoffUpkeep,
  purgeExpiredPersonalData,
  webhookUpkeep,
  notificationUpkeep,
];

export default {
  fetch: app.fetch,

  async queue(batch, env) {
    if (batch.queue.startsWith('pagetojob-lead-fallback')) {
      await drainLeadFallback(batch as MessageBatch<FallbackMessage>, env);
      return;
    }
    if (batch.queue.startsWith('pagetojob-handoff')) {
      await drainHandoffQueue(batch as MessageBatch<SyncJobMessage>, env);
      return;
    }
    if (batch.queue.startsWith('pagetojob-notify')) {
      await drainNotifyQueue(batch as MessageBatch<NotifyMessage>, env);
      return;
    }
    console.error('message batch from an unknown queue', batch.queue);
    batch.retryAll();
  },

  async scheduled(controller, env) {
    const now = new Date(controller.scheduledTime);
    const results = await Promise.allSettled(upkeep.map((run) => run(env, now)));
    for (const result of results) {
      if (result.status === 'rejected')
        console.error('upkeep failed', (result.reason as Error).message);
    }
  },
} satisfies ExportedHandler<Env>;
