/**
 * Server-verified bot signals (docs/security.md): form tokens, the server-clock time trap, token
 * reuse checked in the lead's own batch, intake keys, and the spam review's reclassification.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { issueFormToken } from '../../../edge/leads/form-token.ts';
import { formTokenFor } from '../../helpers/form-token.ts';
import { ADMIN, bearer, call, callWith, getJson, postJson, sendJson } from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';
import { copyDemoTenant, mintOperatorToken } from '../../helpers/ops.ts';

async function storedLead(leadId: string) {
  const { status, body } = await getJson(`/v1/admin/leads/${leadId}`);
  expect(status).toBe(200);
  return body as { lead: Record<string, any>; audit: any[]; syncJobs: any[] };
}

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await postJson('/v1/leads', body, headers);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function newToken(tenant = 'desert-peak') {
  const res = await call(`/v1/tenants/${tenant}/form-token`, { method: 'POST' });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return ((await res.json()) as { token: string }).token;
}

describe('POST /v1/tenants/:tenant/form-token', () => {
  it('issues a distinct token each time, without touching D1', async () => {
    const noD1 = {} as D1Database;
    const res = await callWith({ DB: noD1 }, '/v1/tenants/desert-peak/form-token', {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    expect(token).toMatch(/^v1\.desert-peak\.\d+\./);
    expect(await newToken()).not.toBe(await newToken());
  });

  it('answers 503 form_tokens_off when the key is unset, and 404 for a non-slug', async () => {
    const off = await callWith({ FORM_TOKEN_KEY: '' }, '/v1/tenants/desert-peak/form-token', {
      method: 'POST',
    });
    expect(off.status).toBe(503);
    expect(((await off.json()) as any).error).toBe('form_tokens_off');
    const bad = await call('/v1/tenants/NOT_A_SLUG/form-token', { method: 'POST' });
    expect(bad.status).toBe(404);
  });
});

describe('form token at intake', () => {
  it('a curl-like lead with no token is kept real but flagged no_form_token', async () => {
    const { status, body } = await post(demoLead({ formToken: '', elapsedMs: 9_000 }));
    expect(status).toBe(202);
    expect(body.status).toBe('needs_review');
    const { lead } = await storedLead(body.leadId);
    expect(lead.classification).toBe('real');
    expect(lead.reviewReasons).toContain('no_form_token');
    expect(lead.spamReasons).toEqual([]);
  });

  it('a fresh token from the endpoint is accepted, the time trap on the server clock', async () => {
    // Issued just now: a submit this fast is not a person, whatever elapsedMs says.
    const { body } = await post(demoLead({ formToken: await newToken(), elapsedMs: 60_000 }));
    const { lead } = await storedLead(body.leadId);
    expect(lead.classification).toBe('spam');
    expect(lead.spamReasons).toEqual(['too_fast']);
    expect(lead.reviewReasons).not.toContain('no_form_token');
  });

  it('a minute-old token makes a clean lead, even when the client claims 10 ms', async () => {
    const { body } = await post(demoLead({ formToken: await formTokenFor(), elapsedMs: 10 }));
    expect(body.status).toBe('received');
    const { lead } = await storedLead(body.leadId);
    expect(lead.classification).toBe('real');
    expect(lead.formTokenNonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('a forged token (bad MAC, another tenant, garbage) is spam', async () => {
    await copyDemoTenant('spam-other');
    const good = await formTokenFor();
    const badMac = `${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherKey = await issueFormToken(
      'another-key-0123456789abcdef-0123',
      'desert-peak',
      new Date(Date.now() - 60_000),
    );
    for (const formToken of [badMac, await formTokenFor('spam-other'), otherKey, 'v1.x.y']) {
      const { status, body } = await post(demoLead({ formToken }));
      expect(status).toBe(202);
      const { lead } = await storedLead(body.leadId);
      expect(lead.classification).toBe('spam');
      expect(lead.spamReasons).toEqual(['form_token_forged']);
    }
  });

  it('an expired token (over 2 h) only flags no_form_token', async () => {
    const formToken = await formTokenFor('desert-peak', 2 * 60 * 60 * 1000 + 1_000);
    const { body } = await post(demoLead({ formToken }));
    const { lead } = await storedLead(body.leadId);
    expect(lead.classification).toBe('real');
    expect(lead.reviewReasons).toContain('no_form_token');
  });

  it("a token reused for more than 5 submissions turns them all to spam in the sixth's batch", async () => {
    const formToken = await formTokenFor();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { body } = await post(demoLead({ formToken }));
      ids.push(body.leadId);
    }
    // Five is a visitor retrying: still real, jobs queued.
    expect((await storedLead(ids[0]!)).lead.classification).toBe('real');
    // The sixth answers 202 like any lead; the reclassification was in its own insert batch, so
    // it holds as soon as the answer comes.
    const { status, body } = await post(demoLead({ formToken }));
    expect(status).toBe(202);
    ids.push(body.leadId);
    for (const id of ids) {
      const { lead, syncJobs } = await storedLead(id);
      expect(lead.classification).toBe('spam');
      expect(lead.spamReasons).toEqual(['form_token_reused']);
      expect(syncJobs.map((j) => j.state)).not.toContain('queued');
    }
  });
});

describe('intake keys', () => {
  async function createKey(tenant: string, headers: Record<string, string> = ADMIN) {
    const res = await sendJson(
      'POST',
      '/v1/admin/intake-keys',
      { tenant, label: 'Backend' },
      headers,
    );
    expect(res.status).toBe(201);
    return (await res.json()) as { key: string; intakeKey: Record<string, any> };
  }

  it('a valid key means no no_form_token; the key is shown once and stored hashed', async () => {
    const { key, intakeKey } = await createKey('desert-peak');
    expect(key).toMatch(/^ptj_in_[A-Za-z0-9_-]{43}$/);
    const row = await env.DB.prepare('SELECT key_hash FROM intake_keys WHERE id = ?')
      .bind(intakeKey.id)
      .first<{ key_hash: string }>();
    expect(row?.key_hash).not.toContain(key);
    const { status, body } = await post(demoLead({ formToken: '' }), bearer(key));
    expect(status).toBe(202);
    expect(body.status).toBe('received');
    const listed = await getJson('/v1/admin/intake-keys?tenant=desert-peak');
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.intakeKeys.map((k: any) => k.id)).toContain(intakeKey.id);
  });

  it('a wrong, foreign or revoked key is 401 invalid_intake_key', async () => {
    await copyDemoTenant('keys-other');
    const foreign = (await createKey('keys-other')).key;
    const { key, intakeKey } = await createKey('desert-peak');
    const revoke = await call(`/v1/admin/intake-keys/${intakeKey.id}`, {
      method: 'DELETE',
      headers: ADMIN,
    });
    expect(revoke.status).toBe(200);
    for (const wrong of ['ptj_in_nope', foreign, key, ADMIN.authorization.slice(7)]) {
      const { status, body } = await post(demoLead(), bearer(wrong));
      expect(status).toBe(401);
      expect(body.error).toBe('invalid_intake_key');
    }
  });

  it('operators manage their own tenant’s keys only', async () => {
    await copyDemoTenant('keys-op');
    const op = bearer(await mintOperatorToken('keys-op'));
    const own = await createKey('keys-op', op);
    expect(own.intakeKey.tenant).toBe('keys-op');
    const other = await sendJson(
      'POST',
      '/v1/admin/intake-keys',
      { tenant: 'desert-peak', label: 'x' },
      op,
    );
    expect(other.status).toBe(403);
    const theirs = await createKey('desert-peak');
    const revoke = await call(`/v1/admin/intake-keys/${theirs.intakeKey.id}`, {
      method: 'DELETE',
      headers: op,
    });
    expect(revoke.status).toBe(403);
    const listed = await getJson('/v1/admin/intake-keys', op);
    expect(listed.body.intakeKeys.every((k: any) => k.tenant === 'keys-op')).toBe(true);
  });
});

describe('POST /v1/admin/leads/:id/classification', () => {
  const reclassify = (id: string, body: unknown, headers: Record<string, string> = ADMIN) =>
    sendJson('POST', `/v1/admin/leads/${id}/classification`, body, headers);

  it('spam → real queues its job; real → spam skips it; both audited', async () => {
    const { body } = await post(demoLead({ hp: 'http://spam.example' }));
    const before = await storedLead(body.leadId);
    expect(before.lead.classification).toBe('spam');
    expect(before.syncJobs.map((j) => j.state)).toEqual(['skipped']);

    const toReal = await reclassify(body.leadId, {
      classification: 'real',
      note: 'a real customer',
    });
    expect(toReal.status).toBe(200);
    const real = await storedLead(body.leadId);
    expect(real.lead.classification).toBe('real');
    expect(real.lead.spamReasons).toEqual(['honeypot']);
    expect(real.syncJobs[0].state).not.toBe('skipped');

    // The handoff may have drafted it by now; a draft not sent is still cancelled.
    const toSpam = await reclassify(body.leadId, { classification: 'spam' });
    expect(toSpam.status).toBe(200);
    const spam = await storedLead(body.leadId);
    expect(spam.lead.classification).toBe('spam');
    expect(spam.syncJobs[0].state).toBe('skipped');
    expect(spam.audit.filter((a) => a.action === 'lead.reclassified').map((a) => a.detail)).toEqual(
      [
        { from: 'spam', to: 'real', note: 'a real customer' },
        { from: 'real', to: 'spam', note: null },
      ],
    );
  });

  it('is tenant-scoped and validates its body', async () => {
    await copyDemoTenant('reclass-other');
    const op = bearer(await mintOperatorToken('reclass-other'));
    const { body } = await post(demoLead());
    const denied = await reclassify(body.leadId, { classification: 'spam' }, op);
    expect(denied.status).toBe(403);
    expect((await storedLead(body.leadId)).lead.classification).toBe('real');
    const bad = await reclassify(body.leadId, { classification: 'ham' });
    expect(bad.status).toBe(422);
    const issues = ((await bad.json()) as any).issues;
    expect(issues[0].path).toEqual(['classification']);
    expect((await reclassify('ld_missing', { classification: 'spam' })).status).toBe(404);
  });
});
