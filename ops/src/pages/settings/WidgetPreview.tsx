/**
 * @module
 * The live preview: the real widget (its own mount code and components from widget/src, bundled
 * into the console) rendered from the settings being edited, inline or as the modal. Nothing
 * public can show an unpublished draft: the config is handed to the widget here, in the console,
 * and the preview's submit never reaches the intake (it answers as the edge would, without a
 * request). This is the console's one import of widget internals.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { WidgetConfig } from '../../../../shared/config.ts';
import { publicConfig } from '../../../../shared/public-config.ts';
import type { WidgetSettings } from '../../../../shared/tenant-settings.ts';
import { addMessages } from '../../../../widget/src/i18n.ts';
import { restEn, restEs, restFile } from '../../../../widget/src/i18n-rest.ts';
import { mountWidget, type Widget, type WidgetServices } from '../../../../widget/src/mount.tsx';
import type { TenantSummary } from '../TenantsPage.tsx';

/** What `GET /v1/tenants/:tenant/config` would serve once these settings are published. */
export function previewConfig(tenant: TenantSummary, settings: WidgetSettings): WidgetConfig {
  const { slug, name, timezone, status } = tenant;
  const services = settings.services.map((service) => ({ ...service, titanBinding: null }));
  const identity = { tenant: slug, name, timezone, mapVersion: null, status };
  // The slots as of now: the preview shows the days a visitor would be offered today.
  return publicConfig(identity, settings, services, new Date());
}

function previewServices(config: WidgetConfig): WidgetServices {
  return {
    emit: () => {},
    loadConfig: () => Promise.resolve(config),
    prefill: () => ({}),
    onPrefill: () => () => {},
    rest: (locale) =>
      Promise.resolve(addMessages(locale, JSON.parse(restFile(locale === 'es' ? restEs : restEn)))),
    source: () => ({}),
    // The preview never posts a lead: it shows what a visitor sees after a successful submit.
    submit: () =>
      Promise.resolve({
        kind: 'sent',
        accepted: { leadId: 'preview', status: 'received', duplicate: false },
      }),
    watch: () => () => {},
  };
}

export function WidgetPreview(props: { tenant: TenantSummary; settings: WidgetSettings }) {
  const [kind, setKind] = useState<'inline' | 'modal'>('inline');
  const [locale, setLocale] = useState<'en' | 'es'>('en');
  const slot = useRef<HTMLDivElement>(null);
  const widget = useRef<Widget | null>(null);
  // Rebuilding on every keystroke would reset the preview's own form: wait for a pause in typing.
  const [shown, setShown] = useState(props.settings);
  useEffect(() => {
    const timer = setTimeout(() => setShown(props.settings), 400);
    return () => clearTimeout(timer);
  }, [props.settings]);

  useEffect(() => {
    const target = slot.current;
    if (!target) return;
    const config = previewConfig(props.tenant, shown);
    const options = {
      tenant: props.tenant.slug,
      api: location.origin,
      mode: kind,
      target: null,
      locale,
      campaign: null,
    };
    widget.current = mountWidget(previewServices(config), options, kind, (host) =>
      target.append(host),
    );
    if (kind === 'modal') widget.current.app.current?.open();
    return () => {
      widget.current?.unmount();
      widget.current = null;
    };
  }, [shown, kind, locale, props.tenant]);

  return (
    <aside class="preview card" aria-label="Preview of the draft">
      <h2>Preview</h2>
      <p class="muted small">
        The widget as visitors will see it once published. Submitting here sends nothing.
      </p>
      <div class="inline">
        <label>
          Shown
          <select
            value={kind}
            onChange={(e) => setKind((e.target as HTMLSelectElement).value as typeof kind)}
          >
            <option value="inline">inline</option>
            <option value="modal">as the modal</option>
          </select>
        </label>
        <label>
          Language
          <select
            value={locale}
            onChange={(e) => setLocale((e.target as HTMLSelectElement).value as typeof locale)}
          >
            <option value="en">English</option>
            <option value="es">Spanish</option>
          </select>
        </label>
        {kind === 'modal' && (
          <button type="button" onClick={() => widget.current?.app.current?.open()}>
            Open the modal
          </button>
        )}
      </div>
      <div ref={slot} data-testid="widget-preview" />
    </aside>
  );
}
