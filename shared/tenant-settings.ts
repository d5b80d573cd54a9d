/**
 * @module
 * A tenant's widget settings as operators edit them (draft → publish), and every rule a published
 * settings document must satisfy. The settings are the stored widget config minus the private
 * test contacts (edited on the tenant, applied without review); the public config the widget
 * renders from is derived from the published settings (edge/tenants/routes/config.ts).
 *
 * Validation reports every problem at once, each with its path: the schema only checks shapes,
 * and `settingsIssues` checks the rules between fields (windows inside business hours, contrast,
 * an emergency service with no phone, …). Imported by the edge and the console, never the widget.
 */
import * as z from 'zod/mini';
import type { Issue } from './api.ts';
import { SAFE_BRANDING_VALUE } from './branding.ts';
import { StoredWidgetConfigSchema, TENANT_STATUSES } from './config.ts';
import { toIssues } from './query.ts';
import { isCalendarDate, minutesOf } from './schedule.ts';
import { TenantSlugSchema } from './tenant.ts';

export const WidgetSettingsSchema = z.omit(StoredWidgetConfigSchema, { testContacts: true });
export type WidgetSettings = z.infer<typeof WidgetSettingsSchema>;

/** The disclosure shown while unfinished requests are captured, when the tenant set none. */
export const DEFAULT_UNFINISHED_DISCLOSURE = {
  text: "If you don't finish, we may call you about this request.",
  textEs: 'Si no termina, es posible que le llamemos sobre esta solicitud.',
} as const;
/** How long an unfinished request that was never finished is kept, when the tenant set nothing. */
export const DEFAULT_UNFINISHED_RETENTION_DAYS = 30;
const MAX_DISCLOSURE_LENGTH = 300;
/** Turnstile site keys are short URL-safe strings (e.g. `0x4AAAAAAA…`, `1x00000000000000000000AA`). */
const TURNSTILE_SITE_KEY = /^[0-9A-Za-z_-]{8,100}$/;

/** WCAG 2.x AA for normal text: the button label (white) on the primary colour, body text. */
export const MIN_CONTRAST = 4.5;
/** The widget draws its buttons' labels in white on the primary colour (widget/src/styles.css). */
const BUTTON_TEXT = '#ffffff';

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const ZIP = /^\d{5}$/;
const PHONE_DIGITS = /^\+?[\d\s().-]{7,25}$/;

function channel(hex: string, index: number): number {
  const full = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d).join('') : hex.slice(1);
  const value = parseInt(full.slice(index * 2, index * 2 + 2), 16) / 255;
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  return 0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 1) + 0.0722 * channel(hex, 2);
}

