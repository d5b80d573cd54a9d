/**
 * @module
 * Source context: where the visitor came from. Each page load with attribution signals (UTMs,
 * click ids or an external referrer) is a touch; the first touch is kept for 90 days, the last
 * touch is replaced by every newer touch. Internal navigation does not overwrite either, so the
 * landing page stays the page the visitor landed on. Touches live in the site's storage for up to
 * 90 days, so their URLs are stored without query and fragment: a parameter may carry personal
 * data (an email in a newsletter link, a reset or sign-in token), and the UTM and click-id
 * parameters, the only ones attribution needs, are kept as the touch's own fields.
 */
import type { SourceContext } from '../../shared/lead.ts';
import { LEAD_LIMITS } from '../../shared/lead-rules.ts';
import { readJson, writeJson, type StorageLike } from './storage.ts';

export const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;
export const CLICK_ID_KEYS = ['gclid', 'gbraid', 'wbraid', 'fbclid', 'msclkid'] as const;
export const FIRST_TOUCH_TTL_MS = 90 * 86_400_000;
export const TOUCH_KEY = 'pagetojob:touch';

type Utm = Partial<Record<(typeof UTM_KEYS)[number], string>>;
type ClickIds = Partial<Record<(typeof CLICK_ID_KEYS)[number], string>>;

export interface Touch {
  at: string;
  landingPage?: string;
  referrer?: string;
  utm?: Utm;
  clickIds?: ClickIds;
}

export interface Touches {
  first: Touch;
  last: Touch;
}

function pick<K extends string>(
  params: URLSearchParams,
  keys: readonly K[],
  prefix: string,
  max: number,
) {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = params
      .get(prefix + key)
      ?.trim()
      .slice(0, max);
    if (value) out[key] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

// A base URL makes parsing total: no input throws.
const parse = (url = '') => new URL(url, 'http://invalid');

/** A URL as stored: without its query and fragment, cut to the contract's limit. */
const page = (url: string) => url.split(/[?#]/)[0]!.slice(0, LEAD_LIMITS.url);

/** The touch this page load represents. */
export function touchFrom(href: string, referrer: string, now: Date): Touch {
  const params = parse(href).searchParams;
  const touch: Touch = { at: now.toISOString() };
  const utm = pick(params, UTM_KEYS, 'utm_', LEAD_LIMITS.utm);
  const clickIds = pick(params, CLICK_ID_KEYS, '', LEAD_LIMITS.clickId);
  if (href) touch.landingPage = page(href);
  if (referrer) touch.referrer = page(referrer);
  if (utm) touch.utm = utm;
  if (clickIds) touch.clickIds = clickIds;
  return touch;
}

/** True when the touch says something about acquisition (not just a page view inside the site). */
export function hasSignal(touch: Touch): boolean {
  return !!(
    touch.utm ||
    touch.clickIds ||
    (touch.referrer && parse(touch.referrer).host !== parse(touch.landingPage).host)
  );
}

/** The stored touches after this page load. */
export function nextTouches(stored: Touches | null, current: Touch, now: Date): Touches {
  // No stored touch: NaN, which fails the age check.
  const firstAt = Date.parse(stored?.first.at as string);
  const firstValid = stored && now.getTime() - firstAt < FIRST_TOUCH_TTL_MS;
  return {
    first: firstValid ? stored.first : current,
    last: stored && !hasSignal(current) ? stored.last : current,
  };
}

/** Reads, updates and writes the touches in `storage` (memory only when storage is blocked). */
export function recordVisit(
  storage: StorageLike | null,
  href: string,
  referrer: string,
  now: Date,
) {
  const stored = readJson<Touches>(storage, TOUCH_KEY);
  const valid = stored?.first?.at && stored.last?.at;
  const touches = nextTouches(valid ? stored : null, touchFrom(href, referrer, now), now);
  writeJson(storage, TOUCH_KEY, touches);
  return touches;
}

/** The submission's `source`: the last touch, its first touch, and the campaign override. */
export function sourceContext(touches: Touches, campaign: string | null): SourceContext {
  const { at: _at, ...last } = touches.last;
  const source: SourceContext = { ...last, firstTouch: touches.first };
  if (campaign) source.utm = { ...last.utm, campaign };
  return source;
}
