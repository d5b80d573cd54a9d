/**
 * @module
 * Per-step validation with the lead contract's own rules (shared/lead-rules.ts, from which the
 * edge's zod schemas are built, and shared/contact.ts, the light form of the edge's "can we reach
 * them" rule: a foreign number it lets through may still be refused by the edge, whose 422 the
 * form shows on the phone field).
 * The widget is stricter than the edge on purpose: it asks the visitor to fix a mistyped phone
 * even when an email would do, while the edge would accept and flag it. Lengths are enforced by
 * the inputs' maxLength (LEAD_LIMITS) and by truncating prefilled values (draft.ts).
 */
import { looksLikePhone, normalizeEmail } from '../../shared/contact.ts';
import { ZIP_PATTERN } from '../../shared/lead-rules.ts';
import type { WidgetConfig } from '../../shared/config.ts';
import { windowsFor } from './schedule.ts';
import type { Draft } from './draft.ts';
import type { MessageKey } from './i18n.ts';

export type Field = Exclude<keyof Draft, 'smsOptIn'>;
export type Errors = Partial<Record<Field, MessageKey>>;

/** The step that shows a field: the contact step unless listed here. */
const EARLIER_STEP: Partial<Record<Field, number>> = { service: 0, urgency: 1, date: 1, window: 1 };
export const stepOf = (field: Field) => EARLIER_STEP[field] ?? 2;

export function validateStep(
  step: number,
  d: Draft,
  config: WidgetConfig,
  dates: string[],
): Errors {
  const errors: Errors = {};
  if (step === 0) {
    if (!config.services.some((s) => s.key === d.service)) errors.service = 'e_pick';
  } else if (step === 1) {
    const service = config.services.find((s) => s.key === d.service);
    if (!d.urgency || !service?.urgencies.includes(d.urgency)) errors.urgency = 'e_pick';
    // An emergency is "as soon as possible": no preferred time is asked for.
    if (d.urgency !== 'emergency') {
      // A chosen window is judged on a day the form offers (today's that have ended are no
      // longer offered, schedule.ts), not on a day that must be chosen again.
      if (!dates.includes(d.date)) errors.date = 'e_pick';
      else if (!windowsFor(config, d.date, new Date()).some((w) => w.key === d.window))
        errors.window = 'e_pick';
      if (!d.window) errors.window = 'e_pick';
    }
  } else if (step === 2) {
    const phone = d.phone.trim();
    const email = d.email.trim();
    const zip = d.zip.trim();
    if (!d.name.trim()) errors.name = 'e_name';
    if (phone && !looksLikePhone(phone)) errors.phone = 'e_phone';
    if (email && !normalizeEmail(email)) errors.email = 'e_email';
    if (!phone && !email) errors.phone = 'e_reach';
    if (!d.firstTime) errors.firstTime = 'e_pick';
    if (zip && !ZIP_PATTERN.test(zip)) errors.zip = 'e_zip';
  }
  return errors;
}

/** The form field a server issue points at (e.g. `["contact", "phone"]` → phone), if any. */
export function fieldOfIssue(path: readonly (string | number)[], draft: Draft): Field | null {
  const last = path[path.length - 1];
  return typeof last === 'string' && last in draft && last !== 'smsOptIn' ? (last as Field) : null;
}
