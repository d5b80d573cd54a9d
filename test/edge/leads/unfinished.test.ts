/**
 * Unfinished requests (docs/api.md, "POST /v1/leads/unfinished"): stored only for a tenant that
 * opted in, superseded by the visitor's full submission into one lead, kept out of the handoff
 * and reports, erased by retention when never finished, and never answered with a 5xx.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateSettings } from '../../../shared/tenant-settings.ts';
import { demoWidgetConfig } from '../../../edge/seed/desert-peak.ts';
import { failingD1 } from '../../helpers/d1.ts';
import {
  bearer,
  call,
  callWith,
  getJson,
  postJson,
  randomIp,
  sendJson,
} from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';
import { copyDemoTenant, mintOperatorToken, patchPublishedConfig } from '../../helpers/ops.ts';

const ON = 'unfinished-on';
const OTHER = 'unfinished-other';
const DAY = 86_400_000;

/** Turns capture on in the published settings (before the tenant's first request is cached). */
async function optIn(slug: string, extra: Record<string, unknown> = {}) {
  await copyDemoTenant(slug);
  await patchPublishedConfig(slug, { captureUnfinished: true, ...extra });
}

beforeAll(async () => {
  await optIn(ON, { unfinishedRetentionDays: 10 });
  await optIn(OTHER);
});

/** What a beacon sends: text/plain JSON (sendBeacon cannot send application/json without CORS). */
function beacon(body: unknown, path = '/v1/leads/unfinished') {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'cf-connecting-ip': randomIp() },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A partly filled form: a phone and a service, nothing else. */
function partial(tenant = ON, overrides: Record<string, unknown> = {}) {
  const lead = demoLead({ tenant });
  return {
    tenant,
    submissionId: lead.submissionId,
    service: lead.service,
    contact: { phone: '(602) 555-0177' },
    ...overrides,
  };
}

function row(id: string) {
  return env.DB.prepare('SELECT * FROM leads WHERE id = ?').bind(id).first<Record<string, any>>();
}

async function jobsOf(id: string) {
  const { results } = await env.DB.prepare('SELECT * FROM sync_jobs WHERE lead_id = ?')
    .bind(id)
    .all();
  return results;
}

