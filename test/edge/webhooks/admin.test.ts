/**
 * Operator views of webhook traffic: `GET /v1/admin/webhook-events` (+ detail) and
 * `GET /v1/admin/webhook-rejections`, with filters, keyset paging and tenant scoping.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, bearer, call, getJson } from '../../helpers/api.ts';
import { copyDemoTenant, mintOperatorToken } from '../../helpers/ops.ts';
import { deliver, exampleData, sendEvent, signedHeaders } from '../../helpers/webhooks.ts';

const tenant = 'webhook-admin';

interface EventList {
  events: {
    id: string;
    type: string;
    state: string;
    tenant: string;
    receivedAt: string;
    envelope?: unknown;
  }[];
  nextCursor: string | null;
}
interface RejectionList {
  rejections: { reason: string; status: number; tenant: string; webhookId: string | null }[];
  nextCursor: string | null;
}

let tenantSecret: Promise<string> | undefined;

/** The test tenant and its signing secret, created once for the file. */
function setup(): Promise<string> {
  tenantSecret ??= (async () => {
    await copyDemoTenant(tenant);
    const res = await call(`/v1/admin/webhook-secrets/${tenant}`, {
      method: 'POST',
      headers: ADMIN,
    });
    return ((await res.json()) as { secret: string }).secret;
  })();
  return tenantSecret;
}

describe('webhook admin views', () => {
  it('lists events newest first with filters and keyset paging, and shows one with its envelope', async () => {
    // Runs first: the tenant has exactly these three events.
    const secret = await setup();
    const sent = [];
    for (const type of [
      'tn.crm.lead-created',
      'tn.crm.lead-updated',
      'tn.crm.lead-created',
    ] as const) {
      sent.push(
        (await sendEvent(type, exampleData(type), { tenant, secret })).body.eventId as string,
      );
    }

    const first = await getJson<EventList>(`/v1/admin/webhook-events?tenant=${tenant}&limit=2`);
    expect(first.body.events).toHaveLength(2);
    expect(first.body.events[0]).not.toHaveProperty('envelope');
    const [newest, next] = first.body.events.map((e) => e.receivedAt);
    expect((newest ?? '') >= (next ?? '')).toBe(true);
    const second = await getJson<EventList>(
      `/v1/admin/webhook-events?tenant=${tenant}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.nextCursor).toBeNull();
    const pages = [...first.body.events, ...second.body.events].map((e) => e.id);
    expect(pages.sort()).toEqual([...sent].sort());

    const byType = await getJson<EventList>(
      `/v1/admin/webhook-events?tenant=${tenant}&type=tn.crm.lead-updated`,
    );
    expect(byType.body.events.map((e) => e.id)).toEqual([sent[1]]);
    const byState = await getJson<EventList>(
      `/v1/admin/webhook-events?tenant=${tenant}&state=processed`,
    );
    expect(byState.body.events).toEqual([]);

    const detail = await getJson<{ event: { envelope: { data: { lead: { id: number } } } } }>(
      `/v1/admin/webhook-events/${sent[0]}`,
    );
    expect(detail.body.event.envelope.data.lead.id).toBe(30001);
    expect((await getJson('/v1/admin/webhook-events/whe_missing')).status).toBe(404);
  });

  it('lists rejections with filters and paging, never a body', async () => {
    await setup();
    const body = JSON.stringify({ secret: 'value-that-must-not-be-recorded' });
    // From three addresses: one address's rejections within a minute share a row.
    for (let i = 0; i < 3; i++) {
      const headers = {
        ...(await signedHeaders(body, {
          secret: 'whsec_bm90LXRoZS10ZW5hbnRzLXNpZ25pbmctc2VjcmV0',
        })),
        'cf-connecting-ip': `192.0.2.${i + 1}`,
      };
      expect((await deliver({ tenant, body, headers })).status).toBe(401);
    }
    expect(
      (await deliver({ tenant, body, headers: { 'content-type': 'application/json' } })).status,
    ).toBe(400);

    const forged = await getJson<RejectionList>(
      `/v1/admin/webhook-rejections?tenant=${tenant}&reason=signature_mismatch&limit=2`,
    );
    expect(forged.body.rejections).toHaveLength(2);
    expect(forged.body.rejections.every((r) => r.status === 401 && r.tenant === tenant)).toBe(true);
    const rest = await getJson<RejectionList>(
      `/v1/admin/webhook-rejections?tenant=${tenant}&reason=signature_mismatch&limit=2&cursor=${forged.body.nextCursor}`,
    );
    expect(rest.body.rejections).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();

    const unsigned = await getJson<RejectionList>(
      `/v1/admin/webhook-rejections?tenant=${tenant}&status=400`,
    );
    expect(unsigned.body.rejections.map((r) => r.reason)).toContain('missing_signature_headers');
    expect(JSON.stringify([forged.body, rest.body, unsigned.body])).not.toContain(
      'value-that-must-not-be-recorded',
    );
  });

  it('validates filters and requires a token', async () => {
    expect((await getJson('/v1/admin/webhook-events?state=done')).status).toBe(400);
    expect((await getJson('/v1/admin/webhook-rejections?status=abc')).status).toBe(400);
    expect((await call('/v1/admin/webhook-events')).status).toBe(401);
    expect((await call('/v1/admin/webhook-rejections')).status).toBe(401);
  });

  it("an operator token sees its own tenant's events and rejections only", async () => {
    const secret = await setup();
    const { body } = await sendEvent('tn.crm.lead-created', exampleData('tn.crm.lead-created'), {
      tenant,
      secret,
    });
    await copyDemoTenant('webhook-admin-other');
    const other = bearer(await mintOperatorToken('webhook-admin-other'));
    const mine = bearer(await mintOperatorToken(tenant));

    expect((await getJson(`/v1/admin/webhook-events?tenant=${tenant}`, other)).status).toBe(403);
    expect((await getJson(`/v1/admin/webhook-rejections?tenant=${tenant}`, other)).status).toBe(
      403,
    );
    expect((await getJson(`/v1/admin/webhook-events/${body.eventId}`, other)).status).toBe(403);
    const scoped = await getJson<EventList>('/v1/admin/webhook-events', other);
    expect(scoped.body.events.every((e) => e.tenant === 'webhook-admin-other')).toBe(true);
    const own = await getJson<EventList>('/v1/admin/webhook-events', mine);
    expect(own.body.events.map((e) => e.id)).toContain(body.eventId);
  });
});
