/**
 * @module
 * The widget settings' "Unfinished requests and bot checks" part: whether the widget sends what a
 * visitor typed when they leave (with the disclosure it shows and how long such requests are
 * kept), and Cloudflare Turnstile (off unless a site key is set). See docs/security.md.
 */
import {
  DEFAULT_UNFINISHED_DISCLOSURE,
  DEFAULT_UNFINISHED_RETENTION_DAYS,
} from '../../../../shared/tenant-settings.ts';
import { TURNSTILE_MODES } from '../../../../shared/config.ts';
import type { EditorProps } from './editors.tsx';
import { FieldIssues, optional, TextField } from './fields.tsx';

export function CaptureEditor({ settings, update, issues }: EditorProps) {
  const disclosure = settings.unfinishedDisclosure;
  const setDisclosure = (key: 'text' | 'textEs', value: string) =>
    update((d) => {
      const next = { text: d.unfinishedDisclosure?.text ?? '', ...d.unfinishedDisclosure };
      next[key] = value;
      // Both blank: back to the default text.
      d.unfinishedDisclosure = next.text.trim() || next.textEs?.trim() ? next : undefined;
    });
  return (
    <fieldset>
      <legend>Unfinished requests and bot checks</legend>
      <label class="check">
        <input
          type="checkbox"
          checked={settings.captureUnfinished === true}
          onChange={(e) =>
            update(
              (d) =>
                void (d.captureUnfinished = (e.target as HTMLInputElement).checked || undefined),
            )
          }
        />
        Capture unfinished requests (a visitor who typed a phone or email and left is listed under
        Unfinished; the widget shows the disclosure below next to the contact fields)
      </label>
      <TextField
        label={`Disclosure (English; empty: "${DEFAULT_UNFINISHED_DISCLOSURE.text}")`}
        value={disclosure?.text}
        path="unfinishedDisclosure.text"
        issues={issues}
        onChange={(v) => setDisclosure('text', v)}
      />
      <TextField
        label={`Disclosure (Spanish; empty: "${DEFAULT_UNFINISHED_DISCLOSURE.textEs}")`}
        value={disclosure?.textEs}
        path="unfinishedDisclosure.textEs"
        issues={issues}
        onChange={(v) => setDisclosure('textEs', v)}
      />
      <TextField
        label={`Keep unfinished requests never finished for (days, 1–365; empty: ${DEFAULT_UNFINISHED_RETENTION_DAYS})`}
        type="number"
        value={settings.unfinishedRetentionDays?.toString()}
        path="unfinishedRetentionDays"
        issues={issues}
        onChange={(v) =>
          update((d) => void (d.unfinishedRetentionDays = v.trim() ? Number(v) : undefined))
        }
      />
      <TextField
        label="Cloudflare Turnstile site key (empty: Turnstile off; it loads a Cloudflare script on the page)"
        value={settings.turnstile?.siteKey}
        path="turnstile.siteKey"
        issues={issues}
        onChange={(v) =>
          update((d) => {
            const siteKey = optional(v);
            d.turnstile = siteKey ? { mode: d.turnstile?.mode ?? 'managed', siteKey } : undefined;
          })
        }
      />
      {settings.turnstile && (
        <div role="group" aria-label="Turnstile mode">
          {TURNSTILE_MODES.map((mode) => (
            <label class="check" key={mode}>
              <input
                type="radio"
                name="turnstile-mode"
                checked={settings.turnstile?.mode === mode}
                onChange={() => update((d) => void (d.turnstile && (d.turnstile.mode = mode)))}
              />
              {mode === 'managed' ? 'Managed (a checkbox when needed)' : 'Invisible'}
            </label>
          ))}
          <FieldIssues issues={issues} path="turnstile.mode" />
        </div>
      )}
    </fieldset>
  );
}
