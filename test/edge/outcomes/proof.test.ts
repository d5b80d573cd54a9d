import { beforeAll, describe, expect, it } from 'vitest';
import { copyDemoTenant, mintOperatorToken } from '../../helpers/ops.ts';
import { ADMIN, bearer, call, getJson } from '../../helpers/api.ts';
import { leadAt, linkJob, postedInvoice, upload } from './support.ts';

const TENANT = 'proof-packet';
const source = (utmSource: string, campaign: string, gclid?: string) => ({
  utm: { source: utmSource, medium: 'cpc', campaign },
  ...(gclid && { clickIds: { gclid } }),
});

type Figures = {
  totals: Record<string, unknown>;
  bySource: Record<string, unknown>[];
  byCampaign: Record<string, unknown>[];
  countedApart: Record<string, unknown>;
  funnelByWeek: {
    week: string;
    leads: number;
    booked: number;
    completed: number;
    invoiced: number;
  }[];
};
type Packet = { period: Figures; baseline: Figures | null; disclaimers: string[] };

beforeAll(async () => {
  await copyDemoTenant(TENANT);
  const a = await leadAt(
    TENANT,
    '2026-05-04T16:00:00.000Z',
    '6025550601',
    'a6@example.com',
    source('google', 'spring', '=1+2'),
  );
  const b = await leadAt(
    TENANT,
    '2026-05-12T16:00:00.000Z',
    '6025550602',
    'b6@example.com',
    source('bing', 'brand'),
  );
  await leadAt(
    TENANT,
    '2026-05-13T16:00:00.000Z',
    '6025550603',
    'c6@example.com',
    source('google', 'brand'),
  );
  await leadAt(
    TENANT,
    '2026-04-06T16:00:00.000Z',
    '6025550604',
    'd6@example.com',
    source('google', 'spring'),
  );
  await linkJob(TENANT, a, {
    job_id: 9601,
    job_status: 'Completed',
    job_at: '2026-05-05T15:00:00.000Z',
  });
  await postedInvoice(TENANT, a, {
    id: 7601,
    jobId: 9601,
    total: '410.00',
    postedAt: '2026-05-06T18:00:00.000Z',
  });
  expect(
    (
      await upload(
        TENANT,
        'jobs',
        `Job ID,Created Date,Status,External ID\r\n9602,5/13/2026,Scheduled,ptj-${b}\r\n9603,5/14/2026,Scheduled,\r\n`,
      )
    ).status,
  ).toBe(201);
});

const query = { tenant: TENANT, from: '2026-05-01', to: '2026-05-31' };

describe('GET /v1/admin/reports/proof', () => {
  let packet: Packet;
  beforeAll(async () => {
    const qs = new URLSearchParams({
      ...query,
      baselineFrom: '2026-04-01',
      baselineTo: '2026-04-30',
    });
    const res = await getJson<Packet>(`/v1/admin/reports/proof?${qs}`);
    expect(res.status).toBe(200);
    packet = res.body;
  });

  it("has the report API's totals and rows, by source and by campaign", async () => {
    for (const groupBy of ['source', 'campaign'] as const) {
      const qs = new URLSearchParams({ ...query, groupBy });
      const report = await getJson<{ rows: unknown[]; totals: unknown }>(
        `/v1/admin/reports/leads?${qs}`,
      );
      expect(packet.period.totals).toEqual(report.body.totals);
      expect(groupBy === 'source' ? packet.period.bySource : packet.period.byCampaign).toEqual(
        report.body.rows,
      );
    }
    expect(packet.period.totals).toMatchObject({ leads: 3, booked: 2, invoiced: 1, revenue: 410 });
    expect(packet.period.totals.sources).toEqual({ webhook: 1, export: 1 });
  });

  it('puts the baseline beside the period, and the funnel by week adds up to the totals', () => {
    expect(packet.baseline?.totals).toMatchObject({ leads: 1, booked: 0 });
    const sum = (k: 'leads' | 'booked' | 'completed' | 'invoiced') =>
      packet.period.funnelByWeek.reduce((n, w) => n + w[k], 0);
    expect(['leads', 'booked', 'completed', 'invoiced'].map((k) => sum(k as 'leads'))).toEqual(
      ['leads', 'booked', 'completed', 'invoiced'].map((k) => packet.period.totals[k]),
    );
    expect(packet.period.funnelByWeek.map((w) => w.week)).toEqual(['2026-05-04', '2026-05-11']);
  });

  it('counts unmatched export rows apart and carries the disclaimers', () => {
    expect(packet.period.countedApart.exportRows).toEqual({
      probablePending: 0,
      probableRejected: 0,
      unmatched: 1,
    });
    expect(packet.disclaimers.join(' ')).toMatch(/not affiliated with or endorsed by ServiceTitan/);
    expect(packet.disclaimers.join(' ')).toMatch(/trademark of its owner/);
  });

  it("is tenant-scoped: another tenant's operator gets 403", async () => {
    await copyDemoTenant('proof-packet-other');
    const other = bearer(await mintOperatorToken('proof-packet-other'));
    const res = await getJson(`/v1/admin/reports/proof?${new URLSearchParams(query)}`, other);
    expect(res.status).toBe(403);
  });

  it('writes conversion cells formula-safe', async () => {
    const qs = new URLSearchParams({
      ...query,
      stage: 'invoiced',
      asOf: '2026-06-01T00:00:00.000Z',
    });
    const res = await call(`/v1/admin/reports/conversions/google-ads.csv?${qs}`, {
      headers: ADMIN,
    });
    const text = await res.text();
    expect(text).toContain("\r\n'=1+2,");
    expect(text).not.toContain('\r\n=1+2');
  });
});