/** WCAG contrast ratio of two `#rgb`/`#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** True when the runtime knows `timeZone` as an IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone.includes('/') || timeZone === 'UTC';
  } catch {
    return false;
  }
}

type Path = (string | number)[];

/** The rules between fields of a settings document that has the right shape. */
export function settingsIssues(settings: WidgetSettings): Issue[] {
  const issues: Issue[] = [];
  const add = (path: Path, code: string, message: string) => issues.push({ path, code, message });

  const seenServices = new Set<string>();
  settings.services.forEach((service, i) => {
    if (seenServices.has(service.key)) {
      add(['services', i, 'key'], 'duplicate_service_key', `"${service.key}" is listed twice`);
    }
    seenServices.add(service.key);
    if (service.label.trim() === '') add(['services', i, 'label'], 'required', 'needs a label');
    if (service.urgencies.length === 0) {
      add(['services', i, 'urgencies'], 'no_urgency', 'a service needs at least one urgency');
    }
  });
  if (settings.services.length === 0) add(['services'], 'required', 'list at least one service');
  const emergency = settings.services.some((s) => s.urgencies.includes('emergency'));
  if (emergency && !PHONE_DIGITS.test(settings.emergencyPhone)) {
    add(['emergencyPhone'], 'emergency_phone_missing', 'an emergency service needs a phone number');
  }
  if (settings.officePhone !== undefined && !PHONE_DIGITS.test(settings.officePhone)) {
    add(['officePhone'], 'invalid_phone', 'not a phone number');
  }

  const { open, close, days } = settings.businessHours;
  if (minutesOf(open) >= minutesOf(close)) {
    add(['businessHours', 'close'], 'hours_inverted', 'closing time must be after opening time');
  }
  if (new Set(days).size !== days.length) {
    add(['businessHours', 'days'], 'duplicate_day', 'a day is listed twice');
  }
  const seenWindows = new Set<string>();
  const timed: { index: number; start: number; end: number }[] = [];
  settings.windows.forEach((window, i) => {
    if (seenWindows.has(window.key)) {
      add(['windows', i, 'key'], 'duplicate_window', `"${window.key}" is listed twice`);
    }
    seenWindows.add(window.key);
    if ((window.start === undefined) !== (window.end === undefined)) {
      add(['windows', i], 'window_incomplete', 'a window needs both a start and an end');
      return;
    }
    if (window.start === undefined || window.end === undefined) return;
    const [start, end] = [minutesOf(window.start), minutesOf(window.end)];
    if (start >= end) add(['windows', i, 'end'], 'window_inverted', 'end must be after start');
    else if (start < minutesOf(open) || end > minutesOf(close)) {
      add(['windows', i], 'window_outside_hours', `must fall within ${open}–${close}`);
    }
    timed.push({ index: i, start, end });
  });
  if (settings.windows.length === 0) add(['windows'], 'required', 'list at least one window');
  for (const a of timed) {
    const clash = timed.find((b) => b.index < a.index && b.start < a.end && a.start < b.end);
    if (clash) {
      add(['windows', a.index], 'windows_overlap', `overlaps window ${clash.index}`);
    }
  }

  settings.serviceAreaZips.forEach((zip, i) => {
    if (!ZIP.test(zip)) add(['serviceAreaZips', i], 'invalid_zip', `"${zip}" is not 5 digits`);
  });
  settings.closures?.forEach((closure, i) => {
    if (!isCalendarDate(closure.date)) {
      add(['closures', i, 'date'], 'invalid_date', `"${closure.date}" is not a calendar date`);
    }
  });

  // The widget always offers SMS opt-in next to the consent text, so the text must be there.
  if (settings.consent.text.trim() === '') {
    add(['consent', 'text'], 'consent_missing', 'SMS opt-in is offered: consent text is required');
  }
  if (settings.locales.includes('es') && !settings.consent.textEs?.trim()) {
    add(['consent', 'textEs'], 'consent_missing', 'Spanish is offered: Spanish consent text too');
  }
  if (settings.consent.version.trim() === '') {
    add(['consent', 'version'], 'required', 'a consent version is required');
  }

  unfinishedIssues(settings, add);
  if (settings.turnstile && !TURNSTILE_SITE_KEY.test(settings.turnstile.siteKey)) {
    add(
      ['turnstile', 'siteKey'],
      'invalid_site_key',
      'paste the site key from the Turnstile widget',
    );
  }
  // The edge verifies Turnstile, but the widget cannot render it yet (it does not fit the gzip
  // budget): turned on, every widget lead would be spam `turnstile_missing` (decision 0093).
  if (settings.turnstile) {
    add(
      ['turnstile'],
      'turnstile_not_in_widget',
      'the widget cannot show Turnstile yet: leave the site key empty',
    );
  }

  const { branding } = settings;
  for (const [key, value] of Object.entries(branding)) {
    if (key === 'logoUrl' || key === 'buttonLabel' || value === undefined) continue;
    if (!SAFE_BRANDING_VALUE.test(value)) {
      add(['branding', key], 'unsafe_branding', 'only colours, lengths and font names are allowed');
    }
  }
  for (const key of ['primaryColor', 'accentColor', 'textColor', 'backgroundColor'] as const) {
    const value = branding[key];
    if (value !== undefined && !HEX_COLOR.test(value)) {
      add(['branding', key], 'invalid_color', 'use #rgb or #rrggbb');
    }
  }
  if (branding.logoUrl !== undefined && !/^https:\/\/[^\s"'<>]+$/.test(branding.logoUrl)) {
    add(['branding', 'logoUrl'], 'unsafe_branding', 'the logo must be an https:// URL');
  }
  if (branding.buttonLabel !== undefined && branding.buttonLabel.length > 40) {
    add(['branding', 'buttonLabel'], 'too_long', 'at most 40 characters');
  }
  if (HEX_COLOR.test(branding.primaryColor)) {
    const ratio = contrastRatio(branding.primaryColor, BUTTON_TEXT);
    if (ratio < MIN_CONTRAST) {
      add(
        ['branding', 'primaryColor'],
        'low_contrast',
        `white text on it has contrast ${ratio.toFixed(2)}:1, below ${MIN_CONTRAST}:1 (WCAG AA)`,
      );
    }
  }
  const text = branding.textColor ?? '#1c1917';
  const background = branding.backgroundColor ?? '#ffffff';
  if (HEX_COLOR.test(text) && HEX_COLOR.test(background)) {
    const ratio = contrastRatio(text, background);
    if (ratio < MIN_CONTRAST) {
      add(
        ['branding', 'textColor'],
        'low_contrast',
        `text on the background has contrast ${ratio.toFixed(2)}:1, below ${MIN_CONTRAST}:1`,
      );
    }
  }
  return issues;
}

/**
 * The disclosure's rules: the default text is used when none is set, but a tenant's own English
 * text needs its own Spanish one when Spanish is offered (the default translation would not match).
 */
function unfinishedIssues(
  settings: WidgetSettings,
  add: (path: Path, code: string, message: string) => void,
) {
  const disclosure = settings.unfinishedDisclosure;
  if (!disclosure) return;
  const path = ['unfinishedDisclosure'];
  if (disclosure.text.trim() === '') add([...path, 'text'], 'required', 'give the disclosure text');
  for (const key of ['text', 'textEs'] as const) {
    if ((disclosure[key]?.length ?? 0) > MAX_DISCLOSURE_LENGTH) {
      add([...path, key], 'too_long', `at most ${MAX_DISCLOSURE_LENGTH} characters`);
    }
  }
  if (settings.locales.includes('es') && !disclosure.textEs?.trim()) {
    add([...path, 'textEs'], 'disclosure_missing', 'Spanish is offered: Spanish disclosure too');
  }
}

/** Shape, then rules: every problem the document has, or the settings when there is none. */
export function validateSettings(
  input: unknown,
): { ok: true; settings: WidgetSettings } | { ok: false; issues: Issue[] } {
  const parsed = WidgetSettingsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  const issues = settingsIssues(parsed.data);
  return issues.length ? { ok: false, issues } : { ok: true, settings: parsed.data };
}

const TimeZoneSchema = z.string().check(z.refine(isTimeZone, 'unknown IANA time zone'));
const OriginSchema = z
  .string()
  .check(z.regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'an origin: scheme://host[:port]'));