describe('POST /v1/leads/unfinished', () => {
  it('stores a lead classified unfinished, with no handoff job', async () => {
    const res = await beacon(partial());
    expect(res.status).toBe(202);
    const body = (await res.json()) as { leadId: string; duplicate: boolean };
    expect(body.duplicate).toBe(false);
    const stored = await row(body.leadId);
    expect(stored).toMatchObject({
      tenant: ON,
      classification: 'unfinished',
      contact_phone: '+16025550177',
    });
    expect(await jobsOf(body.leadId)).toEqual([]);
    // Sent twice (a second beacon): still one row, marked duplicate.
    const again = (await (
      await beacon(partial(ON, { submissionId: stored!.submission_id }))
    ).json()) as any;
    expect(again).toMatchObject({ leadId: body.leadId, duplicate: true });
  });

  it('is ignored (202, reason capture_off) when the tenant has not opted in', async () => {
    const body = partial('desert-peak');
    const res = await beacon(body);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ignored: true, reason: 'capture_off' });
    const found = await env.DB.prepare('SELECT id FROM leads WHERE submission_id = ?')
      .bind(body.submissionId)
      .first();
    expect(found).toBeNull();
  });

  it('validates like POST /v1/leads: 4xx with a reason and a path, never a 5xx', async () => {
    const bad = await beacon('{not json');
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as any).error).toBe('invalid_json');
    const noTenant = await beacon({ contact: { phone: '6025550100' } });
    expect(((await noTenant.json()) as any).issues[0].path).toEqual(['tenant']);
    const noContact = await beacon(partial(ON, { contact: { phone: '12' } }));
    expect(noContact.status).toBe(422);
    const refused = (await noContact.json()) as any;
    expect(refused.error).toBe('contact_required');
    expect(refused.issues.map((i: any) => i.path)).toEqual([
      ['contact', 'phone'],
      ['contact', 'email'],
    ]);
    const unknown = await beacon(partial('no-such-tenant'));
    expect(unknown.status).toBe(404);
    const big = await beacon(partial(ON, { notes: 'x'.repeat(70 * 1024) }));
    expect(big.status).toBe(413);
  });

  it('answers 202 storage_unavailable, not 5xx, when D1 and the fallback queue both fail', async () => {
    const down = {
      DB: failingD1(),
      LEAD_FALLBACK: { send: () => Promise.reject(new Error('queue down')) } as unknown as Queue,
    };
    const init = (tenant: string) => ({
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'cf-connecting-ip': randomIp() },
      body: JSON.stringify(partial(tenant)),
    });
    // ON's context is cached in this isolate (earlier tests), so the insert is what fails …
    const insertFails = await callWith(down, '/v1/leads/unfinished', init(ON));
    expect(insertFails.status).toBe(202);
    expect(await insertFails.json()).toEqual({ ignored: true, reason: 'storage_unavailable' });
    // … and a tenant never seen here fails on reading its context.
    await copyDemoTenant('unfinished-cold');
    const contextFails = await callWith(down, '/v1/leads/unfinished', init('unfinished-cold'));
    expect(contextFails.status).toBe(202);
    expect(await contextFails.json()).toEqual({ ignored: true, reason: 'storage_unavailable' });
  });

  it('allows a beacon from any origin (CORS preflight)', async () => {
    const res = await call('/v1/leads/unfinished', {
      method: 'OPTIONS',
      headers: { origin: 'https://example.com', 'access-control-request-method': 'POST' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('a full submission supersedes the unfinished request', () => {
  it('keeps one row and one leadId, classified from the full submission, with its job', async () => {
    const left = partial();
    const first = (await (await beacon(left)).json()) as { leadId: string };
    const full = await postJson(
      '/v1/leads',
      demoLead({ tenant: ON, submissionId: left.submissionId as string }),
    );
    expect(full.status).toBe(202);
    const accepted = (await full.json()) as { leadId: string; duplicate: boolean };
    expect(accepted).toMatchObject({ leadId: first.leadId, duplicate: false });
    const { results } = await env.DB.prepare(
      'SELECT * FROM leads WHERE tenant = ? AND submission_id = ?',
    )
      .bind(ON, left.submissionId)
      .all<Record<string, any>>();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ classification: 'real', contact_name: 'Jane Smith' });
    expect(await jobsOf(first.leadId)).toHaveLength(1);
    // A late beacon after the full lead changes nothing.
    const late = (await (await beacon(left)).json()) as any;
    expect(late).toMatchObject({ leadId: first.leadId, duplicate: true });
    expect((await row(first.leadId))!.classification).toBe('real');
  });

  it('a spam full submission supersedes it as spam (classification from the full one)', async () => {
    const left = partial();
    const { leadId } = (await (await beacon(left)).json()) as { leadId: string };
    await postJson(
      '/v1/leads',
      demoLead({ tenant: ON, submissionId: left.submissionId as string, hp: 'bot' }),
    );
    expect((await row(leadId))!.classification).toBe('spam');
  });
});

describe('reports, retention and the console', () => {
  it('is left out of the lead report', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const qs = new URLSearchParams({ tenant: OTHER, from: day, to: day, groupBy: 'source' });
    const before = (await getJson(`/v1/admin/reports/leads?${qs}`)).body.totals;
    await beacon(partial(OTHER));
    const after = (await getJson(`/v1/admin/reports/leads?${qs}`)).body.totals;
    expect(after).toEqual(before);
  });

  it('retention erases an unfinished request past the tenant period, not a real lead', async () => {
    const { leadId } = (await (await beacon(partial())).json()) as { leadId: string };
    const fresh = (await (await beacon(partial())).json()) as { leadId: string };
    const real = (await (await postJson('/v1/leads', demoLead({ tenant: ON }))).json()) as any;
    const old = new Date(Date.now() - 11 * DAY).toISOString();
    await env.DB.prepare('UPDATE leads SET received_at = ? WHERE id IN (?, ?)')
      .bind(old, leadId, real.leadId)
      .run();
    const run = await call(`/v1/admin/lifecycle/retention/${ON}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` },
    });
    expect(run.status).toBe(200);
    expect(await row(leadId)).toMatchObject({ erased_at: expect.any(String), contact_phone: null });
    expect((await row(fresh.leadId))!.erased_at).toBeNull();
    expect((await row(real.leadId))!.erased_at).toBeNull();
  });

  it('operators list and call back their own tenant’s unfinished requests only (audited)', async () => {
    const { leadId } = (await (await beacon(partial())).json()) as { leadId: string };
    const mine = bearer(await mintOperatorToken(ON));
    const theirs = bearer(await mintOperatorToken(OTHER));
    const list = await getJson(`/v1/admin/leads?classification=unfinished`, mine);
    expect(
      list.body.leads.every((l: any) => l.tenant === ON && l.classification === 'unfinished'),
    ).toBe(true);
    expect(list.body.leads.map((l: any) => l.id)).toContain(leadId);
    const foreign = await getJson(`/v1/admin/leads?classification=unfinished`, theirs);
    expect(foreign.body.leads.map((l: any) => l.id)).not.toContain(leadId);
    expect(
      (await sendJson('POST', `/v1/admin/leads/${leadId}/called-back`, {}, theirs)).status,
    ).toBe(403);

    const marked = await sendJson(
      'POST',
      `/v1/admin/leads/${leadId}/called-back`,
      { note: 'left a voicemail' },
      mine,
    );
    expect(marked.status).toBe(200);
    expect(((await marked.json()) as any).lead.calledBackAt).toEqual(expect.any(String));
    const { body } = await getJson(`/v1/admin/leads/${leadId}`, mine);
    expect(body.audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'lead.called_back',
          detail: { note: 'left a voicemail' },
        }),
      ]),
    );
    // Reclassified real (the office booked it): the handoff starts; call-back is then refused.
    const real = await sendJson(
      'POST',
      `/v1/admin/leads/${leadId}/classification`,
      { classification: 'real' },
      mine,
    );
    expect(real.status).toBe(200);
    expect(await jobsOf(leadId)).toHaveLength(1);
    const again = await sendJson('POST', `/v1/admin/leads/${leadId}/called-back`, {}, mine);
    expect(again.status).toBe(409);
    const toUnfinished = await sendJson(
      'POST',
      `/v1/admin/leads/${leadId}/classification`,
      { classification: 'unfinished' },
      mine,
    );
    expect(toUnfinished.status).toBe(422);
  });
});

