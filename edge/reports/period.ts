/**
 * @module
 * The tenant and period a report covers: the caller's tenant (required, scoped to its token), and
 * whole local days `from`..`to` in the tenant's time zone as a UTC range [start, end).
 */
import type { Context } from 'hono';
import { zonedTimeToUtc } from '../../shared/local-time.ts';
import { addDays } from '../../shared/schedule.ts';
import { tenantScope } from '../http/admin-auth.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import { tenantTimezone } from '../tenants/db/tenants.ts';

export interface ReportPeriod {
  tenant: string;
  timezone: string;
  from: string;
  to: string;
  start: string;
  end: string;
}

export async function tenantOf(c: Context<AppEnv>, requested: string | undefined) {
  const tenant = tenantScope(c, requested);
  if (!tenant) {
    throw new ApiError(400, 'tenant_required', 'A report is for one tenant: add ?tenant=<slug>.', {
      issues: [{ path: ['query', 'tenant'], code: 'required', message: 'tenant is required' }],
    });
  }
  const timezone = await tenantTimezone(c.env.DB, tenant);
  if (timezone === null) throw new ApiError(404, 'unknown_tenant', `No tenant "${tenant}".`);
  return { tenant, timezone };
}

/** The same tenant over other days (e.g. a baseline beside the period). */
export function periodOf(
  scope: { tenant: string; timezone: string },
  from: string,
  to: string,
): ReportPeriod {
  const start = zonedTimeToUtc(from, '00:00', scope.timezone);
  const end = zonedTimeToUtc(addDays(to, 1), '00:00', scope.timezone);
  if (!start || !end) throw new Error('validated report dates did not convert');
  return { ...scope, from, to, start: start.toISOString(), end: end.toISOString() };
}

export async function reportPeriod(
  c: Context<AppEnv>,
  query: { tenant?: string | undefined; from: string; to: string },
): Promise<ReportPeriod> {
  return periodOf(await tenantOf(c, query.tenant), query.from, query.to);
}
