/**
 * Webhook signing secrets: encrypted at rest, shown once, never listed or logged; the admin routes
 * to create, import, list, rotate and expire them; rotation before and after the old secret's
 * expiry; tenant scoping for operator tokens.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  DEMO_WEBHOOK_SECRET,
  DEMO_WEBHOOK_SECRET_ID,
} from '../../../edge/seed/demo-webhook-secret.ts';
import { DEMO_TENANT } from '../../../edge/seed/desert-peak.ts';
import { open } from '../../../edge/lib/crypto-box.ts';
import { decodeSecret, secretContext } from '../../../edge/webhooks/verify/secret-format.ts';
import { MAX_ACTIVE_SECRETS } from '../../../edge/webhooks/verify/secret-rotation.ts';
import { ADMIN, bearer, call, getJson, sendJson } from '../../helpers/api.ts';
import { copyDemoTenant, mintOperatorToken } from '../../helpers/ops.ts';
import {
  deliver,
  envelope,
  exampleData,
  sendEvent,
  signedHeaders,
} from '../../helpers/webhooks.ts';

interface SecretInfo {
  id: string;
  tenant: string;
  label: string | null;
  fingerprint: string;
  expiresAt: string | null;
  active: boolean;
  secret?: string;
  previous?: SecretInfo;
}

async function createSecret(
  tenant: string,
  body: unknown = {},
  headers: Record<string, string> = ADMIN,
) {
  const res = await sendJson('POST', `/v1/admin/webhook-secrets/${tenant}`, body, headers);
  return { status: res.status, body: (await res.json()) as SecretInfo & { error?: string } };
}

async function sendWith(tenant: string, secret: string): Promise<number> {
  return (
    await sendEvent('tn.crm.lead-updated', exampleData('tn.crm.lead-updated'), { tenant, secret })
  ).status;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('at rest', () => {
  it('stores the demo secret encrypted, bound to its tenant and id', async () => {
    const row = await env.DB.prepare('SELECT * FROM webhook_secrets WHERE id = ?')
      .bind(DEMO_WEBHOOK_SECRET_ID)
      .first<{ ciphertext: string; fingerprint: string }>();
    expect(row).not.toBeNull();
    const raw = DEMO_WEBHOOK_SECRET.slice('whsec_'.length);
    expect(row?.ciphertext).not.toContain(raw);
    expect(atob(row?.ciphertext ?? '')).not.toContain('desert-peak-sandbox');
    const plain = await open(
      env.WEBHOOK_SECRET_KEY,
      row?.ciphertext ?? '',
      secretContext(DEMO_TENANT, DEMO_WEBHOOK_SECRET_ID),
    );
    expect(plain).toEqual(decodeSecret(DEMO_WEBHOOK_SECRET));
    // The same ciphertext does not open as another tenant's secret.
    await expect(
      open(
        env.WEBHOOK_SECRET_KEY,
        row?.ciphertext ?? '',
        secretContext('other', DEMO_WEBHOOK_SECRET_ID),
      ),
    ).rejects.toThrow();
  });

  it('answers 503, not a forged-signature 401, when secrets cannot be decrypted (wrong key)', async () => {
    await copyDemoTenant('webhook-badkey');
    // Created now, so no isolate has its keys cached: the next delivery decrypts them.
    const { body: created } = await createSecret('webhook-badkey');
    const payload = JSON.stringify(
      envelope('tn.crm.lead-created', exampleData('tn.crm.lead-created')),
    );
    const headers = await signedHeaders(payload, { secret: created.secret as string });
    const res = await deliver(
      { tenant: 'webhook-badkey', body: payload, headers },
      { WEBHOOK_SECRET_KEY: btoa('another-key-of-thirty-two-bytes!') },
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    // With the right key the same delivery verifies.
    expect((await deliver({ tenant: 'webhook-badkey', body: payload, headers })).status).toBe(202);
  });
});

describe('admin routes', () => {
  const tenant = 'webhook-secrets';

  it('create returns the value once; list and audit never show it', async () => {
    await copyDemoTenant(tenant);
    const created = await createSecret(tenant, { label: 'ServiceTitan sandbox' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tenant,
      label: 'ServiceTitan sandbox',
      active: true,
      expiresAt: null,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(decodeSecret(created.body.secret as string)).toHaveLength(32);

    const listed = await getJson<{ secrets: SecretInfo[] }>(`/v1/admin/webhook-secrets/${tenant}`);
    const text = JSON.stringify(listed.body);
    expect(listed.body.secrets.map((s) => s.id)).toContain(created.body.id);
    expect(text).not.toContain(created.body.secret?.slice(6, 20));
    expect(text).not.toContain('ciphertext');

    const { results } = await env.DB.prepare(`SELECT detail FROM audit_log WHERE subject_id = ?`)
      .bind(created.body.id)
      .all<{ detail: string }>();
    expect(results).toHaveLength(1);
    expect(results[0]?.detail).not.toContain(created.body.secret?.slice(6, 20));

    expect(await sendWith(tenant, created.body.secret as string)).toBe(202);
  });

  it('imports a sender-issued secret, refuses it twice and refuses malformed ones', async () => {
    await copyDemoTenant('webhook-import');
    const secret = 'whsec_aW1wb3J0ZWQtc2VjcmV0LWZyb20tdGhlLXNlbmRlciE=';
    expect((await createSecret('webhook-import', { secret })).status).toBe(201);
    expect(await sendWith('webhook-import', secret)).toBe(202);
    expect((await createSecret('webhook-import', { secret })).body.error).toBe('secret_exists');
    const short = await createSecret('webhook-import', { secret: 'whsec_c2hvcnQ=' });
    expect(short).toMatchObject({ status: 422, body: { error: 'invalid_body' } });
    const notWhsec = await createSecret('webhook-import', { secret: 'my-password' });
    expect(notWhsec.status).toBe(422);
  });

  it('refuses a secret another tenant holds (409 secret_in_use), by import or rotation', async () => {
    await copyDemoTenant('webhook-owner');
    await copyDemoTenant('webhook-second');
    const secret = 'whsec_b25lLXNlY3JldC1mb3ItdHdvLXRlbmFudHMtbm8hIQ==';
    const owned = await createSecret('webhook-owner', { secret });
    expect(owned.status).toBe(201);

    const again = await createSecret('webhook-second', { secret });
    expect(again).toMatchObject({
      status: 409,
      body: { error: 'secret_in_use', issues: [{ path: ['secret'] }] },
    });
    const own = (await createSecret('webhook-second')).body;
    const rotated = await sendJson(
      'POST',
      `/v1/admin/webhook-secrets/webhook-second/${own.id}/rotate`,
      { secret },
    );
    expect(rotated.status).toBe(409);
    expect(((await rotated.json()) as { error: string }).error).toBe('secret_in_use');
    // Deliveries signed with it for the owner do not verify at the second tenant.
    expect(await sendWith('webhook-second', secret)).toBe(401);

    // Still refused once the owner's copy has expired: the sender may still sign with it.
    const expired = await sendJson(
      'POST',
      `/v1/admin/webhook-secrets/webhook-owner/${owned.body.id}/expire`,
      {},
    );
    expect(expired.status).toBe(200);
    expect((await createSecret('webhook-second', { secret })).body.error).toBe('secret_in_use');
  });

  it(`allows at most ${MAX_ACTIVE_SECRETS} active secrets`, async () => {
    await copyDemoTenant('webhook-cap');
    for (let i = 0; i < MAX_ACTIVE_SECRETS; i++)
      expect((await createSecret('webhook-cap')).status).toBe(201);
    expect(await createSecret('webhook-cap')).toMatchObject({
      status: 409,
      body: { error: 'too_many_active_secrets' },
    });
  });

  it('rotation: both secrets verify during the grace period, only the new one after it', async () => {
    await copyDemoTenant('webhook-rotate');
    const old = (await createSecret('webhook-rotate')).body;
    const res = await sendJson(
      'POST',
      `/v1/admin/webhook-secrets/webhook-rotate/${old.id}/rotate`,
      { graceSeconds: 1 },
    );
    expect(res.status).toBe(201);
    const rotated = (await res.json()) as SecretInfo;
    expect(rotated.secret).not.toBe(old.secret);
    expect(rotated.previous).toMatchObject({ id: old.id, active: true });
    expect(Date.parse(rotated.previous?.expiresAt ?? '') - Date.now()).toBeLessThanOrEqual(1000);

    // Before the old secret's expiry.
    expect(await sendWith('webhook-rotate', old.secret as string)).toBe(202);
    expect(await sendWith('webhook-rotate', rotated.secret as string)).toBe(202);

    await sleep(1100);
    // After it.
    expect(await sendWith('webhook-rotate', old.secret as string)).toBe(401);
    expect(await sendWith('webhook-rotate', rotated.secret as string)).toBe(202);

    const listed = await getJson<{ secrets: SecretInfo[] }>(
      '/v1/admin/webhook-secrets/webhook-rotate',
    );
    expect(listed.body.secrets.map((s) => [s.id, s.active])).toEqual([
      [old.id, false],
      [rotated.id, true],
    ]);
  });

  it('expire: the secret stops verifying at once; expiring never extends a secret', async () => {
    await copyDemoTenant('webhook-expire');
    const a = (await createSecret('webhook-expire')).body;
    const b = (await createSecret('webhook-expire')).body;
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await sendJson(
      'POST',
      `/v1/admin/webhook-secrets/webhook-expire/${b.id}/expire`,
      { at: later },
    );
    expect(((await scheduled.json()) as SecretInfo).expiresAt).toBe(later);
    const notLater = await sendJson(
      'POST',
      `/v1/admin/webhook-secrets/webhook-expire/${b.id}/expire`,
      {
        at: new Date(Date.now() + 7_200_000).toISOString(),
      },
    );
    expect(((await notLater.json()) as SecretInfo).expiresAt).toBe(later);

    expect(await sendWith('webhook-expire', a.secret as string)).toBe(202);
    const now = await call(`/v1/admin/webhook-secrets/webhook-expire/${a.id}/expire`, {
      method: 'POST',
      headers: ADMIN,
    });
    expect(now.status).toBe(200);
    expect(await sendWith('webhook-expire', a.secret as string)).toBe(401);
    expect(await sendWith('webhook-expire', b.secret as string)).toBe(202);

    const twice = await call(`/v1/admin/webhook-secrets/webhook-expire/${a.id}/expire`, {
      method: 'POST',
      headers: ADMIN,
    });
    expect(twice.status).toBe(409);
    const missing = await call('/v1/admin/webhook-secrets/webhook-expire/whs_nope/expire', {
      method: 'POST',
      headers: ADMIN,
    });
    expect(missing.status).toBe(404);
    const unknownTenant = await call('/v1/admin/webhook-secrets/no-such-tenant', {
      headers: ADMIN,
    });
    expect(unknownTenant.status).toBe(404);
  });

  it('operator tokens: list and expire their own tenant only; create and rotate need the admin token', async () => {
    await copyDemoTenant('webhook-op');
    const own = (await createSecret('webhook-op')).body;
    const token = bearer(await mintOperatorToken('webhook-op'));
    expect((await getJson('/v1/admin/webhook-secrets/webhook-op', token)).status).toBe(200);
    expect((await getJson(`/v1/admin/webhook-secrets/${DEMO_TENANT}`, token)).status).toBe(403);
    expect((await createSecret('webhook-op', {}, token)).body.error).toBe('admin_only');
    const rotate = await sendJson(
      'POST',
      `/v1/admin/webhook-secrets/webhook-op/${own.id}/rotate`,
      {},
      token,
    );
    expect(rotate.status).toBe(403);
    const expire = await sendJson(
      'POST',
      `/v1/admin/webhook-secrets/webhook-op/${own.id}/expire`,
      {},
      token,
    );
    expect(expire.status).toBe(200);
    const { results } = await env.DB.prepare(
      `SELECT actor FROM audit_log WHERE subject_id = ? AND action = 'webhook_secret.expired'`,
    )
      .bind(own.id)
      .all<{ actor: string }>();
    expect(results[0]?.actor).toMatch(/^operator:/);
  });
});
