/**
 * @module
 * Keyset-paginated admin lists (`nextCursor`): the first page loads with the view, "Load more"
 * appends the next one. Changing the filters starts over.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, type Query } from './api.ts';
import { useResource } from './resource.ts';
import { ErrorNotice, Load, useAction } from './ui.tsx';

type PageBody = Record<string, unknown> & { nextCursor: string | null };

export function PagedList<T>({
  path,
  query,
  field,
  what,
  empty,
  children,
}: {
  path: string;
  query: Query;
  /** The response field holding the items, e.g. "leads". */
  field: string;
  what: string;
  empty: ComponentChildren;
  children: (items: T[], reload: () => void) => ComponentChildren;
}) {
  const key = JSON.stringify([path, query]);
  const first = useResource(() => api<PageBody>(path, { query }), [key]);
  const [more, setMore] = useState<{ key: string; items: T[]; next: string | null }>();
  const extra = more?.key === key ? more : undefined;
  const loading = useAction();
  return (
    <Load resource={first} what={what}>
      {(page) => {
        const items = [...(page[field] as T[]), ...(extra?.items ?? [])];
        const next = extra ? extra.next : page.nextCursor;
        if (items.length === 0) return <>{empty}</>;
        const loadMore = () =>
          loading.run(async () => {
            const res = await api<PageBody>(path, { query: { ...query, cursor: next } });
            setMore({
              key,
              items: [...(extra?.items ?? []), ...(res[field] as T[])],
              next: res.nextCursor,
            });
          }, '');
        const reload = () => {
          setMore(undefined);
          first.reload();
        };
        return (
          <>
            {children(items, reload)}
            {next && (
              <button type="button" disabled={loading.busy} onClick={() => void loadMore()}>
                {loading.busy ? 'Loading…' : 'Load more'}
              </button>
            )}
            {loading.error && <ErrorNotice error={loading.error} />}
          </>
        );
      }}
    </Load>
  );
}
