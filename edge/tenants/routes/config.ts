/**
 * @module
 * `GET /v1/tenants/:tenant/config`: what the widget renders from, with each service's Titan
 * binding from the published map (shared/public-config.ts builds it). The ETag is the (config
 * version, map version) pair, plus the status when not active and a hash of the bookable slots
 * (which move with the clock and with capacity), so it changes exactly when what is served does.
 */
import { WidgetConfigSchema } from '../../../shared/config.ts';
import { Hono } from 'hono';
import type { ServedService, WidgetConfig } from '../../../shared/config.ts';
import { ApiError } from '../../http/errors.ts';
import { fullWindows, type FullWindow } from '../../leads/capacity.ts';
import { localNow } from '../../../shared/schedule.ts';
import { publicConfig } from '../../../shared/public-config.ts';
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

export function widgetConfig(
  context: TenantContext,
  now: Date,
  full: FullWindow[] = [],
): WidgetConfig {
  const { slug: tenant, name, timezone, mapVersion, status } = context;
  const identity = { tenant, name, timezone, mapVersion, status };
  return publicConfig(identity, context.config, servedServices(context), now, full);
}

/**
 * The slots change with the clock and with capacity, without a config change, so they are part
 * of the ETag (FNV-1a of them).
 */
function slotTag(config: WidgetConfig): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(config.slots)) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  }
  return `-s${hash.toString(36)}`;
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
    const now = new Date();
    const full = await fullWindows(c.env.DB, context, localNow(now, context.timezone).date);
    const config = widgetConfig(context, now, full);
    // The status is not part of the published version (a PATCH changes it): a paused widget must
    // not keep a cached active config.
    const status = context.status === 'active' ? '' : `-${context.status}`;
    const etag = `W/"${context.configVersion}-${context.mapVersion ?? 'none'}${status}${slotTag(config)}"`;
    const headers = { ETag: etag, 'Cache-Control': 'public, max-age=60, must-revalidate' };
    if (
      c.req
        .header('if-none-match')
        ?.split(/\s*,\s*/)
        .includes(etag)
    ) {
      return c.body(null, 304, headers);
    }
    return c.json(config, 200, headers);
  },
);
