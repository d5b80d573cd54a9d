/**
 * @module
 * One editor per part of the widget settings document: services, hours and windows, closures and
 * lead time, service area and phones, consent, branding (with its contrast shown live), locales
 * and the out-of-area message. Each gets the document and a setter; issues come in by path.
 */
import { TIME_WINDOWS, URGENCIES } from '../../../../shared/lead-rules.ts';
import {
  contrastRatio,
  MIN_CONTRAST,
  type WidgetSettings,
} from '../../../../shared/tenant-settings.ts';
import { FieldIssues, optional, TextField, type Issues } from './fields.tsx';

export interface EditorProps {
  settings: WidgetSettings;
  update: (change: (draft: WidgetSettings) => void) => void;
  issues: Issues;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function ServicesEditor({ settings, update, issues }: EditorProps) {
  return (
    <fieldset>
      <legend>Services</legend>
      <FieldIssues issues={issues} path="services" />
      {settings.services.map((service, i) => (
        <div class="card" key={i}>
          <TextField
            label="Key"
            value={service.key}
            path={`services.${i}.key`}
            issues={issues}
            onChange={(v) => update((d) => void (d.services[i]!.key = v))}
          />
          <TextField
            label="Label (English)"
            value={service.label}
            path={`services.${i}.label`}
            issues={issues}
            onChange={(v) => update((d) => void (d.services[i]!.label = v))}
          />
          <TextField
            label="Label (Spanish)"
            value={service.labelEs}
            path={`services.${i}.labelEs`}
            issues={issues}
            onChange={(v) => update((d) => void (d.services[i]!.labelEs = optional(v)))}
          />
          <TextField
            label="Description (English)"
            value={service.description}
            path={`services.${i}.description`}
            issues={issues}
            onChange={(v) => update((d) => void (d.services[i]!.description = optional(v)))}
          />
          <TextField
            label="Description (Spanish)"
            value={service.descriptionEs}
            path={`services.${i}.descriptionEs`}
            issues={issues}
            onChange={(v) => update((d) => void (d.services[i]!.descriptionEs = optional(v)))}
          />
          <div role="group" aria-label={`Urgencies of ${service.label}`}>
            {URGENCIES.map((urgency) => (
              <label class="check" key={urgency}>
                <input
                  type="checkbox"
                  checked={service.urgencies.includes(urgency)}
                  onChange={(e) =>
                    update((d) => {
                      const s = d.services[i]!;
                      s.urgencies = (e.target as HTMLInputElement).checked
                        ? URGENCIES.filter((u) => u === urgency || s.urgencies.includes(u))
                        : s.urgencies.filter((u) => u !== urgency);
                    })
                  }
                />
                {urgency}
              </label>
            ))}
            <FieldIssues issues={issues} path={`services.${i}.urgencies`} />
          </div>
          <button
            type="button"
            class="danger"
            onClick={() => update((d) => void d.services.splice(i, 1))}
          >
            Remove {service.label || 'service'}
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() =>
          update(
            (d) => void d.services.push({ key: '', label: '', urgencies: ['soon', 'flexible'] }),
          )
        }
      >
        Add a service
      </button>
    </fieldset>
  );
}

export function HoursEditor({ settings, update, issues }: EditorProps) {
  const hours = settings.businessHours;
  return (
    <fieldset>
      <legend>Business hours and windows</legend>
      <div role="group" aria-label="Open days">
        {DAYS.map((day, n) => (
          <label class="check" key={day}>
            <input
              type="checkbox"
              checked={hours.days.includes(n)}
              onChange={(e) =>
                update((d) => {
                  const on = (e.target as HTMLInputElement).checked;
                  const days = d.businessHours.days.filter((x) => x !== n);
                  d.businessHours.days = (on ? [...days, n] : days).sort();
                })
              }
            />
            {day}
          </label>
        ))}
      </div>
      <TextField
        label="Opens"
        type="time"
        value={hours.open}
        path="businessHours.open"
        issues={issues}
        onChange={(v) => update((d) => void (d.businessHours.open = v))}
      />
      <TextField
        label="Closes"
        type="time"
        value={hours.close}
        path="businessHours.close"
        issues={issues}
        onChange={(v) => update((d) => void (d.businessHours.close = v))}
      />
      <FieldIssues issues={issues} path="windows" />
      {settings.windows.map((window, i) => (
        <div class="inline card" key={i}>
          <label>
            Window
            <select
              value={window.key}
              onChange={(e) =>
                update(
                  (d) =>
                    void (d.windows[i]!.key = (e.target as HTMLSelectElement)
                      .value as (typeof TIME_WINDOWS)[number]),
                )
              }
            >
              {TIME_WINDOWS.map((key) => (
                <option key={key}>{key}</option>
              ))}
            </select>
          </label>
          <TextField
            label="Label"
            value={window.label}
            path={`windows.${i}.label`}
            issues={issues}
            onChange={(v) => update((d) => void (d.windows[i]!.label = v))}
          />
          <TextField
            label="Label (Spanish)"
            value={window.labelEs}
            path={`windows.${i}.labelEs`}
            issues={issues}
            onChange={(v) => update((d) => void (d.windows[i]!.labelEs = optional(v)))}
          />
          <TextField
            label="Starts"
            type="time"
            value={window.start}
            path={`windows.${i}.start`}
            issues={issues}
            onChange={(v) => update((d) => void (d.windows[i]!.start = optional(v)))}
          />
          <TextField
            label="Ends"
            type="time"
            value={window.end}
            path={`windows.${i}.end`}
            issues={issues}
            onChange={(v) => update((d) => void (d.windows[i]!.end = optional(v)))}
          />
          <TextField
            label="Requests a day (empty: no limit)"
            type="number"
            value={window.capacity === undefined ? '' : String(window.capacity)}
            path={`windows.${i}.capacity`}
            issues={issues}
            onChange={(v) =>
              update((d) => void (d.windows[i]!.capacity = v === '' ? undefined : Number(v)))
            }
          />
          <FieldIssues issues={issues} path={`windows.${i}`} />
          <button
            type="button"
            class="danger"
            onClick={() => update((d) => void d.windows.splice(i, 1))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => update((d) => void d.windows.push({ key: 'anytime', label: 'Any time' }))}
      >
        Add a window
      </button>
    </fieldset>
  );
}

export function CalendarEditor({ settings, update, issues }: EditorProps) {
  const closures = (settings.closures ?? [])
    .map((c) => `${c.date}${c.label ? ` ${c.label}` : ''}`)
    .join('\n');
  return (
    <fieldset>
      <legend>Closures and lead time</legend>
      <label>
        Days the office is closed (one per line: YYYY-MM-DD and a label)
        <textarea
          rows={3}
          value={closures}
          onChange={(e) =>
            update((d) => {
              const rows = (e.target as HTMLTextAreaElement).value
                .split('\n')
                .map((line) => line.trim())
                .filter(Boolean)
                .map((line) => {
                  const [date = '', ...label] = line.split(/\s+/);
                  return label.length ? { date, label: label.join(' ') } : { date };
                });
              d.closures = rows.length ? rows : undefined;
            })
          }
        />
      </label>
      {(settings.closures ?? []).map((_, i) => (
        <FieldIssues key={i} issues={issues} path={`closures.${i}.date`} />
      ))}
      <TextField
        label="Earliest request, in hours from now (empty: none)"
        type="number"
        value={settings.leadTime?.minHours === undefined ? '' : String(settings.leadTime.minHours)}
        path="leadTime.minHours"
        issues={issues}
        onChange={(v) =>
          update(
            (d) =>
              void (d.leadTime = {
                ...d.leadTime,
                minHours: v === '' ? undefined : Number(v),
              }),
          )
        }
      />
      <TextField
        label="No same-day requests after (local time, empty: none)"
        type="time"
        value={settings.leadTime?.sameDayCutoff}
        path="leadTime.sameDayCutoff"
        issues={issues}
        onChange={(v) =>
          update((d) => void (d.leadTime = { ...d.leadTime, sameDayCutoff: optional(v) }))
        }
      />
    </fieldset>
  );
}

export function AreaEditor({ settings, update, issues }: EditorProps) {
  return (
    <fieldset>
      <legend>Service area and phones</legend>
      <label
        class={
          settings.serviceAreaZips.some((_, i) => issues.has(`serviceAreaZips.${i}`))
            ? 'has-issue'
            : undefined
        }
      >
        Service-area ZIP codes (paste a list: spaces, commas or lines)
        <textarea
          rows={4}
          value={settings.serviceAreaZips.join(' ')}
          onChange={(e) =>
            update(
              (d) =>
                void (d.serviceAreaZips = (e.target as HTMLTextAreaElement).value
                  .split(/[\s,;]+/)
                  .filter(Boolean)),
            )
          }
        />
      </label>
      {settings.serviceAreaZips.map((_, i) => (
        <FieldIssues key={i} issues={issues} path={`serviceAreaZips.${i}`} />
      ))}
      <TextField
        label="Emergency phone"
        value={settings.emergencyPhone}
        path="emergencyPhone"
        issues={issues}
        onChange={(v) => update((d) => void (d.emergencyPhone = v))}
      />
      <TextField
        label="Office phone (paused and out-of-area cards; empty: the emergency phone)"
        value={settings.officePhone}
        path="officePhone"
        issues={issues}
        onChange={(v) => update((d) => void (d.officePhone = optional(v)))}
      />
      <TextField
        label="Out-of-area message (English)"
        multiline
        value={settings.outOfArea?.text}
        path="outOfArea.text"
        issues={issues}
        onChange={(v) =>
          update((d) => void (d.outOfArea = v.trim() ? { ...d.outOfArea, text: v } : undefined))
        }
      />
      <TextField
        label="Out-of-area message (Spanish)"
        multiline
        value={settings.outOfArea?.textEs}
        path="outOfArea.textEs"
        issues={issues}
        onChange={(v) => update((d) => void (d.outOfArea && (d.outOfArea.textEs = optional(v))))}
      />
    </fieldset>
  );
}

export function ConsentEditor({ settings, update, issues }: EditorProps) {
  return (
    <fieldset>
      <legend>Consent and languages</legend>
      <TextField
        label="Consent text (English), shown next to the SMS opt-in"
        multiline
        value={settings.consent.text}
        path="consent.text"
        issues={issues}
        onChange={(v) => update((d) => void (d.consent.text = v))}
      />
      <TextField
        label="Consent text (Spanish)"
        multiline
        value={settings.consent.textEs}
        path="consent.textEs"
        issues={issues}
        onChange={(v) => update((d) => void (d.consent.textEs = optional(v)))}
      />
      <TextField
        label="Consent version (change it whenever the text changes)"
        value={settings.consent.version}
        path="consent.version"
        issues={issues}
        onChange={(v) => update((d) => void (d.consent.version = v))}
      />
      <div role="group" aria-label="Languages">
        {(['en', 'es'] as const).map((locale) => (
          <label class="check" key={locale}>
            <input
              type="checkbox"
              checked={settings.locales.includes(locale)}
              onChange={(e) =>
                update((d) => {
                  const on = (e.target as HTMLInputElement).checked;
                  const rest = d.locales.filter((l) => l !== locale);
                  d.locales = on
                    ? (['en', 'es'] as const).filter((l) => l === locale || rest.includes(l))
                    : rest;
                })
              }
            />
            {locale === 'en' ? 'English' : 'Spanish'}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Contrast({ a, b, label }: { a: string | undefined; b: string; label: string }) {
  if (!a || !/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(a)) return null;
  const ratio = contrastRatio(a, b);
  return (
    <p class={ratio < MIN_CONTRAST ? 'field-issue' : 'muted small'}>
      {label}: {ratio.toFixed(2)}:1{' '}
      {ratio < MIN_CONTRAST ? `(below ${MIN_CONTRAST}:1)` : '(passes AA)'}
    </p>
  );
}

export function BrandingEditor({ settings, update, issues }: EditorProps) {
  const b = settings.branding;
  const field = (key: keyof typeof b, label: string, type = 'text') => (
    <TextField
      label={label}
      type={type}
      value={b[key]}
      path={`branding.${key}`}
      issues={issues}
      onChange={(v) =>
        update((d) => {
          if (key === 'primaryColor') d.branding.primaryColor = v;
          else d.branding[key] = optional(v);
        })
      }
    />
  );
  return (
    <fieldset>
      <legend>Branding</legend>
      {field('primaryColor', 'Primary colour (buttons, white text on it)')}
      <Contrast a={b.primaryColor} b="#ffffff" label="White button text on it" />
      {field('accentColor', 'Accent colour')}
      {field('textColor', 'Text colour')}
      {field('backgroundColor', 'Background colour')}
      <Contrast
        a={b.textColor ?? '#1c1917'}
        b={b.backgroundColor ?? '#ffffff'}
        label="Text on the background"
      />
      {field('radius', 'Corner radius (e.g. 8px)')}
      {field('fontFamily', 'Font family')}
      {field('logoUrl', 'Logo URL (https://)', 'url')}
      {field('buttonLabel', 'Floating button label')}
    </fieldset>
  );
}
