/**
 * @module
 * The steps after the first (when, contact and address, review), rendered by the form with its own
 * field helpers. In the form's second file (widget.rest.js): `h` and `Fragment` are the first
 * file's Preact (late-preact.ts), so everything here is a function called at render time.
 */
import { Fragment, h, type JSX } from 'preact';
import { ZIP_PATTERN } from '../../../shared/lead-rules.ts';
import type { MessageKey } from '../i18n.ts';
import { windowsFor } from '../schedule.ts';
import { consentText } from '../submission.ts';
import type { Form } from './Form.tsx';
import { dateLabel, labelOf } from './format.ts';

/** The body of `step` (1-3); `emergency` is the call button shown instead of a time. */
export function stepBody(f: Form, step: number, emergency: JSX.Element | false): JSX.Element {
  const { config, locale, t } = f.props;
  const d = f.state.draft;
  const consent = consentText(config, locale);
  const service = config.services.find((s) => s.key === d.service);
  if (step === 1) {
    const windows = (date: string) => windowsFor(config, date, new Date());
    return (
      <>
        <fieldset>
          <legend>{t('urgency')}</legend>
          {service?.urgencies.map((u) => f.radio('urgency', u, t(`u_${u}`), { urgency: u }))}
          {f.error('urgency')}
        </fieldset>
        {/* An emergency is "as soon as possible": the call button instead of a time. */}
        {emergency || (
          <>
            <div class="f">
              <label>
                {t('day')}
                <select
                  value={d.date}
                  onChange={(e) => {
                    const date = e.currentTarget.value;
                    const keep = windows(date).some((w) => w.key === d.window);
                    f.set({ date, window: keep ? d.window : '' });
                  }}
                  {...f.invalid('date')}
                >
                  <option value="" />
                  {f.dates.map((date) => (
                    <option value={date}>{dateLabel(date, locale)}</option>
                  ))}
                </select>
              </label>
              {f.error('date')}
            </div>
            <fieldset>
              <legend>{t('window')}</legend>
              {windows(d.date).map((w) =>
                f.radio('window', w.key, labelOf(w, locale), { window: w.key }),
              )}
              {f.error('window')}
            </fieldset>
          </>
        )}
      </>
    );
  }
  if (step === 2) {
    const zip = d.zip.trim();
    const outsideArea = ZIP_PATTERN.test(zip) && !config.serviceAreaZips.includes(zip.slice(0, 5));
    return (
      <>
        <fieldset>
          <legend>{t('contact')}</legend>
          {f.input('name', { autocomplete: 'name' })}
          {f.input('phone', { type: 'tel', autocomplete: 'tel', inputMode: 'tel' })}
          {f.input('email', { type: 'email', autocomplete: 'email', inputMode: 'email' })}
          {f.option(
            {
              type: 'checkbox',
              checked: d.smsOptIn,
              onChange: (e) => f.set({ smsOptIn: e.currentTarget.checked }),
              'aria-describedby': 'consent',
            },
            t('sms'),
          )}
          <p class="m" id="consent">
            {consent}
          </p>
        </fieldset>
        {/* ServiceTitan's booking needs it (isFirstTimeClient). */}
        <fieldset>
          <legend>{t('firstTime')}</legend>
          {f.radio('firstTime', 'yes', t('ft_yes'), { firstTime: 'yes' })}
          {f.radio('firstTime', 'no', t('ft_no'), { firstTime: 'no' })}
          {f.error('firstTime')}
        </fieldset>
        <fieldset>
          <legend>{t('address')}</legend>
          {f.input('street', { autocomplete: 'address-line1' })}
          {f.input('unit', { autocomplete: 'address-line2' }, true)}
          {f.input('city', { autocomplete: 'address-level2' })}
          {f.input('state', { autocomplete: 'address-level1' })}
          {f.input('zip', { autocomplete: 'postal-code', inputMode: 'numeric' })}
          {/* Flagged, never blocked: the office decides whether to go. */}
          <p role="status" class="m">
            {outsideArea && t('outside')}
          </p>
        </fieldset>
        {f.input('notes', { rows: 3 }, true)}
      </>
    );
  }
  const window = config.windows.find((w) => w.key === d.window);
  const lines = (values: string[], separator = '\n') =>
    values.filter((v) => v.trim()).join(separator);
  // Each row with the step that edits it.
  const rows: [MessageKey, string, number][] = [
    ['service', service ? labelOf(service, locale) : '', 0],
    [
      'window',
      lines([
        d.urgency && t(`u_${d.urgency}`),
        d.urgency === 'emergency' || !window
          ? t('asap')
          : `${dateLabel(d.date, locale)}, ${labelOf(window, locale)}`,
      ]),
      1,
    ],
    [
      'h2',
      lines([
        d.name,
        d.phone,
        d.email,
        d.firstTime && t(`ft_${d.firstTime}`),
        lines([d.street, d.unit, d.city, d.state, d.zip], ', '),
        d.notes,
      ]),
      2,
    ],
  ];
  return (
    <>
      <dl>
        {rows.map(([label, value, target]) => (
          <>
            <dt>
              {t(label)}
              <button type="button" class="b x" onClick={() => f.goTo(target)}>
                {t('edit')}
                <span class="sr"> {t(label)}</span>
              </button>
            </dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      <p class="m">{consent}</p>
    </>
  );
}
