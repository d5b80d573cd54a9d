/**
 * @module
 * Decides how a lead is stored: its review reasons, its classification and the Titan binding the
 * edge resolves for it. Pure: everything it needs comes in as arguments, so it is tested directly.
 * Nothing here refuses a lead; refusing is only for "no way to contact the person" (see intake).
 */
import type { LeadClassification } from '../../shared/api.ts';
import type { LeadSubmission, TitanBinding } from '../../shared/lead.ts';
import type { ResolvedBinding } from '../../shared/lead-record.ts';
import type { TitanMapEntry } from '../titan-map/db/entries.ts';
import type { TenantContext } from '../tenants/context.ts';
import type { FormTokenCheck } from './form-token.ts';
import { parsePhone } from './phone.ts';
import {
  isCalendarDate,
  limitReason,
  localNow,
  SLOT_REASONS,
  slotIssues,
  windowNamed,
} from '../../shared/schedule.ts';

/** A submit faster than this after the token was issued is not a person typing. */
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
  // Past days already say in_past; the tenant's own limits concern the days still ahead.
  const limit =
    date >= today.date && limitReason(context.config, businessHours, date, named ?? {}, today);
  if (limit) reasons.push(limit);
  return reasons;
}

/** Why a lead is spam (docs/security.md): only signals a real visitor cannot trip by accident. */
export const SPAM_REASONS = ['honeypot', 'too_fast', 'form_token_forged', 'form_token_reused'];

/** What the edge itself knows about where a lead came from (edge/leads/form-token.ts). */
export interface IntakeSignals {
  formToken: FormTokenCheck;
  /** The request carried a valid intake key (server to server): no form token is expected. */
  intakeKey: boolean;
}

/**
 * Spam and review reasons from the bot signals. The time trap runs on the server's clock (the
 * token's issue time); a lead without a token cannot prove its `elapsedMs`, so a fast one is only
 * flagged (docs/decisions/0065-untrusted-elapsed-ms.md).
 */
export function signalReasons(
  lead: { hp?: unknown; elapsedMs?: unknown },
  signals: IntakeSignals,
  now: Date,
): { spam: string[]; review: string[] } {
  const spam: string[] = [];
  const review: string[] = [];
  if (typeof lead.hp === 'string' && lead.hp.trim() !== '') spam.push('honeypot');
  const token = signals.formToken;
  if (token.kind === 'forged') spam.push('form_token_forged');
  else if (token.kind === 'valid') {
    if (now.getTime() - token.issuedAt < MIN_HUMAN_ELAPSED_MS) spam.push('too_fast');
  } else if (!signals.intakeKey) {
    review.push('no_form_token');
    if (typeof lead.elapsedMs === 'number' && lead.elapsedMs < MIN_HUMAN_ELAPSED_MS) {
      review.push('client_fast_submit');
    }
  }
  return { spam, review };
}

/** `lead.phone` is E.164; the tenant's test phones are compared in E.164 whatever their spelling. */
export function classify(
  lead: { spamReasons: string[]; phone: string | null; email: string | null },
  testContacts: { phones: string[]; emails: string[] } | undefined,
): LeadClassification {
  if (lead.spamReasons.length > 0) return 'spam';
  const isTestPhone =
    lead.phone !== null && !!testContacts?.phones.some((p) => parsePhone(p)?.e164 === lead.phone);
  const isTestEmail = lead.email !== null && !!testContacts?.emails.includes(lead.email);
  return isTestPhone || isTestEmail ? 'test' : 'real';
}
