/**
 * @module
 * The tenant slug, as every route and query names a tenant.
 */
import * as z from 'zod/mini';
import { TENANT_PATTERN } from './lead-rules.ts';

export const TenantSlugSchema = z
  .string()
  .check(z.regex(TENANT_PATTERN, 'tenant must be a tenant slug'));
