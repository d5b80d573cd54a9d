/**
 * @module
 * Finds the one lead a job, appointment or invoice event is about, through the job (or booking)
 * that an earlier booking event linked to it. No link, or links to several leads: no match.
 */
import type { EventRefs } from './event-refs.ts';
import { type OutcomeRow, outcomesLinkedToStatement } from '../db/lead-outcomes.ts';

export type JobMatch = { outcome: OutcomeRow; also: D1Result[] } | { unmatchedNote: string };

const NO_REFS = 'The event names no ServiceTitan job or booking.';

/** Matches the event, running `also` (reads the handler needs) in the same D1 round trip. */
export async function matchLeadByJob(
  db: D1Database,
  tenant: string,
  refs: EventRefs,
  also: D1PreparedStatement[] = [],
): Promise<JobMatch> {
  if (refs.jobId === null && refs.bookingId === null) return { unmatchedNote: NO_REFS };
  const [linked, ...rest] = await db.batch([outcomesLinkedToStatement(db, tenant, refs), ...also]);
  const match = oneLead((linked?.results ?? []) as OutcomeRow[], refs);
  return 'outcome' in match ? { ...match, also: rest } : match;
}

function oneLead(rows: OutcomeRow[], refs: EventRefs): { outcome: OutcomeRow } | JobMatch {
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
