/**
 * @module
 * The handoff's share of the cron: runs retries that are due and `queued` jobs whose queue message
 * was lost, a bounded number per tick so one tick never outlasts the next.
 */
import { dueSyncJobIds } from './db/jobs.ts';
import { handoffDeps, type HandoffDeps } from './deps.ts';
import { runSyncJobs } from './process.ts';

/** A `queued` job older than this lost its message (the consumer normally runs within seconds). */
export const LOST_MESSAGE_AFTER_MS = 10 * 60_000;
/** Jobs per tick; each can take a lookup plus a send (up to 2 × the send timeout). */
export const UPKEEP_BATCH = 20;

export async function handoffUpkeep(
  env: Env,
  now: Date,
  deps: HandoffDeps = handoffDeps(env),
): Promise<void> {
  const queuedBefore = new Date(now.getTime() - LOST_MESSAGE_AFTER_MS).toISOString();
  const ids = await dueSyncJobIds(env.DB, now.toISOString(), queuedBefore, UPKEEP_BATCH);
  if (ids.length === 0) return;
  for (const [id, outcome] of await runSyncJobs(env.DB, ids, now, deps)) {
    if (outcome instanceof Error) console.error('sync job upkeep run failed', id, outcome.message);
  }
}
