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
import {
  isCalendarDate,
  localNow,
  SLOT_REASONS,
  slotIssues,
  windowNamed,
} from '../../shared/schedule.ts';

/** A submit faster than this after the form appeared is not a person typing. */
export const MIN_HUMAN_ELAPSED_MS = 2_500;

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

/**
 * Reasons about the preferred date and window against the tenant's calendar at `now`, by the same
 * rule the widget's pickers follow (shared/schedule.ts): an impossible date, a day or window that
 * had already ended, one beyond the horizon, a closed day or a window outside business hours, a
 * window the tenant does not list.
 */
export function preferredTimeReasons(
  preferred: NonNullable<LeadSubmission['preferredTime']>,
  context: Pick<TenantContext, 'timezone' | 'config'>,
  now: Date,
): string[] {
  const { date, window } = preferred;
  if (!isCalendarDate(date)) return ['invalid_preferred_time'];
  const { businessHours, windows } = context.config;
  const today = localNow(now, context.timezone);
  const named = windowNamed(windows, window, businessHours, date, today);
  const issues = slotIssues(businessHours, date, named ?? {}, today);
  const reasons: string[] = SLOT_REASONS.filter(([bit]) => issues & bit).map(([, r]) => r);
  if (!named) reasons.push('window_not_offered');
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
