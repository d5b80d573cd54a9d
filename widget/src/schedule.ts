/**
 * @module
 * The tenant's calendar as the form offers it: the config's `slots`, worked out by the edge
 * (shared/slots.ts: hours, the 90-day horizon, closures, lead time and capacity, in the tenant's
 * time zone, the rule the edge's review applies), less those whose `until` has passed by the
 * visitor's clock. A form left open for hours drops what has ended without any time-zone code.
 */
import type { WidgetConfig } from '../../shared/config.ts';

const open = (config: WidgetConfig, now: Date) => config.slots.filter((s) => s.until > +now);

/** Windows offered on `date` at `now`. */
export const windowsFor = (config: WidgetConfig, date: string, now: Date) =>
  config.windows.filter((_, i) => open(config, now).some((s) => s.date === date && s.window === i));

/** The days that still have a window at `now`, in order. */
export const bookableDates = (config: WidgetConfig, now: Date): string[] => [
  ...new Set(open(config, now).map((s) => s.date)),
];