const TestContactsSchema = z.object({
  phones: z.array(z.string().check(z.maxLength(40))).check(z.maxLength(50)),
  emails: z.array(z.string().check(z.maxLength(254))).check(z.maxLength(50)),
});
const NameSchema = z.string().check(z.minLength(1), z.maxLength(200));

/** `POST /v1/admin/tenants`: the tenant and its first settings, published as version 1. */
export const TenantCreateSchema = z.object({
  slug: TenantSlugSchema,
  name: NameSchema,
  timezone: TimeZoneSchema,
  allowedOrigins: z.array(OriginSchema).check(z.maxLength(50)),
  testContacts: z.optional(TestContactsSchema),
  config: z.unknown(),
});

/** `PATCH /v1/admin/tenants/:tenant`: what changes without review. */
export const TenantPatchSchema = z.object({
  name: z.optional(NameSchema),
  timezone: z.optional(TimeZoneSchema),
  allowedOrigins: z.optional(z.array(OriginSchema).check(z.maxLength(50))),
  testContacts: z.optional(TestContactsSchema),
  status: z.optional(z.enum(TENANT_STATUSES)),
});

export const PublishSchema = z.object({
  note: z.string().check(z.minLength(1, 'say why'), z.maxLength(500)),
});

export type TenantCreate = z.infer<typeof TenantCreateSchema>;
export type TenantPatch = z.infer<typeof TenantPatchSchema>;
