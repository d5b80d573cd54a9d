/**
 * @module
 * Step 2, "When do you need us?": the urgencies the chosen service offers, then either the
 * emergency call button or a preferred day and window from the config's slots (schedule.ts).
 */
import { Fragment, h } from 'preact';
import { windowsFor } from '../../schedule.ts';
import { dateLabel, labelOf } from '../format.ts';
import { error, invalid, radio, type StepContext } from './fields.tsx';

export function WhenStep(c: StepContext) {
  const { config, locale, t, draft: d } = c;
  const service = config.services.find((s) => s.key === d.service);
  const windows = (date: string) => windowsFor(config, date, new Date());
  return (
    <>
      <fieldset>
        <legend>{t('urgency')}</legend>
        {service?.urgencies.map((u) => radio(c, 'urgency', u, t(`u_${u}`), { urgency: u }))}
        {error(c, 'urgency')}
      </fieldset>
      {/* An emergency is "as soon as possible": the call button instead of a time. */}
      {c.emergency || (
        <>
          <div class="f">
            <label>
              {t('day')}
              <select
                value={d.date}
                onChange={(e) => {
                  const date = e.currentTarget.value;
                  const keep = windows(date).some((w) => w.key === d.window);
                  c.set({ date, window: keep ? d.window : '' });
                }}
                {...invalid(c, 'date')}
              >
                <option value="" />
                {c.dates.map((date) => (
                  <option value={date}>{dateLabel(date, locale)}</option>
                ))}
              </select>
            </label>
            {error(c, 'date')}
          </div>
          <fieldset>
            <legend>{t('window')}</legend>
            {windows(d.date).map((w) =>
              radio(c, 'window', w.key, labelOf(w, locale), { window: w.key }),
            )}
            {error(c, 'window')}
          </fieldset>
        </>
      )}
    </>
  );
}
