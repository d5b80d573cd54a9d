import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import demoFile from '../../../examples/tenants/desert-peak.json' with { type: 'json' };
import { bearer, call, getJson, postJson, sendJson } from '../../helpers/api.ts';
import { demoLead, upcomingWeekday } from '../../helpers/leads.ts';
import { mintOperatorToken } from '../../helpers/ops.ts';

/** The demo tenant's document under another slug: what an operator would paste to onboard. */
function tenantDocument(slug: string, name = `Onboarded ${slug}`) {
  return { ...structuredClone(demoFile), slug, name, allowedOrigins: ['https://example.com'] };
}

async function createTenant(slug: string): Promise<void> {
  const res = await sendJson('POST', '/v1/admin/tenants', tenantDocument(slug));
  expect(res.status).toBe(201);
}

async function publicConfig(slug: string) {
  const res = await call(`/v1/tenants/${slug}/config`);
  return { status: res.status, etag: res.headers.get('etag'), body: (await res.json()) as any };
}

/** The window keys a served config offers on `date`. */
function offered(config: any, date: string): string[] {
  return config.slots
    .filter((s: { date: string }) => s.date === date)
    .map((s: { window: number }) => config.windows[s.window].key);
}

async function leadFor(slug: string, overrides: Record<string, unknown> = {}) {
  const res = await postJson('/v1/leads', demoLead({ tenant: slug, ...overrides }));
  expect(res.status).toBe(202);
  const { leadId } = (await res.json()) as { leadId: string };
  return env.DB.prepare('SELECT status, classification, review_reasons FROM leads WHERE id = ?')
    .bind(leadId)
    .first<{ status: string; classification: string; review_reasons: string }>();
}

describe('creating a tenant', () => {
  it('serves its settings at once and stores its leads, without SQL', async () => {
    const res = await sendJson('POST', '/v1/admin/tenants', tenantDocument('onb-new'));
    expect(res.status).toBe(201);
    const { tenant } = (await res.json()) as any;
    expect(tenant).toMatchObject({
      slug: 'onb-new',
      status: 'active',
      publishedVersion: 1,
      hasDraft: false,
      allowedOrigins: ['https://example.com'],
    });

    const config = await publicConfig('onb-new');
    expect(config.status).toBe(200);
    expect(config.body.name).toBe('Onboarded onb-new');
    expect(config.body.services.map((s: { key: string }) => s.key)).toEqual(
      demoFile.config.services.map((s) => s.key),
    );
    expect(config.body.testContacts).toBeUndefined();
    // Texts the widget renders as served: the default out-of-area message, with the office phone
    // (the emergency line when the tenant set no office phone).
    expect(config.body.officePhone).toBe('(602) 555-0147');
    expect(config.body.outOfArea).toEqual({
      text: 'Outside our usual area; you can still send this. Questions? Call (602) 555-0147.',
      textEs:
        'Fuera de nuestra zona habitual; aún puede enviarla. ¿Preguntas? Llame al (602) 555-0147.',
    });

    const lead = await leadFor('onb-new');
    expect(lead?.classification).toBe('real');
  });

  it('refuses a slug that is taken, and anyone but the global admin', async () => {
    await createTenant('onb-taken');
    const again = await sendJson('POST', '/v1/admin/tenants', tenantDocument('onb-taken'));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'tenant_exists' });

    const token = await mintOperatorToken('onb-taken');
    const byOperator = await sendJson(
      'POST',
      '/v1/admin/tenants',
      tenantDocument('onb-by-operator'),
      bearer(token),
    );
    expect(byOperator.status).toBe(403);
    expect(await byOperator.json()).toMatchObject({ error: 'admin_only' });
  });

  it('reports every settings problem at once with its path, and stores nothing', async () => {
    const doc = tenantDocument('onb-invalid');
    const config = doc.config as any;
    doc.timezone = 'Mars/Olympus_Mons';
    config.services.push({ ...config.services[0] });
    config.services[1].urgencies = [];
    config.windows[1] = { ...config.windows[1], start: '11:00' };
    config.windows[2] = { ...config.windows[2], end: '20:00' };
    config.serviceAreaZips = ['85001', '8500', 'abcde'];
    config.branding.primaryColor = '#fde047';
    config.branding.fontFamily = 'x;background:url(https://evil.example/)';
    config.consent.text = '';
    config.emergencyPhone = '';

    const tzFirst = await sendJson('POST', '/v1/admin/tenants', doc);
    expect(tzFirst.status).toBe(422);
    expect(JSON.stringify(await tzFirst.json())).toContain('timezone');

    doc.timezone = 'America/Phoenix';
    const res = await sendJson('POST', '/v1/admin/tenants', doc);
    expect(res.status).toBe(422);
    const body = (await res.json()) as {
      error: string;
      issues: { path: unknown[]; code: string }[];
    };
    expect(body.error).toBe('invalid_settings');
    const found = body.issues.map((issue) => `${issue.path.join('.')}:${issue.code}`);
    expect(found).toEqual(
      expect.arrayContaining([
        `config.services.${config.services.length - 1}.key:duplicate_service_key`,
        'config.services.1.urgencies:no_urgency',
        'config.windows.1:windows_overlap',
        'config.windows.2:window_outside_hours',
        'config.serviceAreaZips.1:invalid_zip',
        'config.serviceAreaZips.2:invalid_zip',
        'config.branding.primaryColor:low_contrast',
        'config.branding.fontFamily:unsafe_branding',
        'config.consent.text:consent_missing',
        'config.emergencyPhone:emergency_phone_missing',
      ]),
    );
    const stored = await env.DB.prepare(
      "SELECT count(*) AS n FROM tenants WHERE slug = 'onb-invalid'",
    ).first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });
});

