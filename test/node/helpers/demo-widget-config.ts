/**
 * The demo tenant's widget config exactly as `GET /v1/tenants/desert-peak/config` serves it
 * (seed config + published Titan Map bindings, private test contacts removed), for widget tests.
 */
import { WidgetConfigSchema, type WidgetConfig } from '../../../shared/config.ts';
import { publicConfig } from '../../../shared/public-config.ts';
import {
  DEMO_MAP_VERSION,
  DEMO_TENANT,
  demoTenant,
  demoTitanMap,
  demoWidgetConfig,
} from '../../../edge/seed/desert-peak.ts';

/** The demo tenant's config (its settings with `patch`) as the config route serves it at `now`. */
export function servedDemoConfig(
  now = new Date(),
  patch: Partial<typeof demoWidgetConfig> = {},
): WidgetConfig {
  const identity = {
    tenant: DEMO_TENANT,
    name: demoTenant.name,
    timezone: demoTenant.timezone,
    mapVersion: DEMO_MAP_VERSION,
    status: 'active' as const,
  };
  const services = demoWidgetConfig.services.map((service) => {
    const entry = demoTitanMap.find((e) => e.serviceKey === service.key);
    const titanBinding = entry && {
      jobTypeId: entry.jobTypeId,
      businessUnitId: entry.businessUnitId,
      campaignId: entry.campaignId,
      mapVersion: DEMO_MAP_VERSION,
    };
    return { ...service, titanBinding: titanBinding ?? null };
  });
  const settings = { ...demoWidgetConfig, ...patch };
  return WidgetConfigSchema.parse(publicConfig(identity, settings, services, now));
}
