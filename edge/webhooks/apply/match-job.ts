/**
 * @module
 * Finds the one lead a job, appointment or invoice event is about, through the job (or booking)
 * that an earlier booking event linked to it. No link, or links to several leads: no match.
 */
import type { EventRefs } from './event-refs.ts';
import { type OutcomeRow, outcomesLinkedTo } from '../db/lead-outcomes.ts';

export type JobMatch = { outcome: OutcomeRow } | { unmatchedNote: string };

export async function matchLeadByJob(
  db: D1Database,
  tenant: string,
  refs: EventRefs,
): Promise<JobMatch> {
  if (refs.jobId === null && refs.bookingId === null) {
    return { unmatchedNote: 'The event names no ServiceTitan job or booking.' };
  }
  const rows = await outcomesLinkedTo(db, tenant, refs);
  const [only, ...others] = rows;
  if (!only) {
    return {
      unmatchedNote: `No lead is linked to ServiceTitan job ${refs.jobId ?? '-'} or booking ${refs.bookingId ?? '-'} yet.`,
    };
  }
  if (others.length > 0) {
    return {
      unmatchedNote: `ServiceTitan job ${refs.jobId ?? '-'} is linked to ${rows.length} leads; not guessing which.`,
    };
  }
  return { outcome: only };
}

/** Whether a newer event of this group was already applied to the lead. */
export function isSuperseded(
  outcome: OutcomeRow,
  stamp: `${string}_at`,
  eventTime: string,
): boolean {
  const applied = outcome[stamp as keyof OutcomeRow];
  return typeof applied === 'string' && applied > eventTime;
}
