/**
 * @module
 * A Node-side client of a running worker, for the HTTP suites and the benchmarks: visitors with
 * their own addresses, lead submission, the operator's full lead list, and a bounded worker pool.
 */
import type { DevServer } from '../../servers/wrangler-dev.ts';

/**
 * A distinct client address per simulated visitor. `wrangler dev` passes a client-supplied
 * `CF-Connecting-IP` through to the worker, so each visitor gets its own rate-limit bucket, as
 * real visitors behind their own connections do.
 */
export function visitorIp(visitor: number): string {
  return `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
}

export interface LeadAnswer {
  status: number;
  body: { leadId?: string; status?: string; duplicate?: boolean; error?: string };
}

/** A lead over real HTTP to a running `wrangler dev` (test/helpers/api.ts calls inside workerd). */
export async function postLeadTo(origin: string, lead: unknown, ip: string): Promise<LeadAnswer> {
  const res = await fetch(`${origin}/v1/leads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
    body: JSON.stringify(lead),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as LeadAnswer['body'] };
  } catch {
    // Not the worker's JSON (e.g. a wrangler error page): keep it readable in the failure.
    return { status: res.status, body: { error: `non-JSON answer: ${text.slice(0, 300)}` } };
  }
}

export interface ListedLead {
  id: string;
  submissionId: string;
  ingestPath: string;
}

/** Every row of an admin list (`/v1/admin/...`), following its keyset pages. */
export async function listAll<T>(
  server: DevServer,
  path: string,
  key: string,
  filters: Record<string, string> = {},
): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ ...filters, limit: '100', ...(cursor && { cursor }) });
    const res = await fetch(`${server.origin}${path}?${query}`, { headers: server.admin });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as Record<string, unknown> & { nextCursor: string | null };
    rows.push(...(page[key] as T[]));
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

export function listAllLeads(server: DevServer, tenant = 'desert-peak'): Promise<ListedLead[]> {
  return listAll<ListedLead>(server, '/v1/admin/leads', 'leads', { tenant });
}

/** Runs `task` over `items` with at most `concurrency` in flight; results keep the input order. */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
