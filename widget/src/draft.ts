/**
 * @module
 * What the visitor has entered so far, and how a `prefill` call fills it in.
 */
import { LEAD_LIMITS } from '../../shared/lead-rules.ts';
import type { TimeWindow, Urgency } from '../../shared/lead.ts';

export interface Draft {
  service: string;
  urgency: Urgency | '';
  date: string;
  window: TimeWindow | '';
  name: string;
  phone: string;
  email: string;
  smsOptIn: boolean;
  /** "Is this your first time with us?": becomes `isFirstTimeClient`, which the booking needs. */
  firstTime: '' | 'yes' | 'no';
  street: string;
  unit: string;
  city: string;
  state: string;
  zip: string;
  notes: string;
  /** Honeypot: hidden from people and assistive tech; bots fill it. */
  hp: string;
}

const TEXT_FIELDS = [
  'name',
  'phone',
  'email',
  'street',
  'unit',
  'city',
  'state',
  'zip',
  'notes',
] as const;

/** `PageToJob('prefill', {...})`: form fields plus the campaign override (`utm.campaign`). */
export type Prefill = Partial<Pick<Draft, 'service' | 'urgency' | (typeof TEXT_FIELDS)[number]>> & {
  campaign?: string;
};

const STRING_FIELDS = [
  'service',
  'urgency',
  'date',
  'window',
  'firstTime',
  'hp',
  ...TEXT_FIELDS,
] as const;

export function emptyDraft(): Draft {
  const draft = { smsOptIn: false } as Draft;
  for (const key of STRING_FIELDS) draft[key] = '' as never;
  return draft;
}

/**
 * Fills the fields the visitor has not touched (empty ones) with prefilled strings, cut to the
 * contract's limits (the inputs' maxLength only stops typing, not a prefilled value).
 */
export function applyPrefill(draft: Draft, prefill: Prefill): Draft {
  const next = { ...draft };
  for (const key of ['service', 'urgency', ...TEXT_FIELDS] as const) {
    const value = prefill[key];
    const limit = (LEAD_LIMITS as Record<string, number>)[key] ?? 10;
    if (typeof value === 'string' && !draft[key]) next[key] = value.slice(0, limit) as never;
  }
  return next;
}
