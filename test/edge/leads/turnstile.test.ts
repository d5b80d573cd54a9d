/**
 * Cloudflare Turnstile per tenant (docs/security.md, "Turnstile"): verified with siteverify after
 * the response — here the stand-in of test/fakes/turnstile.ts, reached through miniflare's
 * outbound service at the real URL — and the lead reclassified: a failed challenge and a missing
 * one are spam, Cloudflare unreachable only flags for review, and nothing is ever refused.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { signalReasons } from '../../../edge/leads/review.ts';
import { formTokenFor } from '../../helpers/form-token.ts';
import { callWith, randomIp } from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';
import { copyDemoTenant, patchPublishedConfig } from '../../helpers/ops.ts';

const TENANT = 'turnstile-on';
const SOLVED = 'pass:desertpeakair.example:lead';

beforeAll(async () => {
  await copyDemoTenant(TENANT);
  await patchPublishedConfig(TENANT, {
    turnstile: { mode: 'invisible', siteKey: '1x00000000000000000000BB' },
  });
});

/** Posts a lead and waits for its after-response work (the siteverify check). */
async function submit(
  overrides: Record<string, unknown>,
  bindings: Partial<Env> = {},
  ip = randomIp(),
) {
  const body = {
    ...demoLead({ tenant: TENANT }),
    formToken: await formTokenFor(TENANT),
    ...overrides,
  };
  const res = await callWith(bindings, '/v1/leads', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  const accepted = (await res.json()) as { leadId: string };
  return { ...accepted, body };
}

async function stored(leadId: string) {
  const lead = await env.DB.prepare('SELECT * FROM leads WHERE id = ?').bind(leadId).first<any>();
  const job = await env.DB.prepare('SELECT state FROM sync_jobs WHERE lead_id = ?')
    .bind(leadId)
    .first<{ state: string }>();
  return {
    classification: lead.classification,
    status: lead.status,
    spamReasons: JSON.parse(lead.spam_reasons),
    reviewReasons: JSON.parse(lead.review_reasons) as string[],
    job: job?.state,
  };
}

async function siteverifyCalls(): Promise<Record<string, string>[]> {
  const res = await fetch('https://challenges.cloudflare.com/__fake/log');
  return ((await res.json()) as { calls: Record<string, string>[] }).calls;
}

describe('Turnstile on', () => {
  it('a solved challenge keeps the lead real; siteverify got secret, token, IP and a key', async () => {
    const before = (await siteverifyCalls()).length;
    const { leadId } = await submit({ turnstileToken: SOLVED }, {}, '198.51.100.23');
    expect(await stored(leadId)).toMatchObject({ classification: 'real', spamReasons: [] });
    const calls = (await siteverifyCalls()).slice(before);
    expect(calls).toEqual([
      {
        secret: 'test-turnstile-secret',
        response: SOLVED,
        remoteip: '198.51.100.23',
        idempotency_key: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    ]);
  });

  it('a failed challenge, another hostname or another action makes spam and skips the job', async () => {
    for (const token of ['fail', 'pass:evil.example:lead', 'pass:desertpeakair.example:signup']) {
      const { leadId } = await submit({ turnstileToken: token });
      expect(await stored(leadId), token).toMatchObject({
        classification: 'spam',
        spamReasons: ['turnstile_failed'],
        job: 'skipped',
      });
    }
  });

  it('a missing challenge is spam at intake (no siteverify call), still 202', async () => {
    const before = (await siteverifyCalls()).length;
    const { leadId } = await submit({});
    expect(await stored(leadId)).toMatchObject({
      classification: 'spam',
      spamReasons: ['turnstile_missing'],
      job: 'skipped',
    });
    expect((await siteverifyCalls()).length).toBe(before);
  });

  it('siteverify unreachable or the secret rejected: flagged for review, never spam', async () => {
    const down = await submit({ turnstileToken: 'down' });
    expect(await stored(down.leadId)).toMatchObject({
      classification: 'real',
      status: 'needs_review',
      spamReasons: [],
    });
    expect((await stored(down.leadId)).reviewReasons).toContain('turnstile_unverified');
    const wrongSecret = await submit({ turnstileToken: SOLVED }, { TURNSTILE_SECRET: 'not-it' });
    expect(await stored(wrongSecret.leadId)).toMatchObject({ classification: 'real' });
    expect((await stored(wrongSecret.leadId)).reviewReasons).toContain('turnstile_unverified');
    const noSecret = await submit({ turnstileToken: SOLVED }, { TURNSTILE_SECRET: '' });
    expect((await stored(noSecret.leadId)).reviewReasons).toContain('turnstile_unverified');
  });

  it('retries one failed call with the same idempotency key', async () => {
    const before = (await siteverifyCalls()).length;
    const { leadId } = await submit({ turnstileToken: 'flaky' });
    expect(await stored(leadId)).toMatchObject({ classification: 'real', spamReasons: [] });
    const calls = (await siteverifyCalls()).slice(before);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.idempotency_key).toBe(calls[1]!.idempotency_key);
  });

  it('a retried submission is not verified again (its token is single-use)', async () => {
    const first = await submit({ turnstileToken: SOLVED });
    const before = (await siteverifyCalls()).length;
    const again = await submit({ ...first.body });
    expect(again.leadId).toBe(first.leadId);
    expect((await siteverifyCalls()).length).toBe(before);
    expect((await stored(first.leadId)).classification).toBe('real');
  });

  it('is in the public config', async () => {
    const res = await callWith({}, `/v1/tenants/${TENANT}/config`);
    const config = (await res.json()) as Record<string, unknown>;
    expect(config.turnstile).toEqual({ mode: 'invisible', siteKey: '1x00000000000000000000BB' });
  });
});

describe('Turnstile off or not applicable', () => {
  it('a tenant without Turnstile never calls siteverify, whatever the lead carries', async () => {
    const before = (await siteverifyCalls()).length;
    const res = await callWith({}, '/v1/leads', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': randomIp() },
      body: JSON.stringify({
        ...demoLead(),
        formToken: await formTokenFor(),
        turnstileToken: 'fail',
      }),
    });
    expect(res.status).toBe(202);
    expect((await siteverifyCalls()).length).toBe(before);
  });

  it('an integration with an intake key is not held to a challenge', () => {
    const missing = { kind: 'missing', expired: false } as const;
    const now = new Date();
    expect(
      signalReasons({}, { formToken: missing, intakeKey: true, turnstileMissing: true }, now).spam,
    ).toEqual([]);
    expect(
      signalReasons({}, { formToken: missing, intakeKey: false, turnstileMissing: true }, now).spam,
    ).toEqual(['turnstile_missing']);
  });
});
