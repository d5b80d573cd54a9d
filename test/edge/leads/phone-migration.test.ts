/**
 * Migration 0009 moves stored phones to E.164: rows are written as the old intake stored them
 * (10 NANP digits), then the migration's statements run again over them.
 */
import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { ADMIN, call, postJson } from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';

/** A lead stored as before 0009: `typed` in the raw body, `stored` in contact_phone. */
async function oldLead(typed: string, stored: string | null): Promise<string> {
  const res = await postJson(
    '/v1/leads',
    demoLead({ contact: { name: 'Old', phone: typed, email: 'old@example.com' } }),
  );
  const { leadId } = (await res.json()) as { leadId: string };
  await env.DB.prepare(
    `UPDATE leads SET contact_phone = ?2, status = 'received', review_reasons = '[]',
            raw = json_set(raw, '$.contact.phone', ?3) WHERE id = ?1`,
  )
    .bind(leadId, stored, typed)
    .run();
  return leadId;
}

async function stored(id: string) {
  const res = await call(`/v1/admin/leads/${id}`, { headers: ADMIN });
  const { lead } = (await res.json()) as { lead: Record<string, unknown> };
  return { phone: lead.contactPhone, status: lead.status, reasons: lead.reviewReasons };
}

it('stores every old number in E.164 and gives misread foreign numbers their country back', async () => {
  const us = await oldLead('(602) 555-0142', '6025550142');
  const usWithCode = await oldLead('+1 602 555 0143', '6025550143');
  const budapest = await oldLead('+36 1 234 5678', '3612345678');
  const corpusChristi = await oldLead('(361) 234-5678', '3612345678');
  const emailOnly = await oldLead('', null);

  const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0009'))!;
  const updates = migration.queries.filter((q) => !/ALTER TABLE/i.test(q));
  expect(updates.length).toBeGreaterThan(0);
  await env.DB.batch(updates.map((q) => env.DB.prepare(q)));

  const received = { status: 'received', reasons: [] };
  expect(await stored(us)).toEqual({ phone: '+16025550142', ...received });
  expect(await stored(usWithCode)).toEqual({ phone: '+16025550143', ...received });
  expect(await stored(corpusChristi)).toEqual({ phone: '+13612345678', ...received });
  expect(await stored(budapest)).toEqual({
    phone: '+3612345678',
    status: 'needs_review',
    reasons: ['international_phone'],
  });
  expect((await stored(emailOnly)).phone).toBeNull();
});
