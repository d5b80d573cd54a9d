import { describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_TOKEN, call, postJson } from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';

describe('admin auth', () => {
  it.each([
    ['no header', {}],
    ['wrong token', { authorization: 'Bearer nope' }],
    ['token of another length', { authorization: `Bearer ${ADMIN_TOKEN}-and-more` }],
    ['not a bearer', { authorization: 'Basic dGVzdA==' }],
  ])('401 with %s', async (_name, headers) => {
    const res = await call('/v1/admin/leads', { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(await res.json()).toMatchObject({ error: 'unauthorized' });
  });
});

describe('GET /v1/admin/leads', () => {
  it('filters by status and pages with a cursor without repeats', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const since = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 5; i++) {
      const res = await postJson(
        '/v1/leads',
        demoLead({ service: i % 2 ? 'pool-cleaning' : 'ac-repair', notes: tag }),
      );
      expect(res.status).toBe(202);
    }
    const seen: Record<string, any>[] = [];
    let cursor: string | null = null;
    do {
      const qs = new URLSearchParams({
        tenant: 'desert-peak',
        since,
        limit: '2',
        ...(cursor && { cursor }),
      });
      const res = await call(`/v1/admin/leads?${qs}`, { headers: ADMIN });
      expect(res.status).toBe(200);
      const page = (await res.json()) as {
        leads: Record<string, any>[];
        nextCursor: string | null;
      };
      expect(page.leads.length).toBeLessThanOrEqual(2);
      seen.push(...page.leads);
      cursor = page.nextCursor;
    } while (cursor);
    const mine = seen.filter((l) => l.notes === tag);
    expect(mine).toHaveLength(5);
    expect(new Set(seen.map((l) => l.id)).size).toBe(seen.length);
    const times = seen.map((l) => l.receivedAt);
    expect([...times].sort().reverse()).toEqual(times);

    const flagged = await call(
      `/v1/admin/leads?status=needs_review&since=${encodeURIComponent(since)}`,
      { headers: ADMIN },
    );
    const flaggedLeads = ((await flagged.json()) as { leads: Record<string, any>[] }).leads.filter(
      (l) => l.notes === tag,
    );
    expect(flaggedLeads).toHaveLength(2);
    expect(flaggedLeads.every((l) => l.status === 'needs_review')).toBe(true);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['status=lost', 'status'],
    ['since=yesterday', 'since'],
    ['cursor=%%%', 'cursor'],
  ])('400 with the field path for %s', async (qs, field) => {
    const res = await call(`/v1/admin/leads?${qs}`, { headers: ADMIN });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { path: string[] }[] };
    expect(body.issues[0]!.path).toEqual(['query', field]);
  });

  it('404 for an unknown lead id', async () => {
    const res = await call('/v1/admin/leads/ld_nope', { headers: ADMIN });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'lead_not_found' });
  });
});

describe('GET /v1/tenants/:tenant/config', () => {
  it('serves the widget config with bindings and without private fields', async () => {
    const res = await call('/v1/tenants/desert-peak/config');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const config = (await res.json()) as Record<string, any>;
    expect(config).toMatchObject({
      tenant: 'desert-peak',
      name: 'Desert Peak Heating & Air',
      timezone: 'America/Phoenix',
      mapVersion: '2026-11-01.1',
    });
    expect(config.testContacts).toBeUndefined();
    const byKey = Object.fromEntries(config.services.map((s: any) => [s.key, s]));
    expect(byKey['ac-repair'].titanBinding).toEqual({
      jobTypeId: 4521,
      businessUnitId: 319,
      campaignId: 1001,
      mapVersion: '2026-11-01.1',
    });
    expect(byKey['indoor-air-quality'].titanBinding).toBe(null);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await call('/v1/tenants/desert-peak/config');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    const second = await call('/v1/tenants/desert-peak/config', {
      headers: { 'if-none-match': etag! },
    });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
    const stale = await call('/v1/tenants/desert-peak/config', {
      headers: { 'if-none-match': 'W/"0-old"' },
    });
    expect(stale.status).toBe(200);
  });

  it('404 for an unknown tenant', async () => {
    const res = await call('/v1/tenants/nobody/config');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'unknown_tenant' });
  });
});

describe('errors', () => {
  it('answers unknown routes with the error shape', async () => {
    const res = await call('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found', message: expect.any(String) });
  });
});
