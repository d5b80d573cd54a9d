/**
 * @module
 * Inputs of the spam-review API: intake keys and an operator's reclassification of a lead
 * (docs/api.md). `zod/mini` like the rest of `shared/`; the console imports the types.
 */
import * as z from 'zod/mini';
import { OPERATOR_CLASSIFICATIONS } from './api.ts';
import { TenantSlugSchema } from './tenant.ts';

export const IntakeKeyCreateSchema = z.object({
  /** Required for the global admin; an operator's key is always for its own tenant. */
  tenant: z.optional(TenantSlugSchema),
  /** What posts with the key, e.g. "Website backend". */
  label: z.string().check(z.trim(), z.minLength(1, 'Give the key a label'), z.maxLength(100)),
});

export const IntakeKeyListQuerySchema = z.object({ tenant: z.optional(TenantSlugSchema) });

export const LeadClassificationChangeSchema = z.object({
  classification: z.enum(OPERATOR_CLASSIFICATIONS),
  note: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
});

/** `POST /v1/admin/leads/:id/called-back`: the office called an unfinished request back. */
export const CalledBackSchema = z.object({
  note: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
});

export type IntakeKeyCreate = z.infer<typeof IntakeKeyCreateSchema>;
export type LeadClassificationChange = z.infer<typeof LeadClassificationChangeSchema>;
