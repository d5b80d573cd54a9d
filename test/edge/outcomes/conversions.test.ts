import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../edge/lib/encoding.ts';
import { normaliseEmail, normalisePhone } from '../../../edge/reports/conversions/hash.ts';
import googleAds from '../../fixtures/conversions/google-ads-invoiced.csv?raw';
import googleEnhanced from '../../fixtures/conversions/google-ads-enhanced-invoiced.csv?raw';
import microsoftAds from '../../fixtures/conversions/microsoft-ads-booked.csv?raw';
import { ADMIN, bearer, call, getJson, postLead, sendJson } from '../../helpers/api.ts';
import { copyDemoTenant, mintOperatorToken } from '../../helpers/ops.ts';
import { leadAt, linkJob, postedInvoice, upload } from './support.ts';

const TENANT = 'proof-conv';
const ids: Record<string, string> = {};
const RANGE = {
  tenant: TENANT,
  from: '2025-10-01',
  to: '2026-03-31',
  asOf: '2026-03-20T00:00:00.000Z',
};
const clicks = (clickIds: Record<string, string>) => ({
  utm: { source: 'google', campaign: 'spring' },
  clickIds,
});

function file(
  name: string,
  params: Record<string, string>,
  headers: Record<string, string> = ADMIN,
) {
  return call(
    `/v1/admin/reports/conversions/${name}?${new URLSearchParams({ ...RANGE, ...params })}`,
    { headers },
  );
}

beforeAll(async () => {
  await copyDemoTenant(TENANT);
  ids.l1 = await leadAt(
    TENANT,
    '2026-03-02T16:00:00.000Z',
    '6025550501',
    ' Jane.Doe@Gmail.com',
    clicks({ gclid: 'Cj0KCQ_test1' }),
  );
  ids.l2 = await leadAt(
    TENANT,
    '2026-03-02T17:00:00.000Z',
    '6025550502',
    'gb@example.com',
    clicks({ gbraid: 'GB_test2' }),
  );
  ids.l3 = await leadAt(
    TENANT,
    '2026-03-04T16:00:00.000Z',
    '6025550503',
    'ms@example.com',
    clicks({ msclkid: 'msclk3' }),
  );
  ids.l4 = await leadAt(
    TENANT,
    '2025-10-01T16:00:00.000Z',
    '6025550504',
    'old@example.com',
    clicks({ gclid: 'Cj0KCQ_old' }),
  );
  ids.l5 = await leadAt(TENANT, '2026-03-03T16:00:00.000Z', '6025550505', 'none@example.com');
  const spam = await postLead({
    tenant: TENANT,
    source: clicks({ gclid: 'Cj0KCQ_spam' }),
    hp: 'http://spam.example',
  });
  await env.DB.prepare('UPDATE leads SET received_at = ? WHERE id = ?')
    .bind('2026-03-02T18:00:00.000Z', spam)
    .run();

  await linkJob(TENANT, ids.l1!, { job_id: 9101, job_at: '2026-03-03T15:00:00.000Z' });
  await postedInvoice(TENANT, ids.l1!, {
    id: 7101,
    jobId: 9101,
    total: '350.00',
    postedAt: '2026-03-05T18:30:00.000Z',
  });
  await linkJob(TENANT, ids.l3!, { job_id: 9303, job_at: '2026-03-04T20:15:00.000Z' });
  await linkJob(TENANT, ids.l4!, { job_id: 9404, job_at: '2025-10-02T15:00:00.000Z' });
  await postedInvoice(TENANT, ids.l4!, {
    id: 7404,
    jobId: 9404,
    total: '99.00',
    postedAt: '2025-10-05T18:00:00.000Z',
  });
  await linkJob(TENANT, ids.l5!, { job_id: 9505, job_at: '2026-03-04T15:00:00.000Z' });
  await postedInvoice(TENANT, ids.l5!, {
    id: 7505,
    jobId: 9505,
    total: '80.00',
    postedAt: '2026-03-07T17:00:00.000Z',
  });
  expect(
    (
      await upload(
        TENANT,
        'jobs',
        `Job ID,Created Date,External ID\r\n9202,3/4/2026,ptj-${ids.l2}\r\n`,
      )
    ).status,
  ).toBe(201);
  expect(
    (
      await upload(
        TENANT,
        'invoices',
        'Invoice ID,Job ID,Invoice Date,Total\r\n7202,9202,3/6/2026,120.00\r\n',
      )
    ).status,
  ).toBe(201);
  const saved = await sendJson('PUT', `/v1/admin/reports/conversions/settings?tenant=${TENANT}`, {
    names: { invoiced: 'Invoiced job (PTJ)' },
  });
  expect(saved.status).toBe(200);
});