describe('the settings draft', () => {
  it('is never served until published; publishing is a new version, audited with who and why', async () => {
    await createTenant('onb-flow');
    const before = await publicConfig('onb-flow');

    const draft = await getJson('/v1/admin/tenants/onb-flow/config/draft');
    expect(draft.body).toMatchObject({ exists: false, publishedVersion: 1, baseVersion: 1 });
    const edited = structuredClone(draft.body.config);
    edited.services[0].label = 'AC repair (same day)';
    edited.serviceAreaZips.push('85999');
    const saved = await sendJson('PUT', '/v1/admin/tenants/onb-flow/config/draft', edited);
    expect(saved.status).toBe(200);

    const unchanged = await publicConfig('onb-flow');
    expect(unchanged.etag).toBe(before.etag);
    expect(unchanged.body.services[0].label).toBe(before.body.services[0].label);

    const diff = await getJson('/v1/admin/tenants/onb-flow/config/diff');
    expect(diff.body.changes).toEqual([
      {
        path: ['services', 'ac-repair', 'label'],
        change: 'changed',
        before: before.body.services[0].label,
        after: 'AC repair (same day)',
      },
      {
        path: ['serviceAreaZips'],
        change: 'changed',
        before: expect.any(Array),
        after: expect.any(Array),
      },
    ]);

    const noNote = await sendJson('POST', '/v1/admin/tenants/onb-flow/config/publish', {});
    expect(noNote.status).toBe(422);
    const published = await sendJson('POST', '/v1/admin/tenants/onb-flow/config/publish', {
      note: 'same-day AC wording',
    });
    expect(published.status).toBe(201);
    expect(await published.json()).toMatchObject({ version: 2, note: 'same-day AC wording' });

    const after = await publicConfig('onb-flow');
    expect(after.etag).not.toBe(before.etag);
    expect(after.body.services[0].label).toBe('AC repair (same day)');
    expect(after.body.serviceAreaZips).toContain('85999');

    const versions = await getJson('/v1/admin/tenants/onb-flow/config/versions');
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const audit = await env.DB.prepare(
      "SELECT actor, detail FROM audit_log WHERE action = 'tenant_config.published' AND tenant = 'onb-flow'",
    ).first<{ actor: string; detail: string }>();
    expect(audit?.actor).toBe('admin');
    expect(JSON.parse(audit!.detail)).toMatchObject({ version: 2, note: 'same-day AC wording' });

    const nothingLeft = await sendJson('POST', '/v1/admin/tenants/onb-flow/config/publish', {
      note: 'again',
    });
    expect(nothingLeft.status).toBe(409);
  });

  it('refuses an invalid draft with every problem, keeping the last good one', async () => {
    await createTenant('onb-bad-draft');
    const draft = await getJson('/v1/admin/tenants/onb-bad-draft/config/draft');
    const bad = structuredClone(draft.body.config);
    bad.windows[0].end = '06:00';
    bad.closures = [{ date: '2027-02-30' }];
    const res = await sendJson('PUT', '/v1/admin/tenants/onb-bad-draft/config/draft', bad);
    expect(res.status).toBe(422);
    const codes = ((await res.json()) as { issues: { code: string }[] }).issues.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['window_inverted', 'invalid_date']));
    const still = await getJson('/v1/admin/tenants/onb-bad-draft/config/draft');
    expect(still.body.exists).toBe(false);
  });

  it('restores an old version as a draft, which still needs publishing', async () => {
    await createTenant('onb-restore');
    const draft = await getJson('/v1/admin/tenants/onb-restore/config/draft');
    const v2 = structuredClone(draft.body.config);
    v2.emergencyPhone = '(602) 555-0199';
    await sendJson('PUT', '/v1/admin/tenants/onb-restore/config/draft', v2);
    await sendJson('POST', '/v1/admin/tenants/onb-restore/config/publish', { note: 'new line' });
    const etag = (await publicConfig('onb-restore')).etag;

    const restored = await sendJson(
      'POST',
      '/v1/admin/tenants/onb-restore/config/versions/1/restore',
      undefined,
    );
    expect(restored.status).toBe(200);
    expect(await restored.json()).toMatchObject({ restoredVersion: 1, baseVersion: 2 });
    expect((await publicConfig('onb-restore')).etag).toBe(etag);
    const diff = await getJson('/v1/admin/tenants/onb-restore/config/diff');
    expect(diff.body.changes).toEqual([
      {
        path: ['emergencyPhone'],
        change: 'changed',
        before: '(602) 555-0199',
        after: '(602) 555-0147',
      },
    ]);
    const missing = await sendJson(
      'POST',
      '/v1/admin/tenants/onb-restore/config/versions/9/restore',
      undefined,
    );
    expect(missing.status).toBe(404);
  });

  it('refuses to publish a draft based on a version that has been replaced since', async () => {
    await createTenant('onb-stale');
    const { body } = await getJson('/v1/admin/tenants/onb-stale/config/draft');
    await env.DB.prepare(
      `INSERT INTO tenant_config_versions (tenant, version, config, note, published_by)
       SELECT tenant, 2, config, 'elsewhere', 'admin' FROM tenant_config_versions
        WHERE tenant = 'onb-stale' AND version = 1`,
    ).run();
    await env.DB.prepare(
      `INSERT INTO tenant_config_drafts (tenant, config, base_version, updated_by)
       VALUES ('onb-stale', ?, 1, 'admin')`,
    )
      .bind(JSON.stringify(body.config))
      .run();
    const res = await sendJson('POST', '/v1/admin/tenants/onb-stale/config/publish', { note: 'x' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: 'draft_outdated' });
  });
});