describe('settings and the public config', () => {
  it('serves capture and the default disclosure only when on, never the retention period', async () => {
    const on = (await (await call(`/v1/tenants/${ON}/config`)).json()) as Record<string, any>;
    expect(on.captureUnfinished).toBe(true);
    expect(on.unfinishedDisclosure).toEqual({
      text: "If you don't finish, we may call you about this request.",
      textEs: 'Si no termina, es posible que le llamemos sobre esta solicitud.',
    });
    expect(on).not.toHaveProperty('unfinishedRetentionDays');
    const off = (await (await call('/v1/tenants/desert-peak/config')).json()) as Record<
      string,
      any
    >;
    expect(off).not.toHaveProperty('captureUnfinished');
    expect(off).not.toHaveProperty('unfinishedDisclosure');
  });

  it('validates the disclosure and the retention period', () => {
    const { testContacts: _private, ...settings } = demoWidgetConfig;
    const invalid = validateSettings({
      ...settings,
      locales: ['en', 'es'],
      captureUnfinished: true,
      unfinishedDisclosure: { text: 'We may call you.' },
      unfinishedRetentionDays: 0,
    });
    expect(invalid.ok).toBe(false);
    const paths = !invalid.ok && invalid.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(['unfinishedRetentionDays']);
    const rules = validateSettings({
      ...settings,
      locales: ['en', 'es'],
      captureUnfinished: true,
      unfinishedDisclosure: { text: 'We may call you.' },
    });
    expect(!rules.ok && rules.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['unfinishedDisclosure.textEs', 'disclosure_missing'],
    ]);
  });
});
