/**
 * @module
 * What the edge accepts as a phone number, and how it is stored: E.164 (`+16025550142`) with the
 * extension apart. libphonenumber's "min" metadata (docs/decisions/0044) knows every country's
 * numbering plan, so a Budapest number written `+36 1 234 5678` stays Hungarian instead of
 * becoming a Corpus Christi one. A number without a country code is read as a US number.
 * Edge-only: the widget keeps the light check in shared/contact.ts and never loads this metadata.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { looksLikePhone, withPlus } from '../../shared/contact.ts';

export interface Phone {
  /** `+16025550142`. */
  e164: string;
  /** Digits only, or null. Kept apart: it is dialed after the call connects. */
  extension: string | null;
  /** Not a US number (or a US territory's): reachable, but the office should look first. */
  international: boolean;
}

/** What an issue on a phone field tells the visitor. */
export const PHONE_HINT = 'Enter a phone number: 10 digits, or + and the country code';

/** `+` and at most 15 digits (ITU-T E.164). */
const E164_MAX_LENGTH = 16;

/** NANP regions dialed and billed as domestic numbers from the US. */
const DOMESTIC = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP']);

export function parsePhone(input: unknown): Phone | null {
  if (typeof input !== 'string') return null;
  const parsed = parsePhoneNumberFromString(withPlus(input), 'US');
  // E.164 caps a number at 15 digits; the "min" metadata lets some longer ones pass as valid.
  if (!parsed?.isValid() || parsed.number.length > E164_MAX_LENGTH) return null;
  // The "min" metadata is looser than the NANP for some Caribbean codes (`268 000 0000`): the
  // widget's check holds a +1 number to it (and passes every other E.164 number).
  if (!looksLikePhone(parsed.number)) return null;
  return {
    e164: parsed.number,
    extension: parsed.ext ?? null,
    international: !(parsed.country && DOMESTIC.has(parsed.country)),
  };
}

/**
 * The ways a stored (E.164) number is commonly written in a JSON payload, for finding it in text.
 * Matched as substrings, so `6025550142` also finds `+16025550142` and `1-602-555-0142`. A foreign
 * number is never looked for as bare digits: `3612345678` is how ServiceTitan writes a US number.
 */
export function phoneSpellings(e164: string): string[] {
  if (e164.startsWith('+1')) {
    const [a, b, c] = [e164.slice(2, 5), e164.slice(5, 8), e164.slice(8)];
    return [
      `${a}${b}${c}`,
      `${a}-${b}-${c}`,
      `(${a}) ${b}-${c}`,
      `${a}.${b}.${c}`,
      `${a} ${b} ${c}`,
    ];
  }
  const parsed = parsePhoneNumberFromString(e164);
  const formats = parsed ? [parsed.formatInternational(), parsed.formatNational()] : [];
  return [...new Set([e164, ...formats])];
}
