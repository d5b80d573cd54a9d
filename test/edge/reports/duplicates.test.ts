/**
 * Report duplicates compare phones in E.164: a Budapest number and the Corpus Christi number with
 * the same digits are two people; the same number with an extension is the same person.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, expect, it } from 'vitest';
import { getJson, postLead } from '../../helpers/api.ts';
import { contact, copyDemoTenant } from '../../helpers/ops.ts';

const TENANT = 'dup-phone-co';
const DAY = '2026-03-11';

beforeAll(async () => {
  await copyDemoTenant(TENANT);
  // [source, phone, email, time]: the utm source names each lead in the report.
  const leads = [
    ['budapest', '+36 1 234 5678', 'budapest@example.com', '08:00'],
    ['corpus', '(361) 234-5678', 'corpus@example.com', '09:00'],
    ['corpus-ext', '361.234.5678 ext 2', 'corpus.office@example.com', '10:00'],
  ] as const;
  for (const [source, phone, email, time] of leads) {
    const id = await postLead({
      tenant: TENANT,
      source: { utm: { source, medium: 'cpc', campaign: 'x' } },
      ...contact(phone, email),
    });
    await env.DB.prepare('UPDATE leads SET received_at = ? WHERE id = ?')
      .bind(`${DAY}T${time}:00.000Z`, id)
      .run();
  }
});

it('counts a foreign number apart from the US number with the same digits, extensions ignored', async () => {
  const qs = new URLSearchParams({ tenant: TENANT, from: DAY, to: DAY, groupBy: 'source' });
  const res = await getJson<{ rows: { key: string; leads: number; duplicates: number }[] }>(
    `/v1/admin/reports/leads?${qs}`,
  );
  expect(res.status).toBe(200);
  const counts = res.body.rows.map(({ key, leads, duplicates }) => ({ key, leads, duplicates }));
  expect(counts.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
    { key: 'budapest', leads: 1, duplicates: 0 },
    { key: 'corpus', leads: 1, duplicates: 0 },
    // The same number with an extension: the same person asking again.
    { key: 'corpus-ext', leads: 0, duplicates: 1 },
  ]);
});
