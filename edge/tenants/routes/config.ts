/**
 * @module
 * `GET /v1/tenants/:tenant/config`: what the widget renders from, with each service's Titan
 * binding from the published map. The ETag is the (config version, map version) pair, plus the
 * windows at capacity when the tenant limits any, so it changes exactly when what is served does.
 */
import { WidgetConfigSchema } from '../../../shared/config.ts';
import { Hono } from 'hono';
import type { ServedService, WidgetConfig } from '../../../shared/config.ts';
import { ApiError } from '../../http/errors.ts';
import { fullWindows, type FullWindow } from '../../leads/capacity.ts';
import { localNow } from '../../../shared/schedule.ts';
import { getTenantContext, type TenantContext } from '../context.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { doc } from '../../http/openapi.ts';

function servedServices(context: TenantContext): ServedService[] {
  return context.config.services.map((service) => {
    const entry = context.bindings.get(service.key);
    const titanBinding =
      entry?.active && context.mapVersion
        ? {
            jobTypeId: entry.jobTypeId,
            businessUnitId: entry.businessUnitId,
            campaignId: entry.campaignId,
            mapVersion: context.mapVersion,
          }
        : null;
    return { ...service, titanBinding };
  });
}

export function widgetConfig(context: TenantContext, full: FullWindow[] = []): WidgetConfig {
  const { testContacts: _private, services: _raw, ...publicConfig } = context.config;
  return {
    tenant: context.slug,
    name: context.name,
    timezone: context.timezone,
    mapVersion: context.mapVersion,
    ...publicConfig,
    status: context.status,
    services: servedServices(context),
    ...(full.length > 0 && { fullWindows: full }),
  };
}

/** Full windows change without a config change, so they are part of the ETag (FNV-1a of them). */
function fullTag(full: FullWindow[]): string {
  if (full.length === 0) return '';
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(full)) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  }
  return `-f${hash.toString(36)}`;
}

export const configRoutes = new Hono<AppEnv>().get(
  '/:tenant/config',
  doc('Leads', 'Widget config', {
    description:
      'What the widget renders from; weak ETag, answers 304 to a matching If-None-Match.',
    ok: WidgetConfigSchema,
    headers: [{ in: 'header', name: 'If-None-Match', schema: { type: 'string' } }],
    responses: { 304: { description: 'Not modified: the ETag still matches.' } },
    errors: [404, 503],
  }),
  async (c) => {
    const context = await getTenantContext(c.env.DB, c.req.param('tenant'));
    if (!context)
      throw new ApiError(404, 'unknown_tenant', `No tenant "${c.req.param('tenant')}".`);
    const full = await fullWindows(c.env.DB, context, localNow(new Date(), context.timezone).date);
    const etag = `W/"${context.configVersion}-${context.mapVersion ?? 'none'}${fullTag(full)}"`;
    const headers = { ETag: etag, 'Cache-Control': 'public, max-age=60, must-revalidate' };
    if (
      c.req
        .header('if-none-match')
        ?.split(/\s*,\s*/)
        .includes(etag)
    ) {
      return c.body(null, 304, headers);
    }
    return c.json(widgetConfig(context, full), 200, headers);
  },
);
