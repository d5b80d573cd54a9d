/**
 * @module
 * Worker entry: HTTP through the Hono app, queue batches to their consumers, cron to upkeep.
 */
import { app } from './app.ts';
import { drainLeadFallback, type FallbackMessage } from './leads/fallback.ts';

export default {
  fetch: app.fetch,

  async queue(batch, env) {
    if (batch.queue.startsWith('pagetojob-lead-fallback')) {
      await drainLeadFallback(batch as MessageBatch<FallbackMessage>, env);
      return;
    }
    console.error('message batch from an unknown queue', batch.queue);
    batch.retryAll();
  },
} satisfies ExportedHandler<Env>;
