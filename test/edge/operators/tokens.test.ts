import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../edge/lib/encoding.ts';
import { ADMIN, bearer, call, getJson, sendJson } from '../../helpers/api.ts';
import { copyDemoTenant, mintOperatorToken } from '../../helpers/ops.ts';

beforeAll(async () => {
  await copyDemoTenant('token-co', 'Token Co');
});

describe('operator tokens', () => {
  it('are shown once, stored only as their SHA-256, and listed without the secret', async () => {
    const res = await sendJson('POST', '/v1/admin/tokens', { tenant: 'token-co', label: 'Office' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { token: string; operatorToken: Record<string, any> };
    expect(created.token).toMatch(/^ptj_op_[A-Za-z0-9_-]{43}$/);
    expect(created.operatorToken).toMatchObject({
      tenant: 'token-co',
      label: 'Office',
      hint: `…${created.token.slice(-4)}`,
      createdBy: 'admin',
      revokedAt: null,
    });

    const row = await env.DB.prepare('SELECT * FROM operator_tokens WHERE id = ?')
      .bind(created.operatorToken.id)
      .first<Record<string, unknown>>();
    expect(row!.token_hash).toBe(await sha256Hex(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const list = await getJson('/v1/admin/tokens?tenant=token-co');
    expect(list.status).toBe(200);
    const text = JSON.stringify(list.body);
    expect(text).toContain(created.operatorToken.id);
    expect(text).not.toContain(created.token);
    expect(text).not.toContain(row!.token_hash as string);
  });

  it('sign an operator in to its own tenant only', async () => {
    const token = await mintOperatorToken('token-co', 'Laptop');
    const me = await getJson('/v1/admin/tokens/current', bearer(token));
    expect(me.status).toBe(200);
    expect(me.body.principal).toMatchObject({
      kind: 'operator',
      tenant: 'token-co',
      label: 'Laptop',
    });
    expect(me.body.tenants).toEqual([{ slug: 'token-co', name: 'Token Co' }]);

    const admin = await getJson('/v1/admin/tokens/current');
    expect(admin.body.principal).toEqual({ kind: 'admin' });
    const slugs = (admin.body.tenants as { slug: string }[]).map((t) => t.slug);
    expect(slugs).toEqual(expect.arrayContaining(['desert-peak', 'token-co']));
  });

  it('may expire: none by default, listed with the time, 401 token_expired after it', async () => {
    const plain = await sendJson('POST', '/v1/admin/tokens', {
      tenant: 'token-co',
      label: 'Plain',
    });
    expect(((await plain.json()) as any).operatorToken.expiresAt).toBeNull();

    const expiresAt = '2099-01-31T12:00:00-07:00';
    const res = await sendJson('POST', '/v1/admin/tokens', {
      tenant: 'token-co',
      label: 'Temp',
      expiresAt,
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { token: string; operatorToken: Record<string, any> };
    expect(created.operatorToken.expiresAt).toBe('2099-01-31T19:00:00.000Z');
    expect((await getJson('/v1/admin/tokens/current', bearer(created.token))).status).toBe(200);
    const list = await getJson('/v1/admin/tokens?tenant=token-co');
    expect(list.body.tokens).toContainEqual(
      expect.objectContaining({
        id: created.operatorToken.id,
        expiresAt: '2099-01-31T19:00:00.000Z',
      }),
    );

    // Time passes: the stored expiry is now behind us.
    const past = new Date(Date.now() - 1000).toISOString();
    await env.DB.prepare('UPDATE operator_tokens SET expires_at = ? WHERE id = ?')
      .bind(past, created.operatorToken.id)
      .run();
    const after = await getJson('/v1/admin/leads', bearer(created.token));
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({
      error: 'token_expired',
      message: expect.stringContaining(past),
    });
  });

  it('refuses an expiry in the past or one that is not a date-time', async () => {
    for (const expiresAt of ['2020-01-01T00:00:00Z', 'tomorrow', '2099-01-31']) {
      const res = await sendJson('POST', '/v1/admin/tokens', {
        tenant: 'token-co',
        label: 'Bad',
        expiresAt,
      });
      expect(res.status).toBe(422);
      expect(((await res.json()) as any).issues[0].path).toEqual(['expiresAt']);
    }
  });

  it('cannot be minted, listed or revoked with an operator token', async () => {
    const token = await mintOperatorToken('token-co');
    const attempts = [
      await sendJson('POST', '/v1/admin/tokens', { tenant: 'token-co', label: 'x' }, bearer(token)),
      await call('/v1/admin/tokens', { headers: bearer(token) }),
      await call('/v1/admin/tokens/opt_whatever', { method: 'DELETE', headers: bearer(token) }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: 'admin_only' });
    }
  });

  it('stop working when revoked, and both actions are audited', async () => {
    const res = await sendJson('POST', '/v1/admin/tokens', { tenant: 'token-co', label: 'Temp' });
    const { token, operatorToken } = (await res.json()) as {
      token: string;
      operatorToken: { id: string };
    };
    expect((await call('/v1/admin/leads', { headers: bearer(token) })).status).toBe(200);

    const revoked = await call(`/v1/admin/tokens/${operatorToken.id}`, {
      method: 'DELETE',
      headers: ADMIN,
    });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as any).operatorToken.revokedAt).toEqual(expect.any(String));

    const after = await call('/v1/admin/leads', { headers: bearer(token) });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: 'unauthorized' });

    const again = await call(`/v1/admin/tokens/${operatorToken.id}`, {
      method: 'DELETE',
      headers: ADMIN,
    });
    expect(again.status).toBe(200);

    const { results } = await env.DB.prepare(
      `SELECT action, actor FROM audit_log WHERE subject_type = 'operator_token' AND subject_id = ?
        ORDER BY id`,
    )
      .bind(operatorToken.id)
      .all();
    expect(results).toEqual([
      { action: 'operator_token.created', actor: 'admin' },
      { action: 'operator_token.revoked', actor: 'admin' },
    ]);
  });

  it('record who acted: an operator token is the audit actor', async () => {
    const token = await mintOperatorToken('token-co');
    const me = await getJson('/v1/admin/tokens/current', bearer(token));
    const res = await sendJson(
      'PUT',
      '/v1/admin/lifecycle/retention/token-co',
      { retentionDays: 400 },
      bearer(token),
    );
    expect(res.status).toBe(200);
    const row = await env.DB.prepare(
      `SELECT actor FROM audit_log WHERE action = 'retention.updated' AND tenant = 'token-co'
        ORDER BY id DESC LIMIT 1`,
    ).first<{ actor: string }>();
    expect(row!.actor).toBe(`operator:${me.body.principal.tokenId}`);
  });

  it.each([
    ['a guessed operator token', 'Bearer ptj_op_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['the hash of a real token', 'Bearer HASH'],
    ['an empty bearer', 'Bearer '],
  ])('401 for %s', async (_name, header) => {
    let authorization = header;
    if (header.includes('HASH')) {
      const token = await mintOperatorToken('token-co');
      authorization = `Bearer ${await sha256Hex(token)}`;
    }
    const res = await call('/v1/admin/leads', { headers: { authorization } });
    expect(res.status).toBe(401);
  });

  it.each([
    [{ tenant: 'no-such-tenant', label: 'x' }, 404, 'unknown_tenant'],
    [{ tenant: 'token-co', label: '   ' }, 422, 'invalid_body'],
    [{ tenant: 'Bad Slug', label: 'x' }, 422, 'invalid_body'],
    [{ label: 'x' }, 422, 'invalid_body'],
  ])('create %j → %i %s', async (body, status, error) => {
    const res = await sendJson('POST', '/v1/admin/tokens', body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error });
  });

  it('404 when revoking an unknown token', async () => {
    const res = await call('/v1/admin/tokens/opt_missing', { method: 'DELETE', headers: ADMIN });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'token_not_found' });
  });
});
