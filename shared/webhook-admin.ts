/**
 * @module
 * Inputs of the webhook admin API (`/v1/admin/webhook-events`, `/v1/admin/webhook-rejections`,
 * `/v1/admin/webhook-secrets`): list filters and the secret create / rotate / expire bodies.
 */
import * as z from 'zod/mini';
import { TenantSlugSchema } from './tenant.ts';
import { PageLimitSchema } from './admin.ts';

export const WEBHOOK_EVENT_STATES = [
  'pending',
  'processed',
  'failed',
  'unmatched',
  'quarantined',
] as const;
export type WebhookEventState = (typeof WEBHOOK_EVENT_STATES)[number];

/** States an operator may re-process an event from (`POST …/webhook-events/:id/reprocess`). */
export const REPROCESSABLE_STATES = [
  'failed',
  'unmatched',
  'quarantined',
] as const satisfies readonly WebhookEventState[];

/** Default and longest grace period of a rotated secret: a day, and thirty. */
const DEFAULT_ROTATION_GRACE_SECONDS = 86_400;
const MAX_ROTATION_GRACE_SECONDS = 30 * 86_400;

const cursor = z.optional(z.string().check(z.maxLength(500)));
const since = z.optional(
  z
    .string()
    .check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'since must be an ISO date or date-time')),
);

export const WebhookEventListQuerySchema = z.object({
  tenant: z.optional(TenantSlugSchema),
  state: z.optional(z.enum(WEBHOOK_EVENT_STATES)),
  type: z.optional(z.string().check(z.regex(/^[a-z0-9.-]{1,200}$/))),
  leadId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  since,
  cursor,
  limit: PageLimitSchema,
});

export const WebhookRejectionListQuerySchema = z.object({
  tenant: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  reason: z.optional(z.string().check(z.regex(/^[a-z_]{1,64}$/))),
  status: z.optional(
    z.pipe(
      z.string().check(z.regex(/^[1-5]\d\d$/, 'status must be an HTTP status')),
      z.transform(Number),
    ),
  ),
  webhookId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/))),
  since,
  cursor,
  limit: PageLimitSchema,
});

const label = z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100)));
/** A sender-issued secret to import (`whsec_` + base64); checked in full by the edge. */
const secret = z.optional(
  z.string().check(z.regex(/^whsec_[A-Za-z0-9+/=]{1,200}$/, 'Expected whsec_<base64>')),
);

export const CreateWebhookSecretBodySchema = z.object({ label, secret });

export const RotateWebhookSecretBodySchema = z.object({
  label,
  secret,
  /** How long the old secret keeps verifying after the rotation. */
  graceSeconds: z._default(
    z.int().check(z.minimum(0), z.maximum(MAX_ROTATION_GRACE_SECONDS)),
    DEFAULT_ROTATION_GRACE_SECONDS,
  ),
});

export const ExpireWebhookSecretBodySchema = z.object({
  /** When the secret stops verifying; now when absent. Never later than an expiry already set. */
  at: z.optional(z.iso.datetime({ offset: true })),
});
