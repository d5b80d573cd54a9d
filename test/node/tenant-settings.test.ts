import { describe, expect, it } from 'vitest';
import demoFile from '../../examples/tenants/desert-peak.json' with { type: 'json' };
import {
  contrastRatio,
  isTimeZone,
  settingsIssues,
  validateSettings,
  WidgetSettingsSchema,
  type WidgetSettings,
} from '../../shared/tenant-settings.ts';

const demo = (): WidgetSettings => WidgetSettingsSchema.parse(structuredClone(demoFile.config));
const codes = (settings: WidgetSettings) => settingsIssues(settings).map((i) => i.code);

describe('widget settings rules', () => {
  it('accept the demo tenant as shipped', () => {
    expect(validateSettings(demoFile.config)).toMatchObject({ ok: true });
  });

  it('compute WCAG contrast as the published formula gives it', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#fff')).toBeCloseTo(1, 5);
    // WebAIM's checker: #767676 on white is 4.54:1, the lightest grey that passes AA.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('know IANA zones from made-up ones', () => {
    expect(isTimeZone('America/Phoenix')).toBe(true);
    expect(isTimeZone('America/Indiana/Indianapolis')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('EST5EDT-ish')).toBe(false);
  });

  it('find windows that touch without overlapping acceptable, and overlaps not', () => {
    const settings = demo();
    expect(codes(settings)).toEqual([]);
    settings.windows[1]!.start = '11:59';
    expect(codes(settings)).toEqual(['windows_overlap']);
  });

  it('want a window inside business hours, complete, and not inverted', () => {
    const settings = demo();
    settings.businessHours.close = '17:00';
    expect(settingsIssues(settings)).toEqual([
      expect.objectContaining({ path: ['windows', 2], code: 'window_outside_hours' }),
    ]);
    settings.businessHours.close = '19:00';
    settings.windows[0] = { key: 'morning', label: 'x', start: '08:00' };
    settings.windows[1]!.end = '12:00';
    expect(codes(settings)).toEqual(['window_incomplete', 'window_inverted']);
  });

  it('need an emergency phone only when a service offers emergencies', () => {
    const settings = demo();
    settings.emergencyPhone = '';
    expect(codes(settings)).toContain('emergency_phone_missing');
    for (const service of settings.services) {
      service.urgencies = service.urgencies.filter((u) => u !== 'emergency');
    }
    expect(codes(settings)).not.toContain('emergency_phone_missing');
  });

  it('refuse Turnstile while the widget cannot render it (decision 0093)', () => {
    const settings = demo();
    expect(codes(settings)).not.toContain('turnstile_not_in_widget');
    settings.turnstile = { mode: 'managed', siteKey: '0x4AAAAAAABkMYinukE8nzYS' };
    expect(settingsIssues(settings)).toContainEqual(
      expect.objectContaining({ path: ['turnstile'], code: 'turnstile_not_in_widget' }),
    );
  });

  it('want Spanish consent text when Spanish is offered', () => {
    const settings = demo();
    delete settings.consent.textEs;
    expect(settingsIssues(settings)).toEqual([
      expect.objectContaining({ path: ['consent', 'textEs'], code: 'consent_missing' }),
    ]);
    settings.locales = ['en'];
    expect(codes(settings)).toEqual([]);
  });

  it('refuse branding that could escape the stylesheet or load from elsewhere', () => {
    const settings = demo();
    settings.branding.radius = '4px}:host{display:none';
    settings.branding.logoUrl = 'javascript:alert(1)';
    settings.branding.accentColor = 'red';
    expect(
      settingsIssues(settings)
        .map((i) => `${i.path.join('.')}:${i.code}`)
        .sort(),
    ).toEqual([
      'branding.accentColor:invalid_color',
      'branding.logoUrl:unsafe_branding',
      'branding.radius:unsafe_branding',
    ]);
  });

  it('report shape problems with their paths before rules', () => {
    const result = validateSettings({ ...demoFile.config, windows: [{ key: 'noon', label: 1 }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['windows.0.key', 'windows.0.label']),
    );
  });
});
