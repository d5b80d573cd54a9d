/**
 * @module
 * The booking `summary`: what a ServiceTitan CSR reads first. Plain lines, no markup, in the order
 * a call-back needs them: what, how urgent, when, the visitor's own words, then the loose ends
 * (anything the structured fields could not carry) and where the request came from.
 */

const URGENCY_TEXT: Record<string, string> = {
  emergency: 'EMERGENCY - as soon as possible',
  soon: 'Soon - within a few days',
  flexible: 'Flexible - no rush',
};

/** What the summary says about the draft's `start` beyond the preferred window (decision 0038). */
export type StartNote =
  /** The start proposed is later than the window's own start. */
  | { kind: 'later'; time: string; why: 'request' | 'opening' }
  /** No start is proposed. */
  | { kind: 'none'; why: 'past' | 'ending' | 'closed' }
  /** The preferred date is not a calendar date (`2027-02-29`): no start, the CSR must ask. */
  | { kind: 'invalid_date' };

const LATER_WHY = {
  request: 'the earliest half hour of the window after the request was made',
  opening: 'the window starts before business hours',
};

const NONE_WHY = {
  past: 'this time had already passed when the request was made',
  ending: 'the window was about to end when the request was made',
  closed: 'the window lies outside business hours',
};

export interface SummaryInput {
  serviceLabel: string;
  urgency: string | null;
  preferredDate: string | null;
  windowLabel: string | null;
  timeZone: string;
  startNote: StartNote | null;
  notes: string | null;
  /** Address text that could not be sent as a complete address. */
  partialAddress: string | null;
  firstTimeClientStated: boolean;
  smsOptIn: boolean;
  campaignText: string | null;
  leadId: string;
}

/** "Tue, Nov 24, 2026" for a calendar date (no time zone shift: it is a date, not an instant). */
function calendarDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  }).format(new Date(`${date}T12:00:00Z`));
}

/** "1:30 PM" for `13:30`: how a US office reads a time. */
function clockTime(time: string): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return `${h % 12 || 12}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

function preferredTimeLines(input: SummaryInput): string[] {
  const { preferredDate: date, startNote: note } = input;
  if (!date) return ['Preferred time: not given'];
  const window = input.windowLabel ? `, ${input.windowLabel}` : '';
  // What the visitor sent, as sent: an impossible date must not roll over into a real one.
  if (note?.kind === 'invalid_date') {
    return [`Preferred time: ${date}${window} - not a valid date, confirm on call`];
  }
  const lines = [`Preferred time: ${calendarDate(date)}${window} (${input.timeZone} time)`];
  if (note?.kind === 'later') {
    lines.push(`Proposed start: ${clockTime(note.time)}, ${LATER_WHY[note.why]}`);
  } else if (note) {
    lines.push(`No start proposed: ${NONE_WHY[note.why]}, confirm on call`);
  }
  return lines;
}

export function bookingSummary(input: SummaryInput): string {
  const lines = [`Service: ${input.serviceLabel}`];
  lines.push(`Urgency: ${(input.urgency && URGENCY_TEXT[input.urgency]) ?? 'not given'}`);
  lines.push(...preferredTimeLines(input));
  if (input.notes) lines.push(`Customer notes: ${input.notes}`);
  if (input.partialAddress)
    lines.push(`Address (incomplete, confirm on call): ${input.partialAddress}`);
  if (!input.firstTimeClientStated) lines.push('First-time client: not stated by the customer');
  lines.push(`SMS opt-in: ${input.smsOptIn ? 'yes' : 'no'}`);
  if (input.campaignText) lines.push(`Marketing source: ${input.campaignText}`);
  lines.push(`Requested online via PageToJob (lead ${input.leadId})`);
  return lines.join('\n');
}
