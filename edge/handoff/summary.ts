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

export interface SummaryInput {
  serviceLabel: string;
  urgency: string | null;
  preferredDate: string | null;
  windowLabel: string | null;
  timeZone: string;
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
  const instant = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(instant.getTime())) return date;
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  }).format(instant);
}

export function bookingSummary(input: SummaryInput): string {
  const lines = [`Service: ${input.serviceLabel}`];
  lines.push(`Urgency: ${(input.urgency && URGENCY_TEXT[input.urgency]) ?? 'not given'}`);
  if (input.preferredDate) {
    const window = input.windowLabel ? `, ${input.windowLabel}` : '';
    lines.push(
      `Preferred time: ${calendarDate(input.preferredDate)}${window} (${input.timeZone} time)`,
    );
  } else {
    lines.push('Preferred time: not given');
  }
  if (input.notes) lines.push(`Customer notes: ${input.notes}`);
  if (input.partialAddress)
    lines.push(`Address (incomplete, confirm on call): ${input.partialAddress}`);
  if (!input.firstTimeClientStated) lines.push('First-time client: not stated by the customer');
  lines.push(`SMS opt-in: ${input.smsOptIn ? 'yes' : 'no'}`);
  if (input.campaignText) lines.push(`Marketing source: ${input.campaignText}`);
  lines.push(`Requested online via PageToJob (lead ${input.leadId})`);
  return lines.join('\n');
}
