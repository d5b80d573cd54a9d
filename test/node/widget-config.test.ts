/**
 * Config parsing: the script tag's data-* attributes (widget/src/embed-options.ts), the tenant
 * config response and the branding theme (widget/src/config.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseWidgetConfig, themeCss } from '../../widget/src/config.ts';
import { embedKey, parseEmbedOptions } from '../../widget/src/embed-options.ts';
import { servedDemoConfig } from './helpers/demo-widget-config.ts';

const SRC = 'https://pagetojob.example.workers.dev/widget.js';
const attrs = (values: Record<string, string>) => (name: string) => values[name] ?? null;

describe('parseEmbedOptions', () => {
  it('takes the API origin from the script URL and defaults to inline mode', () => {
    expect(parseEmbedOptions(attrs({ 'data-tenant': 'desert-peak' }), `${SRC}?v=2`)).toEqual({
      tenant: 'desert-peak',
      api: 'https://pagetojob.example.workers.dev',
      mode: 'inline',
      target: null,
      locale: null,
      campaign: null,
    });
  });

  it('reads mode, target, locale and the campaign override', () => {
    const options = parseEmbedOptions(
      attrs({
        'data-tenant': ' desert-peak ',
        'data-mode': 'button',
        'data-target': '#book',
        'data-locale': 'es-MX',
        'data-campaign': `  ${'c'.repeat(250)} `,
      }),
      'http://127.0.0.1:8787/widget.0123456789ab.js',
    );
    expect(options).toMatchObject({
      tenant: 'desert-peak',
      api: 'http://127.0.0.1:8787',
      mode: 'button',
      target: '#book',
      locale: 'es-MX',
    });
    expect(options?.campaign).toBe('c'.repeat(200));
    expect(parseEmbedOptions(attrs({ 'data-tenant': 'x1', 'data-mode': 'popup' }), SRC)?.mode).toBe(
      'inline',
    );
  });

  it('refuses a tag without a valid tenant or without an http(s) origin', () => {
    expect(parseEmbedOptions(attrs({}), SRC)).toBeNull();
    expect(parseEmbedOptions(attrs({ 'data-tenant': 'Desert Peak' }), SRC)).toBeNull();
    expect(parseEmbedOptions(attrs({ 'data-tenant': 'desert-peak' }), '')).toBeNull();
    expect(
      parseEmbedOptions(attrs({ 'data-tenant': 'desert-peak' }), 'data:text/javascript,1'),
    ).toBeNull();
  });

  it('gives the same key to the same tag pasted twice, different keys to different widgets', () => {
    const tag = attrs({ 'data-tenant': 'desert-peak' });
    expect(embedKey(parseEmbedOptions(tag, SRC)!)).toBe(embedKey(parseEmbedOptions(tag, SRC)!));
    const keys = [
      attrs({ 'data-tenant': 'desert-peak', 'data-target': '#a' }),
      attrs({ 'data-tenant': 'desert-peak', 'data-target': '#b' }),
      attrs({ 'data-tenant': 'desert-peak', 'data-mode': 'button' }),
      attrs({ 'data-tenant': 'other-co' }),
    ].map((a) => embedKey(parseEmbedOptions(a, SRC)!));
    expect(new Set([...keys, embedKey(parseEmbedOptions(tag, SRC)!)]).size).toBe(5);
  });
});

describe('parseWidgetConfig', () => {
  it('accepts the config the edge serves', () => {
    const config = servedDemoConfig();
    expect(parseWidgetConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });

  it('refuses what the form cannot render from', () => {
    const config = servedDemoConfig();
    for (const broken of [
      null,
      'x',
      [],
      {},
      { ...config, services: [] },
      { ...config, services: 'x' },
      { ...config, consent: undefined },
      { error: 'unknown_tenant', message: 'No tenant' },
    ]) {
      expect(parseWidgetConfig(broken)).toBeNull();
    }
  });
});

describe('themeCss', () => {
  it('turns the branding into custom properties on :host', () => {
    expect(themeCss(servedDemoConfig().branding)).toBe(
      ':host{--ptj-primary:#c2410c;--ptj-accent:#0f766e;--ptj-text:#1c1917;--ptj-bg:#ffffff;--ptj-radius:10px;' +
        '--ptj-font:system-ui, -apple-system, "Segoe UI", Roboto, sans-serif}',
    );
    expect(themeCss({ primaryColor: 'rgb(12, 34, 56)' })).toBe(
      ':host{--ptj-primary:rgb(12, 34, 56)}',
    );
  });

  it('drops values that could break out of the declaration or load something', () => {
    const css = themeCss({
      primaryColor: 'red;}body{display:none',
      accentColor: 'url(https://evil.example/x.png)',
      textColor: '</style><script>',
      backgroundColor: 'expression\\(1\\)',
      radius: '4px',
    });
    expect(css).toBe(':host{--ptj-radius:4px}');
  });
});
