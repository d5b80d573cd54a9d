/**
 * @module
 * Step 3, "How can we reach you?": name, phone or email, SMS opt-in beside the consent text,
 * first time or returning, the service address (with the tenant's out-of-area message when the
 * ZIP is outside its area: flagged by the edge, never blocked), notes; the tenant's disclosure
 * when it captures unfinished requests.
 */
import { Fragment, h } from 'preact';
import { outsideServiceArea } from '../../../../shared/lead-rules.ts';
import { consentText } from '../../submission.ts';
import { textOf } from '../format.ts';
import { error, input, option, radio, type StepContext } from './fields.tsx';

export function ContactStep(c: StepContext) {
  const { config, locale, t, draft: d } = c;
  return (
    <>
      <fieldset>
        <legend>{t('contact')}</legend>
        {input(c, 'name', { autocomplete: 'name' })}
        {input(c, 'phone', { type: 'tel', autocomplete: 'tel' })}
        {input(c, 'email', { type: 'email', autocomplete: 'email' })}
        {option(
          {
            type: 'checkbox',
            checked: d.smsOptIn,
            onChange: (e) => c.set({ smsOptIn: e.currentTarget.checked }),
            'aria-describedby': 'consent',
          },
          t('sms'),
        )}
        <p class="m" id="consent">
          {consentText(config, locale)}
        </p>
        {/* The tenant's text, there whenever it captures unfinished requests (Form.tsx). */}
        {config.unfinishedDisclosure && (
          <p class="m">{textOf(config.unfinishedDisclosure, locale)}</p>
        )}
      </fieldset>
      {/* ServiceTitan's booking needs it (isFirstTimeClient). */}
      <fieldset>
        <legend>{t('firstTime')}</legend>
        {radio(c, 'firstTime', 'yes', t('ft_yes'), { firstTime: 'yes' })}
        {radio(c, 'firstTime', 'no', t('ft_no'), { firstTime: 'no' })}
        {error(c, 'firstTime')}
      </fieldset>
      <fieldset>
        <legend>{t('address')}</legend>
        {input(c, 'street', { autocomplete: 'address-line1' })}
        {input(c, 'unit', { autocomplete: 'address-line2' }, true)}
        {input(c, 'city', { autocomplete: 'address-level2' })}
        {input(c, 'state', { autocomplete: 'address-level1' })}
        {input(c, 'zip', { autocomplete: 'postal-code', inputMode: 'numeric' })}
        {/* Flagged, never blocked: the office decides whether to go. */}
        <p role="status" class="m">
          {outsideServiceArea(d.zip.trim(), config.serviceAreaZips) &&
            textOf(config.outOfArea, locale)}
        </p>
      </fieldset>
      {input(c, 'notes', { rows: 3 }, true)}
    </>
  );
}
