/**
 * @module
 * The tenant's calendar: which days and time windows the form offers, computed in the tenant's
 * timezone (a visitor in another zone still books the contractor's local days). Dates are plain
 * `YYYY-MM-DD` strings handled as UTC midnights, so no local-time arithmetic can shift them;
 * times are `HH:MM` strings, which compare correctly as strings.
 */
import type { WidgetConfig } from '../../shared/config.ts';

type Window = WidgetConfig['windows'][number];

/** How many bookable days the day picker lists. */
const BOOKABLE_DAYS = 14;
/** The edge flags preferred dates further ahead than this (edge/leads/review.ts MAX_DAYS_AHEAD). */
const MAX_DAYS_AHEAD = 90;

/**
 * The tenant-local date (`YYYY-MM-DD`, formatted as the edge does) and time (`HH:MM:SS`, which
 * compares as a string against `HH:MM` window bounds) at `now`.
 */
export function localNow(now: Date, timeZone: string): { date: string; time: string } {
  return {
    date: now.toLocaleDateString('en-CA', { timeZone }),
    time: now.toLocaleTimeString('en-GB', { timeZone, hourCycle: 'h23' }),
  };
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, as in the config's business hours. */
export const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/**
 * Windows offered on `date`: those inside business hours, and on the tenant's "today" only those
 * that have not ended yet ("anytime" lasts until closing).
 */
export function windowsFor(config: WidgetConfig, date: string, now: Date): Window[] {
  const { open, close } = config.businessHours;
  const today = localNow(now, config.timezone);
  return config.windows.filter((w) => {
    const end = w.end ?? close;
    return (w.start ?? open) >= open && end <= close && (date !== today.date || end > today.time);
  });
}

/** The next business days that still have a window, starting today, never past the edge's limit. */
export function bookableDates(config: WidgetConfig, now: Date, count = BOOKABLE_DAYS): string[] {
  const today = localNow(now, config.timezone).date;
  const dates: string[] = [];
  for (let ahead = 0; ahead <= MAX_DAYS_AHEAD && dates.length < count; ahead++) {
    const date = addDays(today, ahead);
    if (config.businessHours.days.includes(weekday(date)) && windowsFor(config, date, now).length) {
      dates.push(date);
    }
  }
  return dates;
}
