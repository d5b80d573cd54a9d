/**
 * @module
 * Builds the `POST /v1/leads` body (shared/lead.ts LeadSubmission) from the visitor's draft, the
 * tenant config and the source context. Pure, so tests check it against the edge's zod schema.
 */
import type { WidgetConfig } from '../../shared/config.ts';
import type { LeadSubmission, SourceContext } from '../../shared/lead.ts';
import type { Draft } from './draft.ts';
import type { Locale } from './i18n.ts';
import { textOf } from './ui/format.ts';

/**
 * 128 random bits in base 36 (matches SUBMISSION_ID). From getRandomValues: crypto.randomUUID
 * needs a secure context, and contractor pages are not always https.
 */
export function newSubmissionId(): string {
  return `ptj_${Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join('_')}`;
}

/** Exactly the consent text the visitor was shown. */
export const consentText = (config: WidgetConfig, locale: Locale): string =>
  textOf(config.consent, locale);

/** Trimmed strings of `draft` for `keys`, leaving out empty ones. */
function present<K extends keyof Draft>(draft: Draft, keys: readonly K[]) {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = String(draft[key]).trim();
    if (value) out[key] = value;
  }
  return out;
}

export interface SubmissionInput {
  submissionId: string;
  draft: Draft;
  config: WidgetConfig;
  locale: Locale;
  source: SourceContext;
  now: Date;
  /** From `POST /v1/tenants/:tenant/form-token`, when that answered in time. */
  formToken?: string | undefined;
}

export function buildSubmission(input: SubmissionInput): LeadSubmission {
  const { draft, config } = input;
  const address = present(draft, ['street', 'unit', 'city', 'state', 'zip']);
  const notes = draft.notes.trim();
  const submission: LeadSubmission = {
    tenant: config.tenant,
    submissionId: input.submissionId,
    service: draft.service,
    urgency: draft.urgency || 'flexible',
    contact: {
      name: draft.name.trim(),
      ...present(draft, ['phone', 'email']),
      smsOptIn: draft.smsOptIn,
    },
    source: input.source,
    consent: {
      text: consentText(config, input.locale),
      version: config.consent.version,
      acceptedAt: input.now.toISOString(),
    },
    hp: draft.hp,
  };
  if (draft.urgency !== 'emergency' && draft.date && draft.window) {
    submission.preferredTime = { date: draft.date, window: draft.window };
  }
  if (Object.keys(address).length) submission.address = address;
  if (notes) submission.notes = notes;
  if (input.formToken) submission.formToken = input.formToken;
  if (draft.firstTime) submission.isFirstTimeClient = draft.firstTime === 'yes';
  // The chosen service's Titan binding from the config: a hint the edge re-resolves and compares.
  const binding = config.services.find((s) => s.key === draft.service)?.titanBinding;
  if (binding) submission.titanBinding = binding;
  return submission;
}
