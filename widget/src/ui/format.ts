/**
 * @module
 * Locale-aware labels: config items with Spanish variants, tenant texts, phone links and dates.
 * Dates are formatted in UTC because they already are the tenant's calendar dates (see
 * schedule.ts).
 */
import type { Locale } from '../i18n.ts';

type Labelled = {
  label: string;
  labelEs?: string | undefined;
  description?: string;
  descriptionEs?: string;
};

export const labelOf = (item: Labelled, locale: Locale) =>
  (locale === 'es' && item.labelEs) || item.label;
export const descriptionOf = (item: Labelled, locale: Locale) =>
  (locale === 'es' && item.descriptionEs) || item.description;

/** A tenant text from the config (consent, out-of-area, closed card) in the visitor's language. */
export const textOf = (item: { text: string; textEs?: string | undefined }, locale: Locale) =>
  (locale === 'es' && item.textEs) || item.text;

export const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

/** "Tue, Nov 25" / "mar, 25 nov" */
export function dateLabel(date: string, locale: Locale): string {
  // A date-only string parses as UTC midnight, and is formatted in UTC: never the day before.
  return new Date(date).toLocaleDateString(`${locale}-US`, {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
  });
}
