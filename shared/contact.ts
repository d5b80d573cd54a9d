/**
 * @module
 * Contact rules shared by the widget and the edge. A lead is refused only when it has neither a
 * reachable phone nor a valid email. The edge decides what a phone is (edge/leads/phone.ts, with
 * libphonenumber's metadata); the widget, which must stay small, applies the light check below,
 * which never refuses a spelling the edge accepts and only lets foreign numbers through for the
 * edge to decide.
 */

/** Visitors abroad write the international prefix as 00 (001 602 555 0142), US callers as 011. */
export const withPlus = (input: string) => input.trim().replace(/^0(?:0|11)/, '+');

/** `602-555-0142 ext 1`, `x1`, `#1`: an extension after the number. */
const EXTENSION = /(ext|x|#)\D*\d+\D*$/i;
// A US number (area code and exchange cannot start with 0 or 1), or + and 5 to 17 digits.
const PHONE = /^(\+?1?1?[2-9]\d\d[2-9]\d{6}|\+[2-9]\d{4,16})$/;

/** Could this be a phone the edge accepts? US numbers exactly; other countries by length only. */
export const looksLikePhone = (input: string) =>
  PHONE.test(withPlus(input.replace(EXTENSION, '').replace(/[^\d+]/g, '')));

// Deliberately simple: one @, a dot in the domain, no spaces. Stricter checks refuse real people.
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@.]{2,}$/;

/** Lower-cased email, or null when it is not a plausible address. */
export function normalizeEmail(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const email = input.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}
