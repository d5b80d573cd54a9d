/**
 * @module
 * The `:tenant` of an admin route's path: the caller must be allowed to act on it (403
 * otherwise) and it must exist (404).
 */
import type { Context } from 'hono';
import { assertTenantAccess } from '../http/admin-auth.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import { getTenantContext } from './context.ts';

export async function pathTenant(c: Context<AppEnv>): Promise<string> {
  const tenant = c.req.param('tenant') ?? '';
  assertTenantAccess(c, tenant);
  if (!(await getTenantContext(c.env.DB, tenant))) {
    throw new ApiError(404, 'unknown_tenant', `No tenant "${tenant}".`);
  }
  return tenant;
}
