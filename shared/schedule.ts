/**
 * @module
 * Which (date, window) a visitor may still ask for at a given instant, in the tenant's time zone:
 * the one rule behind the widget's day and window pickers and the edge's preferred-time review,
 * so the form offers exactly what the edge accepts unflagged, and the handoff draft never proposes
 * a start earlier than the request. Dates are `YYYY-MM-DD` strings handled as UTC midnights (no
 * local-time arithmetic can shift them); times are `HH:MM` or `HH:MM:SS` strings, which compare
 * correctly as strings. Plain code, no zod and no runtime imports: the widget pays for every byte.
 */
import type { BusinessHours, TimeWindowConfig } from './config.ts';

/** How far ahead (days after the tenant's today) a preferred date may be without a flag. */
export const MAX_DAYS_AHEAD = 90;

/** The tenant-local date (`YYYY-MM-DD`) and time (`HH:MM:SS`) of an instant. */
export interface LocalNow {
  date: string;
  time: string;
}

/** What may make a slot unofferable, as bits of `slotIssues` (numbers cost the widget less). */
export const IN_PAST = 1;
export const TOO_FAR = 2;
export const OUT_OF_HOURS = 4;

/** The review reason the edge stores for each bit of `slotIssues`, in the order it lists them. */
export const SLOT_REASONS = [
  [IN_PAST, 'preferred_time_in_past'],
  [TOO_FAR, 'preferred_time_too_far'],
  [OUT_OF_HOURS, 'preferred_time_outside_business_hours'],
] as const;

export function localNow(now: Date, timeZone: string): LocalNow {
  // Swedish formats as `YYYY-MM-DD HH:MM:SS` (24-hour): both parts in one Intl call.
  const [date, time] = now.toLocaleString('sv-SE', { timeZone }).split(' ');
  return { date: date!, time: time! };
}

const midnight = (date: string) => Date.parse(`${date}T00:00:00Z`);

export const addDays = (date: string, days: number): string =>
  new Date(midnight(date) + days * 864e5).toISOString().slice(0, 10);

/** 0 = Sunday … 6 = Saturday, as in the config's business hours. */
export const weekday = (date: string) => new Date(midnight(date)).getUTCDay();

/** True for a real calendar date: `2027-02-29` is not one (no rolling over into March). */
export function isCalendarDate(date: string): boolean {
  const time = midnight(date);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === date;
}

/**
 * Why `window` on `date` cannot be offered at the tenant-local `today`, as bits (0 when it can):
 * the day has passed or the window has ended (`IN_PAST`: a window under way may still be asked
 * for until it ends, "anytime" until closing), the day is beyond the horizon (`TOO_FAR`), or the
 * tenant is closed that day or at those hours (`OUT_OF_HOURS`). `date` must be a calendar date.
 */
export function slotIssues(
  hours: BusinessHours,
  date: string,
  window: Pick<TimeWindowConfig, 'start' | 'end'>,
  today: LocalNow,
): number {
  // "Anytime" has no bounds of its own: it is the business day.
  const start = window.start ?? hours.open;
  const end = window.end ?? hours.close;
  const ahead = (midnight(date) - midnight(today.date)) / 864e5;
  return (
    (ahead < 0 || (!ahead && end <= today.time) ? IN_PAST : 0) |
    (ahead > MAX_DAYS_AHEAD ? TOO_FAR : 0) |
    (!hours.days.includes(weekday(date)) || start < hours.open || end > hours.close
      ? OUT_OF_HOURS
      : 0)
  );
}

/**
 * The window a lead's key names, for the edge: a tenant may list a key twice (two "evening"
 * windows), and the widget offers any of them that passes, so the first that can be offered wins,
 * else the first listed; undefined when the tenant lists none.
 */
export function windowNamed<W extends TimeWindowConfig>(
  windows: W[],
  key: string | null,
  hours: BusinessHours,
  date: string,
  today: LocalNow,
): W | undefined {
  const named = windows.filter((w) => w.key === key);
  return named.find((w) => !slotIssues(hours, date, w, today)) ?? named[0];
}

/** `HH:MM:SS` rounded up to the next half hour (`HH:MM`; `24:00` after 23:30). */
function nextHalfHour(time: string): string {
  const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
  const minutes = Math.ceil((h * 60 + m + s / 60) / 30) * 30;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * The earliest sensible start (`HH:MM`, tenant-local) for `window` on `date`, asked for at the
 * tenant-local `requested`: the window's start, moved to opening time if the window begins
 * earlier, and on the request's own day to the next half hour after the request if that is later;
 * null when nothing of the window is left inside business hours (a past day, an ended window, a
 * closed day or hours).
 */
export function earliestStart(
  hours: BusinessHours,
  date: string,
  window: Pick<TimeWindowConfig, 'start' | 'end'>,
  requested: LocalNow,
): string | null {
  const start = window.start ?? hours.open;
  const end = window.end ?? hours.close;
  const notBefore = date === requested.date ? nextHalfHour(requested.time) : '';
  const from = [start, hours.open, notBefore].sort().at(-1)!;
  const until = [end, hours.close].sort()[0]!;
  const open = date >= requested.date && hours.days.includes(weekday(date));
  return open && from < until ? from : null;
}

/** The tenant's own limits on top of hours and windows: closed days and how soon a request may be. */
export interface BookingLimits {
  closures?: { date: string }[] | undefined;
  leadTime?: { minHours?: number | undefined; sameDayCutoff?: string | undefined } | undefined;
}

/** Minutes since midnight of an `HH:MM` (or `HH:MM:SS`) time. */
export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * The tenant's limit a slot breaks, as a review reason (null when none): a closure date
 * (`preferred_date_closed`), or a slot too soon (`preferred_time_too_soon`: after today's
 * same-day cutoff, or a window that ends before now plus the lead time — a window partly beyond
 * the lead time is still offered). `date` is at or after `today.date`.
 */
export function limitReason(
  limits: BookingLimits,
  hours: BusinessHours,
  date: string,
  window: Pick<TimeWindowConfig, 'end'>,
  today: LocalNow,
): 'preferred_date_closed' | 'preferred_time_too_soon' | null {
  if (limits.closures?.some((closure) => closure.date === date)) return 'preferred_date_closed';
  const { minHours, sameDayCutoff } = limits.leadTime ?? {};
  if (sameDayCutoff && date === today.date && today.time >= sameDayCutoff) {
    return 'preferred_time_too_soon';
  }
  if (minHours) {
    const ahead = (midnight(date) - midnight(today.date)) / 864e5;
    const left = ahead * 1440 + minutesOf(window.end ?? hours.close) - minutesOf(today.time);
    if (left <= minHours * 60) return 'preferred_time_too_soon';
  }
  return null;
}
