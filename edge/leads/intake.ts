/**
 * @module
 * Turns a parsed request body into a `LeadRecord`. Each part of the body is validated on its own:
 * a part that fails is kept in `raw` (edge/leads/raw.ts: failed parts only, capped) and named in
 * the review reasons instead of sinking the lead.
 * The only refusal is a lead nobody can call back (no valid phone and no valid email).
 */
import * as z from 'zod/mini';
import { LeadSubmissionSchema } from '../../shared/lead.ts';
import { normalizeEmail } from '../../shared/contact.ts';
import { outsideServiceArea } from '../../shared/lead-rules.ts';
import { ApiError } from '../http/errors.ts';
import type { TenantContext } from '../tenants/context.ts';
import type { LeadRecord } from '../../shared/lead-record.ts';
import { rawForReview } from './raw.ts';
import { PHONE_HINT, parsePhone } from './phone.ts';
import { leadIdFor } from './record.ts';
import {
  bindingReasons,
  classify,
  preferredTimeReasons,
  resolveBinding,
  signalReasons,
  type IntakeSignals,
} from './review.ts';

type Shape = typeof LeadSubmissionSchema.shape;
type Parsed = { [K in keyof Shape]?: z.infer<Shape[K]> };

// Parts whose failure is already covered by a more specific reason or by the contact check.
const PARTS_CHECKED_ELSEWHERE = new Set([
  'tenant',
  'submissionId',
  'contact',
  'service',
  'formToken',
  'turnstileToken',
]);

function parseParts(body: Record<string, unknown>) {
  const parsed: Record<string, unknown> = {};
  /** Every part that failed its schema: what `raw` keeps (with `contact` when unusable). */
  const failed: string[] = [];
  /** The failed parts that get an `invalid_<part>` review reason. */
  const invalid: string[] = [];
  for (const [key, schema] of Object.entries(LeadSubmissionSchema.shape)) {
    if (!Object.hasOwn(body, key)) continue;
    const result = schema.safeParse(body[key]);
    if (result.success) parsed[key] = result.data;
    else {
      failed.push(key);
      if (!PARTS_CHECKED_ELSEWHERE.has(key)) invalid.push(key);
    }
  }
  return { parsed: parsed as Parsed, failed, invalid };
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const str = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

function contactOf(body: Record<string, unknown>) {
  const contact = (typeof body.contact === 'object' && body.contact) || {};
  const { name, phone, email, smsOptIn } = contact as Record<string, unknown>;
  return { name: str(name)?.slice(0, 200) ?? null, phone, email, smsOptIn: smsOptIn === true };
}

/** Refuses (422) only when neither a phone nor an email can reach the person. */
function requireReachable(phone: unknown, email: unknown) {
  const normalized = { phone: parsePhone(phone), email: normalizeEmail(email) };
  if (normalized.phone || normalized.email) return normalized;
  throw new ApiError(422, 'contact_required', 'Give a valid phone number or email address.', {
    issues: [
      {
        path: ['contact', 'phone'],
        code: 'invalid_phone',
        message: PHONE_HINT,
      },
      { path: ['contact', 'email'], code: 'invalid_email', message: 'Enter a valid email address' },
    ],
  });
}

export interface IntakeMeta {
  origin: string | null;
  now: Date;
  signals: IntakeSignals;
}

export async function buildLeadRecord(
  body: Record<string, unknown>,
  context: TenantContext,
  meta: IntakeMeta,
): Promise<LeadRecord> {
  const contact = contactOf(body);
  const { phone, email } = requireReachable(contact.phone, contact.email);
  const { parsed, failed, invalid } = parseParts(body);
  const reasons = invalid.map((key) => `invalid_${snake(key)}`);

  const submissionId = parsed.submissionId ?? `gen_${crypto.randomUUID()}`;
  if (!parsed.submissionId) reasons.push('submission_id_generated');
  if (!contact.name) reasons.push('missing_name');
  if (contact.phone != null && contact.phone !== '' && !phone) reasons.push('invalid_phone');
  if (phone?.international) reasons.push('international_phone');
  if (contact.email != null && contact.email !== '' && !email) reasons.push('invalid_email');
  // `contact` passes its schema with a phone or email that cannot be used: keep what was typed.
  const unusable = reasons.some((r) => r === 'invalid_phone' || r === 'invalid_email');
  if (unusable && !failed.includes('contact')) failed.push('contact');

  const serviceKey = parsed.service ?? null;
  const service = context.config.services.find((s) => s.key === serviceKey);
  if (!service) reasons.push('unknown_service');
  if (service && parsed.urgency && !service.urgencies.includes(parsed.urgency)) {
    reasons.push('urgency_not_offered');
  }
  if (parsed.preferredTime) {
    reasons.push(...preferredTimeReasons(parsed.preferredTime, context, meta.now));
  }
  const zip = parsed.address?.zip?.slice(0, 5) ?? null;
  if (outsideServiceArea(parsed.address?.zip ?? '', context.config.serviceAreaZips))
    reasons.push('zip_outside_service_area');
  if (meta.origin && !context.allowedOrigins.includes(meta.origin))
    reasons.push('origin_not_allowed');
  // A paused or archived widget shows a card, but a request that still arrives is kept.
  if (context.status !== 'active') reasons.push(`tenant_${context.status}`);
  const signals = signalReasons(body, meta.signals, meta.now);
  reasons.push(...signals.review);

  const resolved = resolveBinding(
    serviceKey ? context.bindings.get(serviceKey) : undefined,
    parsed.urgency,
    context.mapVersion,
  );
  if (service) reasons.push(...bindingReasons(resolved, parsed.titanBinding));

  const utm = parsed.source?.utm;
  return {
    id: await leadIdFor(context.slug, submissionId),
    tenant: context.slug,
    submissionId,
    status: reasons.length > 0 ? 'needs_review' : 'received',
    classification: classify(
      { spamReasons: signals.spam, phone: phone?.e164 ?? null, email },
      context.config.testContacts,
    ),
    spamReasons: signals.spam,
    formTokenNonce: meta.signals.formToken.kind === 'valid' ? meta.signals.formToken.nonce : null,
    reviewReasons: reasons,
    serviceKey,
    urgency: parsed.urgency ?? null,
    preferredDate: parsed.preferredTime?.date ?? null,
    preferredWindow: parsed.preferredTime?.window ?? null,
    contactName: contact.name,
    contactPhone: phone?.e164 ?? null,
    contactPhoneExt: phone?.extension ?? null,
    contactEmail: email,
    smsOptIn: contact.smsOptIn,
    addressStreet: str(parsed.address?.street),
    addressUnit: str(parsed.address?.unit),
    addressCity: str(parsed.address?.city),
    addressState: str(parsed.address?.state),
    addressZip: zip,
    notes: str(parsed.notes),
    isFirstTimeClient: parsed.isFirstTimeClient ?? null,
    source: parsed.source ?? {},
    utmSource: str(utm?.source),
    utmMedium: str(utm?.medium),
    utmCampaign: str(utm?.campaign),
    bindingSent: parsed.titanBinding ?? null,
    bindingResolved: resolved,
    consent: parsed.consent ?? null,
    raw: rawForReview(body, failed),
    origin: meta.origin,
    elapsedMs: typeof parsed.elapsedMs === 'number' ? Math.round(parsed.elapsedMs) : null,
    receivedAt: meta.now.toISOString(),
  };
}
