/**
 * @module
 * Contact validity rules shared by the widget and the edge. A lead is refused only when it has
 * neither a valid phone nor a valid email, so both sides must agree exactly on what "valid" means.
 */

/** Digits of a North American phone number (10 digits, a leading country code 1 is dropped). */
export function normalizePhone(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  let digits = input.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  // NANP: area code and exchange cannot start with 0 or 1.
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(digits) ? digits : null;
}

// Deliberately simple: one @, a dot in the domain, no spaces. Stricter checks refuse real people.
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@.]{2,}$/;

/** Lower-cased email, or null when it is not a plausible address. */
export function normalizeEmail(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const email = input.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}
