/**
 * @module
 * Small shared pieces of the console: loading, error and empty states, badges, times, days and
 * money, JSON blocks, and `useAction` for buttons and forms that change something.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiFailure } from './api.ts';
import { toFailure, type Resource } from './resource.ts';

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" class="muted">
      Loading {what}…
    </p>
  );
}

export function ErrorNotice({ error, onRetry }: { error: ApiFailure; onRetry?: () => void }) {
  return (
    <div role="alert" class="notice error">
      <p>
        <strong>{error.message}</strong> {error.hint}
      </p>
      {error.issues.length > 0 && (
        <ul>
          {error.issues.map((issue) => (
            <li key={issue.path.join('.')}>
              <code>{issue.path.join('.') || 'body'}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="notice empty">{children}</div>;
}

/** Renders a resource's loading and error states, and `children(data)` once it has loaded. */
export function Load<T>({
  resource,
  what,
  children,
}: {
  resource: Resource<T>;
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  if (resource.error) return <ErrorNotice error={resource.error} onRetry={resource.reload} />;
  if (resource.data === undefined) return <Loading what={what} />;
  return <>{children(resource.data)}</>;
}

export function Badge({ value }: { value: string | null | undefined }) {
  if (!value) return <span class="muted">—</span>;
  return (
    <span class={`badge badge-${value.replace(/[^a-z_-]/gi, '')}`}>{value.replace(/_/g, ' ')}</span>
  );
}

export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span class="muted">—</span>;
  return <time dateTime={iso}>{new Date(iso).toLocaleString()}</time>;
}

/** The local day (YYYY-MM-DD) `offsetDays` from today: the default ends of a report period. */
export function localDay(offsetDays: number): string {
  const date = new Date();
  date.setDate(date.getDate() + offsetDays);
  return date.toLocaleDateString('en-CA');
}

/** An amount in currency units, two decimals, in the operator's locale. */
export const money = (n: number) =>
  n.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Pretty JSON; focusable, since a long value scrolls and keyboard users must reach it. */
export function Json({ value }: { value: unknown }) {
  return (
    <pre class="json" tabIndex={0}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export function Text({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === '') return <span class="muted">—</span>;
  if (typeof value === 'boolean') return <>{value ? 'yes' : 'no'}</>;
  return <>{String(value)}</>;
}

/** A definition list of label → value rows. */
export function Facts({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface Action {
  busy: boolean;
  error: ApiFailure | undefined;
  done: string | undefined;
  /** Runs `work`; on success shows `doneMessage` and calls `after` (e.g. a reload). */
  run: (work: () => Promise<unknown>, doneMessage: string, after?: () => void) => Promise<boolean>;
}

export function useAction(): Action {
  const [state, setState] = useState<{ busy: boolean; error?: ApiFailure; done?: string }>({
    busy: false,
  });
  return {
    ...state,
    error: state.error,
    done: state.done,
    run: async (work, doneMessage, after) => {
      setState({ busy: true });
      try {
        await work();
        setState({ busy: false, done: doneMessage });
        after?.();
        return true;
      } catch (err) {
        setState({ busy: false, error: toFailure(err) });
        return false;
      }
    },
  };
}

/** What an action said last: its error, or its success message (announced politely). */
export function ActionResult({ action }: { action: Action }) {
  if (action.error) return <ErrorNotice error={action.error} />;
  return (
    <p role="status" class="done">
      {action.done ?? ''}
    </p>
  );
}
