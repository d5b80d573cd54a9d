/**
 * @module
 * Locale-aware labels: config items with Spanish variants, and dates. Dates are formatted in UTC
 * because they already are the tenant's calendar dates (see schedule.ts).
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
