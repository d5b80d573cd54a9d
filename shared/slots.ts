/**
 * @module
 * What the widget may offer, worked out on the edge: each (day, window) that passes the tenant's
 * hours, horizon, closures, lead time and capacity now, with the instant it stops passing. The
 * rules are shared/schedule.ts's (`slotIssues`, `limitReason`), the ones the edge's review
 * applies to a lead; what changes with time alone (a window ending, the same-day cutoff, the lead
 * time) is folded into `until`, so the widget keeps its lists right for a form left open by
 * comparing one number with its clock, with no time-zone code of its own
 * (docs/decisions/0070-edge-computed-slots.md).
 */
import type { BusinessHours, TimeWindowConfig } from './config.ts';
import { zonedTimeToUtc, zoneOffsetMs } from './local-time.ts';
import {
  addDays,
  limitReason,
  localNow,
  MAX_DAYS_AHEAD,
  minutesOf,
  slotIssues,
  type BookingLimits,
} from './schedule.ts';

/** How many bookable days the widget's day picker lists. */
export const BOOKABLE_DAYS = 14;

/** A (day, window) the widget may offer until `until` (epoch ms); `window` indexes `windows`. */
export interface Slot {
  date: string;
  window: number;
  until: number;
}

export interface SlotInput extends BookingLimits {
  timezone: string;
  businessHours: BusinessHours;
  windows: Pick<TimeWindowConfig, 'key' | 'start' | 'end'>[];
  /** Days and windows at capacity (edge/leads/capacity.ts). */
  fullWindows?: { date: string; window: string }[] | undefined;
}

/** The last offset each zone's conversion found: nearly every slot of a response shares it. */
const lastOffset = new Map<string, number>();

/** The instant a tenant-local wall clock reads `date` plus `minutes` (may leave the day). */
export function zonedInstant(date: string, minutes: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  // One Intl call when the zone's offset is the one last found (checked, so always exact);
  // zonedTimeToUtc's three otherwise (a DST change in between).
  const guess = wall - (lastOffset.get(timeZone) ?? 0);
  if (guess + zoneOffsetMs(guess, timeZone) === wall) return guess;
  const iso = new Date(wall).toISOString();
  const instant = zonedTimeToUtc(iso.slice(0, 10), iso.slice(11, 16), timeZone)!.getTime();
  lastOffset.set(timeZone, wall - instant);
  return instant;
}

/**
 * The next `BOOKABLE_DAYS` days (from the tenant's today, within the 90-day horizon) with their
 * offerable windows at `now`. A slot stops being offerable when the window ends, at the same-day
 * cutoff of its day, or once it ends within the lead time, whichever comes first: the limits
 * `limitReason` and `slotIssues` apply at that instant.
 */
export function offeredSlots(input: SlotInput, now: Date): Slot[] {
  const today = localNow(now, input.timezone);
  const hours = input.businessHours;
  const full = new Set(input.fullWindows?.map((f) => `${f.date}|${f.window}`));
  const { minHours = 0, sameDayCutoff } = input.leadTime ?? {};
  const slots: Slot[] = [];
  let days = 0;
  for (let ahead = 0; ahead <= MAX_DAYS_AHEAD && days < BOOKABLE_DAYS; ahead++) {
    const date = addDays(today.date, ahead);
    const before = slots.length;
    input.windows.forEach((window, index) => {
      if (slotIssues(hours, date, window, today) || full.has(`${date}|${window.key}`)) return;
      if (limitReason(input, hours, date, window, today)) return;
      const end = minutesOf(window.end ?? hours.close);
      const until = Math.min(
        zonedInstant(date, end - minHours * 60, input.timezone),
        sameDayCutoff ? zonedInstant(date, minutesOf(sameDayCutoff), input.timezone) : Infinity,
      );
      slots.push({ date, window: index, until });
    });
    if (slots.length > before) days++;
  }
  return slots;
}
