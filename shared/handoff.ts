/**
 * @module
 * The handoff (sync) contract of the operator API: sync job states, connection readiness modes and
 * gates, and the schemas of the operator inputs (list filters, mark manual-complete, binding
 * correction, readiness changes). Written with `zod/mini` like the rest of `shared/`.
 */
import * as z from 'zod/mini';
import { TenantSlugSchema } from './tenant.ts';
import { PageLimitSchema } from './admin.ts';
import { PRIORITIES } from './config.ts';

/**
 * `queued` → `ready` | `review`; with a live sender `ready` → `sent` | `retrying` → `blocked`;
 * `manual_complete` is set by an operator; `skipped` is a spam-classified lead (no draft unless
 * an operator resends it).
 */
export const SYNC_JOB_STATES = [
  'queued',
  'review',
  'ready',
  'retrying',
  'blocked',
  'sent',
  'manual_complete',
  'skipped',
] as const;
export type SyncJobState = (typeof SYNC_JOB_STATES)[number];

export const CONNECTION_MODES = ['offline-demo', 'dry-run', 'live'] as const;
export type ConnectionMode = (typeof CONNECTION_MODES)[number];

/** What must be true before a tenant's live sender may be switched on. */
export const READINESS_GATES = [
  'customer_authorization',
  'app_approval',
  'scopes',
  'encrypted_token_storage',
  'sandbox_validation',
] as const;
export type ReadinessGate = (typeof READINESS_GATES)[number];

const note = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, 'Write a short note'), z.maxLength(max));

export const SyncJobListQuerySchema = z.object({
  tenant: z.optional(TenantSlugSchema),
  state: z.optional(z.enum(SYNC_JOB_STATES)),
  lead: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))),
  cursor: z.optional(z.string().check(z.maxLength(500))),
  limit: PageLimitSchema,
});

export const ManualCompleteSchema = z.object({
  /** What the operator did instead, e.g. "Booked by phone as job 88123". */
  note: note(2000),
});

const titanId = z.nullable(z.int().check(z.positive()));

/**
 * An operator's correction of the binding a lead drafts with. Each field given replaces what the
 * published Titan Map says for this lead only; `null` clears it.
 */
export const BindingCorrectionSchema = z
  .object({
    jobTypeId: z.optional(titanId),
    businessUnitId: z.optional(titanId),
    campaignId: z.optional(titanId),
    priority: z.optional(z.nullable(z.enum(PRIORITIES))),
    note: z.optional(note(2000)),
  })
  .check(
    z.refine(
      (value) =>
        ['jobTypeId', 'businessUnitId', 'campaignId', 'priority'].some((key) =>
          Object.hasOwn(value, key),
        ),
      'Give at least one of jobTypeId, businessUnitId, campaignId, priority',
    ),
  );

export const GateUpdateSchema = z.object({
  satisfied: z.boolean(),
  /** Evidence (who approved, ticket, date) or why the gate was reopened. */
  note: note(1000),
});

/**
 * Where a live sender would post: the tenant's ids in ServiceTitan. The API host is not part of
 * it: the deployment's `SERVICETITAN_ENVIRONMENT` Worker var chooses it (edge/handoff/environment.ts).
 */
export const SenderTargetSchema = z.object({
  stTenantId: z.int().check(z.positive()),
  bookingProviderId: z.int().check(z.positive()),
});

export const ModeChangeSchema = z.object({
  mode: z.enum(CONNECTION_MODES),
  target: z.optional(SenderTargetSchema),
});

export const DisconnectSchema = z.object({
  reason: note(500),
});

export type SenderTarget = z.infer<typeof SenderTargetSchema>;
