/**
 * @module
 * The tenant config as the widget uses it: a shallow check of the `GET /v1/tenants/:t/config`
 * response (the widget does not bundle zod, see shared/lead-rules.ts) and the theme built from
 * its branding.
 */
import type { WidgetConfig } from '../../shared/config.ts';
import { SAFE_BRANDING_VALUE } from '../../shared/branding.ts';

/**
 * The config when it has services and consent to render, else null (the form shows "could not
 * load"). Deliberately shallow: the edge built it with WidgetConfigSchema, and anything else that
 * is off (a bad time zone, a missing window list) throws while rendering and is caught by the
 * widget's error boundary (ui/App.tsx), which shows the same "could not load" state.
 */
export function parseWidgetConfig(json: unknown): WidgetConfig | null {
  const config = json as Partial<WidgetConfig> | null;
  const ok =
    Array.isArray(config?.services) &&
    config.services.length &&
    typeof config.consent?.text === 'string';
  return ok ? (config as WidgetConfig) : null;
}

/** `:host` custom properties from the tenant's branding; unsafe or missing values are skipped. */
export function themeCss(branding: WidgetConfig['branding']): string {
  const props = {
    primary: branding.primaryColor,
    accent: branding.accentColor,
    text: branding.textColor,
    bg: branding.backgroundColor,
    radius: branding.radius,
    font: branding.fontFamily,
  };
  const declarations = Object.entries(props)
    .filter(([, value]) => value && SAFE_BRANDING_VALUE.test(value))
    .map(([name, value]) => `--ptj-${name}:${value}`);
  return `:host{${declarations.join(';')}}`;
}
