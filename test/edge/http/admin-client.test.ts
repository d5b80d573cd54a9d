/**
 * @module
 * The typed admin client (shared/admin-api.ts, what the console and the CLIs call) against the
 * real route table: every read the console makes reaches its route (paths, path params, regex
 * params like `:version{[0-9]+}`, `leads.csv`) and answers with the fields the console reads. The
 * shapes themselves are checked at compile time: this file, the console and the CLIs are
 * type-checked against `AppType`, so a renamed route or field fails `npm run typecheck`; the
 * `expectTypeOf` lines pin the fields the console once read wrongly (issue 15: `bookingId`,
 * `sentAt`).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { InferResponseType } from 'hono/client';
import { adminApi, read, withJson, withQuery } from '../../../shared/admin-api.ts';
import { ADMIN, BASE, call, postLead } from '../../helpers/api.ts';

const api = adminApi(BASE, async (input, init) => {
  const headers = new Headers(init?.headers);
  for (const [key, value] of Object.entries(ADMIN)) headers.set(key, value);
  const url = new URL(input instanceof Request ? input.url : String(input));
  const res = await call(`${url.pathname}${url.search}`, { ...init, headers });
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url.pathname}: ${res.status}`);
  return res;
});

const tenant = 'desert-peak';
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The console's default period: the last 30 days up to today. */
const lastMonth = () => ({ from: day(Date.now() - 29 * 86_400_000), to: day(Date.now()) });
const param = { tenant };

type SyncJob = InferResponseType<(typeof api)['sync-jobs'][':id']['$get']>['syncJob'];

describe('the typed admin client', () => {
  it('types what the edge sends for a sync job, including bookingId and sentAt', () => {
    expectTypeOf<SyncJob['bookingId']>().toEqualTypeOf<number | null>();
    expectTypeOf<SyncJob['sentAt']>().toEqualTypeOf<string | null>();
  });

  it('reaches every route the console reads and gets the fields it shows', async () => {
    const leadId = await postLead();
    const me = await read(api.tokens.current.$get());
    expect(me.principal.kind).toBe('admin');

    const { leads } = await read(api.leads.$get({ query: { tenant, limit: 5 } }));
    expect(leads.map((l) => l.id)).toContain(leadId);
    const detail = await read(api.leads[':id'].$get({ param: { id: leadId } }));
    expect(detail.lead.id).toBe(leadId);
    const job = detail.syncJobs[0];
    expect(job).toBeDefined();
    const { syncJob } = await read(api['sync-jobs'][':id'].$get({ param: { id: job!.id } }));
    expect(syncJob).toMatchObject({ leadId, bookingId: null, sentAt: null });
    const { syncJobs } = await read(api['sync-jobs'].$get({ query: { tenant } }));
    expect(syncJobs.map((j) => j.id)).toContain(syncJob.id);

    const { tenant: summary } = await read(api.tenants[':tenant'].$get({ param }));
    expect(summary.slug).toBe(tenant);
    const config = api.tenants[':tenant'].config;
    expect((await read(config.draft.$get({ param }))).config.services.length).toBeGreaterThan(0);
    expect(Array.isArray((await read(config.diff.$get({ param }))).changes)).toBe(true);
    const { versions } = await read(config.versions.$get({ param }));
    const version = String(versions[0]!.version);
    const published = await read(
      config.versions[':version{[0-9]+}'].$get({ param: { tenant, version } }),
    );
    expect(published.version).toBe(versions[0]!.version);

    const { connection } = await read(api.connections[':tenant'].$get({ param }));
    expect(connection.gates.length).toBeGreaterThan(0);
    const coverage = await read(api['titan-map'].tenants[':tenant'].coverage.$get({ param }));
    expect(coverage.offered).toBeGreaterThan(0);
    const { items } = await read(api['titan-map'].tenants[':tenant'].taxonomy.$get({ param }));
    expect(items.length).toBeGreaterThan(0);
    expect(
      (await read(api['titan-map']['drift-findings'].$get({ query: { tenant } }))).findings,
    ).toBeInstanceOf(Array);

    const report = await read(
      api.reports.leads.$get({
        query: { tenant, ...lastMonth(), groupBy: 'source' },
      }),
    );
    expect(report.totals.leads).toBeGreaterThan(0);
    const proof = await read(api.reports.proof.$get({ query: { tenant, ...lastMonth() } }));
    expect(proof.period.funnelByWeek).toBeInstanceOf(Array);
    const csv = await api.reports['leads.csv'].$get({ query: { tenant } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    await csv.body?.cancel();
    const conversions = api.reports.conversions;
    const names = await read(conversions.settings.$get({ query: { tenant } }));
    expect(names.currency).toMatch(/^[A-Z]{3}$/);
    const file = await read(
      conversions[':file'].$get(
        withQuery({ param: { file: 'google-ads' } }, { tenant, stage: 'invoiced', ...lastMonth() }),
      ),
    );
    expect(typeof file !== 'string' && file.excluded).toBeTruthy();
    const { imports } = await read(api.outcomes[':tenant'].imports.$get({ param }));
    expect(imports).toBeInstanceOf(Array);

    expect((await read(api['webhook-events'].$get({ query: { tenant } }))).events).toBeInstanceOf(
      Array,
    );
    expect(
      (await read(api['webhook-rejections'].$get({ query: { tenant } }))).rejections,
    ).toBeInstanceOf(Array);
    expect((await read(api['webhook-secrets'][':tenant'].$get({ param }))).secrets).toBeInstanceOf(
      Array,
    );
    expect(
      (await read(api.notifications[':tenant'].channels.$get({ param }))).channels,
    ).toBeInstanceOf(Array);
    const deliveries = await read(
      api.notifications[':tenant'].deliveries.$get(withQuery({ param }, { status: 'failed' })),
    );
    expect(deliveries.deliveries).toBeInstanceOf(Array);
    const { retention } = await read(api.lifecycle.retention.$get({ query: { tenant } }));
    expect(retention[0]?.tenant).toBe(tenant);
    expect((await read(api.tokens.$get({ query: { tenant } }))).tokens).toBeInstanceOf(Array);
  });

  it('sends a JSON body the route validates, and a 204 reads as undefined', async () => {
    const channels = api.notifications[':tenant'].channels;
    const { channel } = await read(
      channels.$post({ param }, withJson({ kind: 'email', to: ['office@example.com'] })),
    );
    expect(channel?.kind === 'email' && channel.to).toEqual(['office@example.com']);
    const id = channel?.id ?? '';
    const gone = await read(channels[':id'].$delete({ param: { tenant, id } }));
    expect(gone).toBeUndefined();
  });
});
