/**
 * @module
 * Keyset-paginated admin lists (`nextCursor`): the first page loads with the view, "Load more"
 * appends the next one. Changing the filters starts over.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Query } from './api.ts';
import { useResource } from './resource.ts';
import { ErrorNotice, Load, useAction } from './ui.tsx';

export function PagedList<P extends { nextCursor: string | null }, T>({
  load,
  query,
  items: itemsOf,
  what,
  empty,
  children,
}: {
  /** One page of the list: a typed client call with `query` and the cursor added. */
  load: (query: Query) => Promise<P>;
  query: Query;
  /** The page's items, e.g. `(page) => page.leads`. */
  items: (page: P) => T[];
  what: string;
  empty: ComponentChildren;
  children: (items: T[], reload: () => void) => ComponentChildren;
}) {
  const key = JSON.stringify(query);
  const first = useResource(() => load(query), [key]);
  const [more, setMore] = useState<{ key: string; items: T[]; next: string | null }>();
  const extra = more?.key === key ? more : undefined;
  const loading = useAction();
  return (
    <Load resource={first} what={what}>
      {(page) => {
        const items = [...itemsOf(page), ...(extra?.items ?? [])];
        const next = extra ? extra.next : page.nextCursor;
        if (items.length === 0) return <>{empty}</>;
        const loadMore = () =>
          loading.run(async () => {
            const res = await load({ ...query, cursor: next });
            setMore({
              key,
              items: [...(extra?.items ?? []), ...itemsOf(res)],
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
