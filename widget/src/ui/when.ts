/**
 * @module
 * The day list and the chosen day and window as of `now`. A form can stay open for hours (inline
 * forms live until reload, modal forms keep their session), so the form asks again whenever a
 * step is shown, when the page becomes visible again and right before sending: a tab left open
 * overnight must not offer, or send, yesterday.
 */
import type { WidgetConfig } from '../../../shared/config.ts';
import type { Draft } from '../draft.ts';
import { bookableDates, windowsFor } from '../schedule.ts';

export interface When {
  dates: string[];
  /** `draft` itself when its day and window are still offered; else without them. */
  draft: Draft;
}

export function freshWhen(config: WidgetConfig, draft: Draft, now = new Date()): When {
  const dates = bookableDates(config, now);
  const date = dates.includes(draft.date) ? draft.date : '';
  const offered = date && windowsFor(config, date, now).some((w) => w.key === draft.window);
  const window = offered ? draft.window : '';
  const same = date === draft.date && window === draft.window;
  return { dates, draft: same ? draft : { ...draft, date, window } };
}
