/**
 * @module
 * Form pieces of the widget settings editor: labelled inputs bound to one value, and the issue
 * (from the shared rules or the API's 422) shown next to the field its path names.
 */
import type { ComponentChildren } from 'preact';
import type { Issue } from '../../../../shared/api.ts';

export type Issues = Map<string, Issue[]>;

export function byPath(issues: Issue[]): Issues {
  const map: Issues = new Map();
  for (const issue of issues) {
    const key = issue.path.join('.');
    map.set(key, [...(map.get(key) ?? []), issue]);
  }
  return map;
}

/** The issues of exactly this path, announced with the field (aria-describedby). */
export function FieldIssues({ issues, path }: { issues: Issues; path: string }) {
  const found = issues.get(path);
  if (!found) return null;
  return (
    <span class="field-issue" id={`issue-${path}`} role="alert">
      {found.map((issue) => issue.message).join('; ')}
    </span>
  );
}

export function TextField(props: {
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  issues: Issues;
  path: string;
  type?: string;
  multiline?: boolean;
  children?: ComponentChildren;
}) {
  const { label, value, onChange, issues, path } = props;
  const described = issues.has(path) ? `issue-${path}` : undefined;
  const onInput = (e: Event) => onChange((e.target as HTMLInputElement).value);
  return (
    <label class={issues.has(path) ? 'has-issue' : undefined}>
      {label}
      {props.multiline ? (
        <textarea rows={3} value={value ?? ''} onInput={onInput} aria-describedby={described} />
      ) : (
        <input
          type={props.type ?? 'text'}
          value={value ?? ''}
          onInput={onInput}
          aria-describedby={described}
          aria-invalid={issues.has(path) || undefined}
        />
      )}
      {props.children}
      <FieldIssues issues={issues} path={path} />
    </label>
  );
}

/** `undefined` for an empty input, so optional settings are left out instead of stored blank. */
export const optional = (value: string) => (value.trim() === '' ? undefined : value);

/** The entries of a pasted list (one per line or comma-separated), trimmed, blanks dropped. */
export const listOf = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