describe('hashing as Google documents it', () => {
  it('normalises email and phone per the published rules', async () => {
    expect(normaliseEmail('  Jane.Doe@Gmail.com ')).toBe('janedoe@gmail.com');
    expect(normaliseEmail('jane.doe@googlemail.com')).toBe('janedoe@googlemail.com');
    expect(normaliseEmail('Jane.Doe@Example.com')).toBe('jane.doe@example.com');
    expect(normalisePhone(' +1 (800) 555-0100 ')).toBe('+18005550100');
    // Google's documentation example: the SHA-256 of "test@gmail.com".
    expect(await sha256Hex(normaliseEmail('Test@Gmail.com'))).toBe(
      '87924606b4131a8aceeeae8868531fbb9712aaa07a5d3a756b26ce0f5d6ca674',
    );
  });
});

describe('conversion files', () => {
  it('Google Ads click conversions: byte-equal to the template fixture, value from invoices', async () => {
    const res = await file('google-ads.csv', { stage: 'invoiced' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(googleAds);
    expect(res.headers.get('x-conversions-excluded')).toBe(
      'spam=1, test=0, stageNotReached=1, noClickId=2, tooOld=1, unmatchedOutcomes=0, probablePending=0',
    );
  });

  it('lists gbraid/wbraid leads apart in the JSON, with sources and quality on every row', async () => {
    const res = await getJson<Record<string, any>>(
      `/v1/admin/reports/conversions/google-ads?${new URLSearchParams({ ...RANGE, stage: 'invoiced' })}`,
    );
    expect(res.body.listedSeparately).toEqual([
      { leadId: ids.l2, gbraid: 'GB_test2', time: '2026-03-06 12:00:00' },
    ]);
    expect(res.body.rows).toEqual([
      expect.objectContaining({ leadId: ids.l1, sources: ['webhook'], quality: 'exact' }),
    ]);
    expect(res.body.excludedReasons.tooOld).toMatch(/older/);
  });

  it('enhanced conversions: hashed email and phone only, byte-equal to the fixture', async () => {
    const res = await file('google-ads-enhanced.csv', { stage: 'invoiced' });
    const text = await res.text();
    expect(text).toBe(googleEnhanced);
    expect(text).not.toMatch(/@|602/);
  });

  it('Microsoft Advertising offline conversions by msclkid, byte-equal to the fixture', async () => {
    const res = await file('microsoft-ads.csv', { stage: 'booked' });
    expect(await res.text()).toBe(microsoftAds);
  });

  it('refuses an unknown file and bad input with the field path; keeps tenants apart', async () => {
    const unknown = await file('meta-ads.csv', { stage: 'booked' });
    expect(unknown.status).toBe(404);
    const bad = await file('google-ads.csv', { stage: 'paid' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: unknown[] }[] }).issues[0]?.path).toContain(
      'stage',
    );
    await copyDemoTenant('proof-conv-other');
    const other = bearer(await mintOperatorToken('proof-conv-other'));
    expect((await file('google-ads.csv', { stage: 'invoiced' }, other)).status).toBe(403);
  });
});
