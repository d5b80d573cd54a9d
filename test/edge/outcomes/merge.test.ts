import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, sendJson } from '../../helpers/api.ts';
import { copyDemoTenant } from '../../helpers/ops.ts';
import { leadAt, linkJob, postedInvoice, upload, type ImportResult } from './support.ts';

const TENANT = 'proof-merge';
const ids: Record<string, string> = {};
const utm = (source: string) => ({ utm: { source, medium: 'cpc', campaign: 'spring' } });

type Row = Record<string, unknown> & { key: string };
async function report() {
  const qs = new URLSearchParams({ tenant: TENANT, from: '2026-04-01', to: '2026-04-30' });
  const res = await getJson<{ rows: Row[]; totals: Row; exportRows: Record<string, number> }>(
    `/v1/admin/reports/leads?${qs}`,
  );
  expect(res.status).toBe(200);
  return res.body;
}

beforeAll(async () => {
  await copyDemoTenant(TENANT);
  ids.hook = await leadAt(
    TENANT,
    '2026-04-02T16:00:00.000Z',
    '6025550401',
    'a@example.com',
    utm('google'),
  );
  ids.maybe = await leadAt(
    TENANT,
    '2026-04-03T16:00:00.000Z',
    '6025550402',
    'b@example.com',
    utm('bing'),
  );
  await linkJob(TENANT, ids.hook!, { job_id: 9101, job_status: 'Completed' });
  await postedInvoice(TENANT, ids.hook!, {
    id: 7001,
    jobId: 9101,
    total: '300.00',
    postedAt: '2026-04-05T18:00:00.000Z',
  });
});

describe('webhook and export outcomes for the same job', () => {
  let probableBatch: string;

  beforeAll(async () => {
    const jobs = await upload(
      TENANT,
      'jobs',
      'Job ID,Created Date,Status,Phone\r\n9101,4/2/2026,Completed,\r\n9102,4/4/2026,Completed,602-555-0402\r\n9103,4/4/2026,Completed,\r\n',
    );
    expect(jobs.status).toBe(201);
    probableBatch = ((await jobs.json()) as ImportResult).batch.id;
    const invoices = await upload(
      TENANT,
      'invoices',
      'Invoice #,Job ID,Invoice Date,Total\r\n7001,9101,4/5/2026,300.00\r\n7002,9101,4/6/2026,50.00\r\n7003,9102,4/6/2026,80.00\r\n',
    );
    expect(invoices.status).toBe(201);
    const body = (await invoices.json()) as ImportResult;
    expect(body.outcomes.map((o) => [o.recordId, o.quality, o.reason])).toEqual([
      [7001, 'exact', 'webhook_job'],
      [7002, 'exact', 'webhook_job'],
      // Job 9102 is only a probable match so far: its invoice waits with it.
      [7003, 'none', null],
    ]);
  });

  it('merge without double counting: the webhook-posted invoice counts once', async () => {
    const r = await report();
    const google = r.rows.find((row) => row.key === 'google');
    expect(google).toMatchObject({
      leads: 1,
      booked: 1,
      completed: 1,
      invoiced: 1,
      revenue: 350,
      sources: { webhook: 1, export: 1 },
      confirmedProbable: 0,
    });
    // The probable match does not count until an operator confirms it.
    expect(r.rows.find((row) => row.key === 'bing')).toMatchObject({ booked: 0, revenue: 0 });
    expect(r.exportRows).toEqual({ probablePending: 1, probableRejected: 0, unmatched: 2 });
  });

  it('counts a probable match once confirmed, labelled as such', async () => {
    const res = await sendJson(
      'POST',
      `/v1/admin/outcomes/${TENANT}/imports/${probableBatch}/review`,
      {
        decisions: [{ recordId: 9102, decision: 'confirm' }],
      },
    );
    expect(res.status).toBe(200);
    const r = await report();
    expect(r.rows.find((row) => row.key === 'bing')).toMatchObject({
      booked: 1,
      completed: 1,
      // Invoice 7003 of job 9102 matched no lead when imported; it follows its confirmed job.
      invoiced: 1,
      revenue: 80,
      sources: { webhook: 0, export: 1 },
      confirmedProbable: 1,
    });
    expect(r.totals).toMatchObject({ booked: 2, revenue: 430 });
    expect(r.exportRows).toEqual({ probablePending: 0, probableRejected: 0, unmatched: 1 });
  });
});
