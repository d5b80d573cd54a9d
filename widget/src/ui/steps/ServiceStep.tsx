/**
 * @module
 * Step 1, "What do you need help with?": the tenant's services as radio cards with their
 * descriptions. The only step widget.js can render before its second file arrives.
 */
import { h } from 'preact';
import { descriptionOf, labelOf } from '../format.ts';
import { error, radio, type StepContext } from './fields.tsx';

export function ServiceStep(c: StepContext) {
  const { config, locale, draft: d } = c;
  return (
    <fieldset>
      <legend class="sr">{c.t('service')}</legend>
      {config.services.map((s) =>
        radio(
          c,
          'service',
          s.key,
          labelOf(s, locale),
          // Keep the urgency only when the new service offers it.
          {
            service: s.key,
            urgency: d.urgency && s.urgencies.includes(d.urgency) ? d.urgency : '',
          },
          descriptionOf(s, locale),
        ),
      )}
      {error(c, 'service')}
    </fieldset>
  );
}
