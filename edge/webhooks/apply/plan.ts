/**
 * @module
 * What processing one event amounts to: the outcome to record on the event and the D1 writes that
 * go with it (run in one batch), plus the booking/job it linked to a lead, if any.
 */
import type { EventRefs } from './event-refs.ts';
import type { Processed } from '../db/events.ts';

export interface EventInput<T> {
  db: D1Database;
  tenant: string;
  eventId: string;
  data: T;
  /** The CloudEvents `time`, ISO 8601 UTC. */
  eventTime: string;
  now: Date;
}

export interface Plan {
  result: Processed;
  statements: D1PreparedStatement[];
  /** Set when the event tied a booking or job to a lead: earlier unmatched events may match now. */
  linked?: EventRefs;
}

/** No lead can be named without guessing: the event stays visible as `unmatched`, with why. */
export function unmatched(note: string, applied: Record<string, unknown> = {}): Plan {
  return { result: { state: 'unmatched', leadId: null, note, applied }, statements: [] };
}

/** ISO 8601 UTC for a validated date-time, so stored times compare as strings. */
export function isoTime(value: string | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}
