/**
 * @module
 * Decides how a lead is stored: its review reasons, its classification and the Titan binding the
 * edge resolves for it. Pure: everything it needs comes in as arguments, so it is tested directly.
 * Nothing here refuses a lead; refusing is only for "no way to contact the person" (see intake).
 */
import type { LeadClassification } from '../../shared/api.ts';
import type { LeadSubmission, TitanBinding } from '../../shared/lead.ts';
import type { ResolvedBinding } from '../../shared/lead-record.ts';
import type { TitanMapEntry } from '../tenants/db/tenants.ts';
import type { TenantContext } from '../tenants/context.ts';
import { parsePhone } from './phone.ts';

/** A submit faster than this after the form appeared is not a person typing. */
export const MIN_HUMAN_ELAPSED_MS = 2_500;
/** How far ahead a preferred date may be before it is flagged as implausible. */
export const MAX_DAYS_AHEAD = 90;

export function resolveBinding(
  entry: TitanMapEntry | undefined,
  urgency: string | undefined,
  mapVersion: string | null,
): ResolvedBinding | null {
  if (!entry) return null;
  return {
    jobTypeId: entry.jobTypeId,
    businessUnitId: entry.businessUnitId,
    campaignId: entry.campaignId,
    priority: (urgency && entry.priorityByUrgency[urgency]) || null,
    mapVersion,
    active: entry.active,
  };
}

/** Reasons about the binding: missing, inactive, or drifted from what the widget sent. */
export function bindingReasons(
  resolved: ResolvedBinding | null,
  sent: TitanBinding | undefined,
): string[] {
  const complete =
    resolved?.jobTypeId != null && resolved.businessUnitId != null && resolved.campaignId != null;
  if (!resolved || !complete) return ['binding_missing'];
  const reasons = resolved.active ? [] : ['binding_inactive'];
  const drifted =
    sent !== undefined &&
    (['jobTypeId', 'businessUnitId', 'campaignId'] as const).some(
      (key) => sent[key] != null && sent[key] !== resolved[key],
    );
  return drifted ? [...reasons, 'binding_drift'] : reasons;
}

/** The tenant-local calendar date for `now` (YYYY-MM-DD). */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Reasons about the preferred date and window against the tenant's calendar. */
export function preferredTimeReasons(
  preferred: NonNullable<LeadSubmission['preferredTime']>,
  context: Pick<TenantContext, 'timezone' | 'config'>,
  now: Date,
): string[] {
  const { date, window } = preferred;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    return ['invalid_preferred_time'];
  }
  const reasons: string[] = [];
  const ahead = daysBetween(localDate(now, context.timezone), date);
  if (ahead < 0) reasons.push('preferred_time_in_past');
  if (ahead > MAX_DAYS_AHEAD) reasons.push('preferred_time_too_far');
  if (!context.config.businessHours.days.includes(parsed.getUTCDay())) {
    reasons.push('preferred_time_outside_business_hours');
  }
  if (!context.config.windows.some((w) => w.key === window)) reasons.push('window_not_offered');
  return reasons;
}

/** `lead.phone` is E.164; the tenant's test phones are compared in E.164 whatever their spelling. */
export function classify(
  lead: { hp?: unknown; elapsedMs?: unknown; phone: string | null; email: string | null },
  testContacts: { phones: string[]; emails: string[] } | undefined,
): LeadClassification {
  if (typeof lead.hp === 'string' && lead.hp.trim() !== '') return 'spam';
  if (typeof lead.elapsedMs === 'number' && lead.elapsedMs < MIN_HUMAN_ELAPSED_MS) return 'spam';
  const isTestPhone =
    lead.phone !== null && !!testContacts?.phones.some((p) => parsePhone(p)?.e164 === lead.phone);
  const isTestEmail = lead.email !== null && !!testContacts?.emails.includes(lead.email);
  return isTestPhone || isTestEmail ? 'test' : 'real';
}
