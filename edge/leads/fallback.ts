/**
 * @module
 * The durable fallback for leads whose D1 write failed: the request path puts the finished
 * `LeadRecord` on a Cloudflare Queue and acknowledges the visitor; this consumer inserts it into
 * D1 later. The insert is the same idempotent statement, so redelivery never makes a second row.
 */
import { storeLead } from './db/leads.ts';
import { insertSyncJobStatement } from '../handoff/db/jobs.ts';
import { enqueueLeadHandoff } from '../handoff/queue.ts';
import type { LeadRecord } from '../../shared/lead-record.ts';

export interface FallbackMessage {
  kind: 'lead';
  lead: LeadRecord;
}

/** Seconds to wait before retrying a message while D1 is still failing (grows per attempt). */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 5 * 2 ** Math.max(0, attempts - 1));
}

export async function drainLeadFallback(
  batch: MessageBatch<FallbackMessage>,
  env: Env,
): Promise<void> {
  for (const message of batch.messages) {
    try {
      const { lead } = message.body;
      // The lead's handoff job is created with it, exactly as on the request path.
      await storeLead(env.DB, lead, 'fallback', [
        insertSyncJobStatement(env.DB, lead, new Date().toISOString()),
      ]);
      await enqueueLeadHandoff(env, lead);
      message.ack();
    } catch (err) {
      console.error('lead fallback insert failed; will retry', (err as Error).message);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
