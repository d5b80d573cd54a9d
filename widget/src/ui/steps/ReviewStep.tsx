/**
 * @module
 * Step 4, "Review your request": one row per earlier step with an Edit button that goes back to
 * it, and the consent text the visitor is agreeing to by sending.
 */
import { Fragment, h } from 'preact';
import type { MessageKey } from '../../i18n.ts';
import { consentText } from '../../submission.ts';
import { dateLabel, labelOf } from '../format.ts';
import type { StepContext } from './fields.tsx';

const lines = (values: string[], separator = '\n') =>
  values.filter((v) => v.trim()).join(separator);

export function ReviewStep(c: StepContext) {
  const { config, locale, t, draft: d } = c;
  const service = config.services.find((s) => s.key === d.service);
  const window = config.windows.find((w) => w.key === d.window);
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
              <button type="button" class="b x" onClick={() => c.goTo(target)}>
                {t('edit')}
                <span class="sr"> {t(label)}</span>
              </button>
            </dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      <p class="m">{consentText(config, locale)}</p>
    </>
  );
}
