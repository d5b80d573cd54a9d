/**
 * @module
 * The lead body as a peer would declare it from the Hono + zod templates: the full `zod` package
 * (not `zod/mini`), one schema for the whole body, every field of `POST /v1/leads` with the same
 * limits and patterns (taken from shared/lead-rules.ts, so the two cannot drift apart). A body
 * that fails any field is refused with 400 by `zValidator`, as the templates do; ours flags
 * instead, which the peer's shortcut does not have to pay for.
 */
import { z } from 'zod';
import {
  ISO_DATE_PATTERN,
  LEAD_LIMITS as L,
  SUBMISSION_ID,
  TENANT_PATTERN,
  TIME_WINDOWS,
  URGENCIES,
  ZIP_PATTERN,
} from '../../shared/lead-rules.ts';

const text = (max: number) => z.string().max(max);

const utm = z.object({
  source: text(L.utm).optional(),
  medium: text(L.utm).optional(),
  campaign: text(L.utm).optional(),
  term: text(L.utm).optional(),
  content: text(L.utm).optional(),
});

const clickIds = z.object({
  gclid: text(L.clickId).optional(),
  gbraid: text(L.clickId).optional(),
  wbraid: text(L.clickId).optional(),
  fbclid: text(L.clickId).optional(),
  msclkid: text(L.clickId).optional(),
});

const touch = {
  landingPage: text(L.url).optional(),
  referrer: text(L.url).optional(),
  utm: utm.optional(),
  clickIds: clickIds.optional(),
};

export const peerLeadSchema = z.object({
  tenant: z.string().regex(TENANT_PATTERN),
  submissionId: z.string().regex(SUBMISSION_ID),
  service: text(L.service).min(1),
  urgency: z.enum(URGENCIES),
  preferredTime: z
    .object({ date: z.string().regex(ISO_DATE_PATTERN), window: z.enum(TIME_WINDOWS) })
    .optional(),
  contact: z.object({
    name: text(L.name).min(1),
    phone: text(L.phone).optional(),
    email: text(L.email).optional(),
    smsOptIn: z.boolean().optional(),
  }),
  address: z
    .object({
      street: text(L.street).optional(),
      unit: text(L.unit).optional(),
      city: text(L.city).optional(),
      state: text(L.state).optional(),
      zip: z.string().regex(ZIP_PATTERN).optional(),
    })
    .optional(),
  notes: text(L.notes).optional(),
  isFirstTimeClient: z.boolean().optional(),
  source: z
    .object({ ...touch, firstTouch: z.object({ at: text(40).optional(), ...touch }).optional() })
    .optional(),
  titanBinding: z
    .object({
      jobTypeId: z.int().nullable().optional(),
      businessUnitId: z.int().nullable().optional(),
      campaignId: z.int().nullable().optional(),
      mapVersion: text(64).nullable().optional(),
    })
    .optional(),
  consent: z
    .object({ text: text(4000), version: text(64), acceptedAt: text(40).optional() })
    .optional(),
  hp: text(1000).optional(),
  elapsedMs: z.number().optional(),
});