describe("a tenant's operators", () => {
  it('read their tenant and edit its draft, but neither publish nor see another tenant', async () => {
    await createTenant('onb-op-a');
    await createTenant('onb-op-b');
    const token = bearer(await mintOperatorToken('onb-op-a'));

    const list = await getJson('/v1/admin/tenants', token);
    expect(list.body.tenants.map((t: { slug: string }) => t.slug)).toEqual(['onb-op-a']);
    expect((await getJson('/v1/admin/tenants/onb-op-a', token)).status).toBe(200);

    const draft = await getJson('/v1/admin/tenants/onb-op-a/config/draft', token);
    draft.body.config.emergencyPhone = '(602) 555-0111';
    const saved = await sendJson(
      'PUT',
      '/v1/admin/tenants/onb-op-a/config/draft',
      draft.body.config,
      token,
    );
    expect(saved.status).toBe(200);
    const publish = await sendJson(
      'POST',
      '/v1/admin/tenants/onb-op-a/config/publish',
      { note: 'mine' },
      token,
    );
    expect(publish.status).toBe(403);
    expect(await publish.json()).toMatchObject({ error: 'admin_only' });
    const patch = await sendJson(
      'PATCH',
      '/v1/admin/tenants/onb-op-a',
      { status: 'paused' },
      token,
    );
    expect(patch.status).toBe(403);

    for (const path of [
      '/v1/admin/tenants/onb-op-b',
      '/v1/admin/tenants/onb-op-b/config/draft',
      '/v1/admin/tenants/onb-op-b/config/diff',
      '/v1/admin/tenants/onb-op-b/config/versions',
    ]) {
      const res = await getJson(path, token);
      expect(res.status, path).toBe(403);
      expect(res.body.error).toBe('forbidden_tenant');
    }
    const other = await sendJson(
      'PUT',
      '/v1/admin/tenants/onb-op-b/config/draft',
      draft.body.config,
      token,
    );
    expect(other.status).toBe(403);
    expect((await getJson('/v1/admin/tenants/onb-op-b/config/draft')).body.exists).toBe(false);
  });
});

