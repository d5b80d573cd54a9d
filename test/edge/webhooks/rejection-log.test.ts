/**
 * The webhook rejection log cannot be filled by a flood (issue 12 item 7): rejections of one
 * (tenant, reason, client address, minute) share a row with a count, a tenant's rows per UTC day
 * are capped (past the cap each reason folds into one overflow row), slugs that name no tenant
 * share one cap, and the admin list still shows every reason with its count.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { recordRejection, type Rejection } from '../../../edge/webhooks/db/rejections.ts';
import { ADMIN, call } from '../../helpers/api.ts';
import { copyDemoTenant } from '../../helpers/ops.ts';
import { deliver, envelope, exampleData, signedHeaders } from '../../helpers/webhooks.ts';

type Json = Record<string, any>;

const freshTenant = () => `rl-${crypto.randomUUID().slice(0, 8)}`;

async function listed(tenant: string): Promise<Json[]> {
  const res = await call(`/v1/admin/webhook-rejections?tenant=${tenant}&limit=100`, {
    headers: ADMIN,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { rejections: Json[] }).rejections;
}

const summary = (rows: Json[]) =>
  rows
    .map((r) => `${r.reason} ${r.client} ×${r.count}`)
    .sort()
    .join('\n');

function rejection(tenant: string, reason: string, client: string): Rejection {
  const status = reason === 'unknown_tenant' ? 404 : 401;
  return { tenant, client, status, reason, webhookId: `msg_${crypto.randomUUID()}` };
}

describe('webhook rejection log', () => {
  it('counts one (tenant, reason, client, minute) in one row; IPv6 on its /64', async () => {
    const tenant = freshTenant();
    const minute = new Date('2026-11-22T21:14:05Z');
    const later = new Date('2026-11-22T21:14:59Z');
    const last = rejection(tenant, 'signature_mismatch', '198.51.100.7');
    for (const r of [
      rejection(tenant, 'signature_mismatch', '198.51.100.7'),
      rejection(tenant, 'signature_mismatch', '198.51.100.7'),
      rejection(tenant, 'timestamp_too_old', '198.51.100.7'),
      rejection(tenant, 'signature_mismatch', '2001:db8:5:6::/64'),
    ]) {
      await recordRejection(env.DB, r, minute);
    }
    await recordRejection(env.DB, last, later);
    await recordRejection(
      env.DB,
      rejection(tenant, 'signature_mismatch', '198.51.100.7'),
      new Date('2026-11-22T21:15:00Z'),
    );

    const rows = await listed(tenant);
    expect(summary(rows)).toBe(
      [
        'signature_mismatch 198.51.100.7 ×1',
        'signature_mismatch 198.51.100.7 ×3',
        'signature_mismatch 2001:db8:5:6::/64 ×1',
        'timestamp_too_old 198.51.100.7 ×1',
      ].join('\n'),
    );
    const three = rows.find((r) => r.count === 3);
    // First seen is the sort key; the latest delivery is the sample.
    expect(three).toMatchObject({
      at: minute.toISOString(),
      lastAt: later.toISOString(),
      webhookId: last.webhookId,
    });
  });

  it('caps new rows per tenant per UTC day; past the cap each reason has one overflow row', async () => {
    const tenant = freshTenant();
    await copyDemoTenant(tenant);
    const day = new Date('2026-11-23T08:00:00Z');
    const at = (minutes: number) => new Date(day.getTime() + minutes * 60_000);
    const cap = 3;
    for (let i = 0; i < 6; i++) {
      await recordRejection(
        env.DB,
        rejection(tenant, 'signature_mismatch', `203.0.113.${i}`),
        at(i),
        cap,
      );
    }
    for (let i = 0; i < 2; i++) {
      await recordRejection(
        env.DB,
        rejection(tenant, 'timestamp_too_old', `203.0.113.${i}`),
        at(10),
        cap,
      );
    }
    // A row that exists keeps counting after the cap.
    await recordRejection(
      env.DB,
      rejection(tenant, 'signature_mismatch', '203.0.113.0'),
      at(0),
      cap,
    );
    // Another tenant and the next day are not affected.
    const other = freshTenant();
    await copyDemoTenant(other);
    await recordRejection(
      env.DB,
      rejection(other, 'signature_mismatch', '203.0.113.9'),
      at(20),
      cap,
    );
    await recordRejection(
      env.DB,
      rejection(tenant, 'signature_mismatch', '203.0.113.9'),
      at(24 * 60),
      cap,
    );

    const rows = await listed(tenant);
    expect(summary(rows)).toBe(
      [
        'signature_mismatch * ×3',
        'signature_mismatch 203.0.113.0 ×2',
        'signature_mismatch 203.0.113.1 ×1',
        'signature_mismatch 203.0.113.2 ×1',
        'signature_mismatch 203.0.113.9 ×1',
        'timestamp_too_old * ×2',
      ].join('\n'),
    );
    const total = rows.reduce((sum, r) => sum + r.count, 0);
    expect(total).toBe(6 + 2 + 1 + 1);
    expect(await listed(other)).toHaveLength(1);
  });

  it('made-up tenant slugs share one cap, and past it one overflow row per reason', async () => {
    // A day of its own: other tests' unknown tenants are not in it.
    const day = new Date('2031-05-06T10:00:00Z');
    const cap = 3;
    const made = Array.from({ length: 6 }, () => freshTenant());
    for (const tenant of made) {
      await recordRejection(env.DB, rejection(tenant, 'unknown_tenant', '203.0.113.50'), day, cap);
    }
    // A real tenant keeps its own cap that day.
    const real = 'desert-peak';
    const client = `198.51.100.${Math.floor(Math.random() * 200)}`;
    await recordRejection(env.DB, rejection(real, 'signature_mismatch', client), day, cap);

    const { results } = await env.DB.prepare(
      `SELECT tenant, client, count FROM webhook_rejections WHERE at >= ? AND at < ?
        ORDER BY id`,
    )
      .bind('2031-05-06', '2031-05-07')
      .all<{ tenant: string; client: string; count: number }>();
    expect(results.map((r) => `${r.tenant} ${r.client} ×${r.count}`)).toEqual([
      `${made[0]} 203.0.113.50 ×1`,
      `${made[1]} 203.0.113.50 ×1`,
      `${made[2]} 203.0.113.50 ×1`,
      '* * ×3',
      `${real} ${client} ×1`,
    ]);
  });

  it('records the client of a refused delivery by its address key', async () => {
    const tenant = freshTenant();
    const body = JSON.stringify(
      envelope('tn.crm.booking-updated', exampleData('tn.crm.booking-updated')),
    );
    for (const address of ['2001:db8:9:1::a', '2001:0db8:0009:0001:ffff::1']) {
      const headers = { ...(await signedHeaders(body)), 'cf-connecting-ip': address };
      expect((await deliver({ tenant, body, headers })).status).toBe(404);
    }
    const rows = await listed(tenant);
    // Both in one row, unless the two deliveries straddled a minute.
    expect(new Set(rows.map((r) => r.client))).toEqual(new Set(['2001:db8:9:1::/64']));
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(2);
  });
});
