/**
 * @module
 * The tenant's calendar: which days and time windows the form offers, computed in the tenant's
 * timezone (a visitor in another zone still books the contractor's local days). What may be
 * offered is decided by shared/schedule.ts, the rule the edge's preferred-time review applies too,
 * so the form never offers a window the edge would flag.
 */
import type { WidgetConfig } from '../../shared/config.ts';
import {
  addDays,
  localNow,
  MAX_DAYS_AHEAD,
  slotIssues,
  weekday,
  type LocalNow,
} from '../../shared/schedule.ts';

export { addDays, localNow, weekday };

/** How many bookable days the day picker lists. */
const BOOKABLE_DAYS = 14;

const offered = (config: WidgetConfig, date: string, today: LocalNow) =>
  config.windows.filter((w) => !slotIssues(config.businessHours, date, w, today));

/** Windows offered on `date` at `now`: inside business hours and not yet ended. */
export const windowsFor = (config: WidgetConfig, date: string, now: Date) =>
  offered(config, date, localNow(now, config.timezone));

/** The next days that still have a window, starting today, never past the edge's horizon. */
export function bookableDates(config: WidgetConfig, now: Date, count = BOOKABLE_DAYS): string[] {
  const today = localNow(now, config.timezone);
  const dates: string[] = [];
  for (let ahead = 0; ahead <= MAX_DAYS_AHEAD && dates.length < count; ahead++) {
    const date = addDays(today.date, ahead);
    if (offered(config, date, today).length) dates.push(date);
  }
  return dates;
}
