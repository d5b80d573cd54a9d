/**
 * @module
 * What every step renders its fields with, and the one thing a step gets from the form: the
 * `StepContext` (the draft, its errors, the strings, and the two actions a step may take).
 * Accessibility: inputs inside their labels, errors tied to fields with aria-describedby.
 */
import { h, type InputHTMLAttributes, type JSX } from 'preact';
import type { WidgetConfig } from '../../../../shared/config.ts';
import { LEAD_LIMITS } from '../../../../shared/lead-rules.ts';
import type { Draft } from '../../draft.ts';
import type { Locale, Translate } from '../../i18n.ts';
import type { Errors, Field } from '../../validate.ts';

export interface StepContext {
  config: WidgetConfig;
  locale: Locale;
  t: Translate;
  draft: Draft;
  errors: Errors;
  /** The days the "when" step offers, as of the form's last recheck. */
  dates: string[];
  /** The emergency call button, when the visitor chose an emergency. */
  emergency: JSX.Element | false;
  /** Changes draft fields and clears their errors. */
  set(patch: Partial<Draft>): void;
  /** Shows another step (the review's Edit buttons). */
  goTo(step: number): void;
}

type TextField =
  'name' | 'phone' | 'email' | 'street' | 'unit' | 'city' | 'state' | 'zip' | 'notes';

export const invalid = (c: StepContext, field: Field) =>
  c.errors[field] ? { 'aria-invalid': true, 'aria-describedby': `e-${field}` } : {};

export function error(c: StepContext, field: Field) {
  const key = c.errors[field];
  return (
    key && (
      <p id={`e-${field}`} class="err">
        {c.t(key)}
      </p>
    )
  );
}

/** A radio or checkbox card: the whole card is the label, so the target is large. */
export function option(input: InputHTMLAttributes, label: string, hint?: string | false) {
  return (
    <label class="o">
      <input {...input} />
      <span>
        {label}
        {hint && <small>{hint}</small>}
      </span>
    </label>
  );
}

export function radio(
  c: StepContext,
  name: 'service' | 'urgency' | 'window' | 'firstTime',
  value: string,
  label: string,
  patch: Partial<Draft>,
  hint?: string,
) {
  const checked = c.draft[name] === value;
  return option(
    { type: 'radio', name, checked, onChange: () => c.set(patch), ...invalid(c, name) },
    label,
    hint,
  );
}

/** A text field inside its label (no id pairing needed), with its error below. */
export function input(
  c: StepContext,
  field: TextField,
  attrs: InputHTMLAttributes & { rows?: number },
  optional?: boolean,
) {
  // Notes are the one multi-line field.
  const Input = field === 'notes' ? ('textarea' as 'input') : 'input';
  return (
    <div class="f">
      <label>
        {c.t(field)}
        {optional && <span class="m"> {c.t('optional')}</span>}
        <Input
          name={field}
          value={c.draft[field]}
          onInput={(e) => c.set({ [field]: e.currentTarget.value })}
          maxLength={LEAD_LIMITS[field as 'name'] ?? 10}
          {...invalid(c, field)}
          {...attrs}
        />
      </label>
      {error(c, field)}
    </div>
  );
}
