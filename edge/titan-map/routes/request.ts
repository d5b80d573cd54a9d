/**
 * @module
 * Request helpers shared by the Titan Map admin routes: the tenant path parameter (scoped to the
 * caller's token) and JSON bodies validated against the shared schemas.
 */
import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { assertTenantAccess } from '../../http/admin-auth.ts';
import { parseOptionalJsonObject } from '../../http/body.ts';
import { limitBody } from '../../http/body-limit.ts';
import { ApiError } from '../../http/errors.ts';
import { parseBody } from '../../http/validate.ts';
import type { AppEnv } from '../../http/app-env.ts';

/** JSON bodies of these routes are small: a binding, a list of ids, a note. */
export const jsonBodyLimit = limitBody(64 * 1024);

/** The `:tenant` of the mount path (`/tenants/:tenant/...`); 403 for another tenant's operator. */
export function tenantParam(c: Context<AppEnv>): string {
  const tenant = c.req.param('tenant');
  if (!tenant) throw new ApiError(404, 'unknown_tenant', 'No tenant in the path.');
  assertTenantAccess(c, tenant);
  return tenant;
}

/** The JSON body checked against `schema`; an empty body counts as `{}` (all fields optional). */
export async function readJson<S extends z.ZodMiniType>(
  c: Context<AppEnv>,
  schema: S,
): Promise<z.infer<S>> {
  const text = await c.req.text();
  return parseBody(schema, parseOptionalJsonObject(text));
}
