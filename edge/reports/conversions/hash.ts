/**
 * @module
 * Email and phone as Google's enhanced conversions for leads want them: normalised, then SHA-256
 * in lowercase hex (`sha256Hex`, edge/lib/encoding.ts; Google Ads API, "Normalize and hash
 * user-provided data"): leading and
 * trailing spaces removed, lowercase, phone numbers in E.164, and for gmail.com and
 * googlemail.com addresses every `.` before the `@` removed. The raw values never leave here.
 */
import { parsePhone } from '../../leads/phone.ts';

export function normaliseEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0) return lower;
  const [local, domain] = [lower.slice(0, at), lower.slice(at + 1)];
  return domain === 'gmail.com' || domain === 'googlemail.com'
    ? `${local.replaceAll('.', '')}@${domain}`
    : lower;
}

/** E.164, or null when the text is no phone number (a blank is better than a wrong hash). */
export function normalisePhone(phone: string): string | null {
  return parsePhone(phone.trim())?.e164 ?? null;
}