describe('changes without review', () => {
  it('pausing or archiving shows in the config and flags leads, never refuses them', async () => {
    await createTenant('onb-paused');
    const active = await publicConfig('onb-paused');
    expect(active.body.closed).toBeUndefined();
    const paused = await sendJson('PATCH', '/v1/admin/tenants/onb-paused', { status: 'paused' });
    expect(paused.status).toBe(200);
    const served = await publicConfig('onb-paused');
    expect(served.body.status).toBe('paused');
    // The widget shows this card instead of the form; a cached active config must not survive.
    expect(served.body.closed).toEqual({
      text: 'We are not taking online requests right now. Please call (602) 555-0147.',
      textEs: 'Por ahora no recibimos solicitudes en línea. Llame al (602) 555-0147.',
    });
    expect(served.etag).not.toBe(active.etag);
    const lead = await leadFor('onb-paused');
    expect(lead?.status).toBe('needs_review');
    expect(JSON.parse(lead!.review_reasons)).toContain('tenant_paused');

    await sendJson('PATCH', '/v1/admin/tenants/onb-paused', { status: 'archived' });
    expect((await publicConfig('onb-paused')).body.closed.text).toBe(
      'Online booking is no longer available. Please call (602) 555-0147.',
    );
    const archived = await leadFor('onb-paused');
    expect(JSON.parse(archived!.review_reasons)).toContain('tenant_archived');
  });

  it('test contacts apply at once, without changing what the widget is served', async () => {
    await createTenant('onb-contacts');
    const etag = (await publicConfig('onb-contacts')).etag;
    const res = await sendJson('PATCH', '/v1/admin/tenants/onb-contacts', {
      testContacts: { phones: ['6025550177'], emails: [] },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).tenant.testContacts.phones).toEqual(['6025550177']);
    expect((await publicConfig('onb-contacts')).etag).toBe(etag);
    const lead = await leadFor('onb-contacts', {
      contact: {
        name: 'Office Test',
        phone: '602-555-0177',
        email: 'x@example.com',
        smsOptIn: false,
      },
    });
    expect(lead?.classification).toBe('test');

    const audit = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE action = 'tenant.updated' AND tenant = 'onb-contacts'",
    ).first<{ detail: string }>();
    expect(audit?.detail).not.toContain('6025550177');
  });

  it('a bad patch is refused with the field path', async () => {
    await createTenant('onb-patch');
    const res = await sendJson('PATCH', '/v1/admin/tenants/onb-patch', {
      timezone: 'Europe/Nowhere',
      allowedOrigins: ['javascript:alert(1)'],
    });
    expect(res.status).toBe(422);
    const paths = ((await res.json()) as { issues: { path: unknown[] }[] }).issues.map((i) =>
      i.path.join('.'),
    );
    expect(paths).toEqual(expect.arrayContaining(['timezone', 'allowedOrigins.0']));
    expect((await getJson('/v1/admin/tenants/unknown-tenant')).status).toBe(404);
  });
});

describe('window capacity', () => {
  it('flags requests past a full window, never refuses them, and the config stops offering it', async () => {
    const doc = tenantDocument('onb-capacity');
    (doc.config.windows[0] as { capacity?: number }).capacity = 2;
    expect((await sendJson('POST', '/v1/admin/tenants', doc)).status).toBe(201);
    const date = upcomingWeekday(5);
    const slot = { preferredTime: { date, window: 'morning' as const } };
    const person = (n: number) => ({
      contact: {
        name: `P ${n}`,
        phone: `60255501${10 + n}`,
        email: `p${n}@example.com`,
        smsOptIn: false,
      },
    });
    const before = await publicConfig('onb-capacity');
    expect(offered(before.body, date)).toContain('morning');

    const spam = await leadFor('onb-capacity', { ...slot, ...person(0), hp: 'bot' });
    expect(spam?.classification).toBe('spam');
    for (const n of [1, 2]) {
      const lead = await leadFor('onb-capacity', { ...slot, ...person(n) });
      expect(JSON.parse(lead!.review_reasons)).not.toContain('window_full');
    }
    const thirdBody = demoLead({ tenant: 'onb-capacity', ...slot, ...person(3) });
    const third = await postJson('/v1/leads', thirdBody);
    expect(third.status).toBe(202);
    expect(await third.json()).toMatchObject({ status: 'needs_review', duplicate: false });
    const again = await postJson('/v1/leads', thirdBody);
    expect(await again.json()).toMatchObject({ status: 'needs_review', duplicate: true });
    const row = await env.DB.prepare(
      "SELECT review_reasons FROM leads WHERE tenant = 'onb-capacity' AND submission_id = ?",
    )
      .bind(thirdBody.submissionId)
      .first<{ review_reasons: string }>();
    expect(JSON.parse(row!.review_reasons).filter((r: string) => r === 'window_full')).toHaveLength(
      1,
    );

    const afternoon = await leadFor('onb-capacity', {
      preferredTime: { date, window: 'afternoon' },
      ...person(4),
    });
    expect(JSON.parse(afternoon!.review_reasons)).not.toContain('window_full');

    const after = await publicConfig('onb-capacity');
    // The full window leaves the served slots for that day only; the ETag follows.
    expect(offered(after.body, date)).not.toContain('morning');
    expect(offered(after.body, date)).toContain('afternoon');
    expect(after.etag).not.toBe(before.etag);
  });
});
