import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import worker from '../../../edge/index.ts';
import { retryDelaySeconds, type FallbackMessage } from '../../../edge/leads/fallback.ts';
import { countingD1, failingD1 } from '../../helpers/d1.ts';
import { BASE, randomIp } from '../../helpers/api.ts';
import { formTokenFor } from '../../helpers/form-token.ts';
import { demoLead } from '../../helpers/leads.ts';

function leadRequest(body: unknown): Request {
  return new Request(`${BASE}/v1/leads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': randomIp() },
    body: JSON.stringify(body),
  });
}

async function fetchWith(request: Request, bindings: Partial<Env>) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A queue producer that keeps what it is sent, so the test can hand it to the consumer. */
function recordingQueue() {
  const sent: FallbackMessage[] = [];
  const queue = {
    send: async (body: FallbackMessage) => void sent.push(body),
    sendBatch: async () => {},
  };
  return { queue: queue as unknown as Queue, sent };
}

async function countRows(submissionId: string) {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM leads WHERE submission_id = ?')
    .bind(submissionId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe('when D1 fails', () => {
  it('acknowledges the lead, queues it, and the consumer stores it once (also on redelivery)', async () => {
    // Warm this isolate's tenant cache while D1 still works, as in production.
    await fetchWith(leadRequest(demoLead()), {});
    const lead = demoLead({ formToken: await formTokenFor() });
    const { queue, sent } = recordingQueue();

    const res = await fetchWith(leadRequest(lead), { DB: failingD1(), LEAD_FALLBACK: queue });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { leadId: string; status: string };
    expect(body.status).toBe('received');
    expect(sent).toHaveLength(1);
    expect(await countRows(lead.submissionId)).toBe(0);

    // The queue delivers the message twice (at-least-once): one row, both acked.
    const messages = [sent[0]!, sent[0]!].map((body, i) => ({
      id: `m${i}`,
      timestamp: new Date(),
      attempts: 1,
      body,
    }));
    const batch = createMessageBatch<FallbackMessage>('pagetojob-lead-fallback', messages);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(['m0', 'm1']);

    const row = await env.DB.prepare('SELECT id, ingest_path FROM leads WHERE submission_id = ?')
      .bind(lead.submissionId)
      .first<{ id: string; ingest_path: string }>();
    expect(row).toEqual({ id: body.leadId, ingest_path: 'fallback' });
  });

  it('retries a queued lead while D1 is still failing, with a growing delay', async () => {
    const lead = demoLead();
    const { queue, sent } = recordingQueue();
    await fetchWith(leadRequest(lead), { DB: failingD1(), LEAD_FALLBACK: queue });
    const batch = createMessageBatch<FallbackMessage>('pagetojob-lead-fallback', [
      { id: 'm1', timestamp: new Date(), attempts: 3, body: sent[0]! },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, DB: failingD1() });
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(['m1']);
    expect(result.explicitAcks).toEqual([]);
    expect([1, 2, 3, 10].map(retryDelaySeconds)).toEqual([5, 10, 20, 300]);
  });

  it('answers 503 with Retry-After when neither D1 nor the queue can take the lead', async () => {
    await fetchWith(leadRequest(demoLead()), {});
    const brokenQueue = { send: () => Promise.reject(new Error('queue down')) } as unknown as Queue;
    const res = await fetchWith(leadRequest(demoLead()), {
      DB: failingD1(),
      LEAD_FALLBACK: brokenQueue,
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(((await res.json()) as { error: string }).error).toBe('storage_unavailable');
  });

  it('drains through the real queue binding into D1', async () => {
    await fetchWith(leadRequest(demoLead()), {});
    const lead = demoLead();
    const res = await fetchWith(leadRequest(lead), { DB: failingD1() });
    expect(res.status).toBe(202);
    // The real queue delivers to this worker's consumer with the real D1 after its batch timeout.
    const deadline = Date.now() + 10_000;
    while ((await countRows(lead.submissionId)) === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await countRows(lead.submissionId)).toBe(1);
  });
});

describe('cost of the lead path', () => {
  it('answers a tenant name that is not a slug with 404 without asking D1', async () => {
    const counter = countingD1(env.DB);
    const res = await fetchWith(leadRequest(demoLead({ tenant: 'X'.repeat(10_000) })), {
      DB: counter.db,
    });
    expect(res.status).toBe(404);
    expect(counter.roundTrips()).toBe(0);
  });

  it('makes exactly one D1 round trip per lead on a warm isolate', async () => {
    await fetchWith(leadRequest(demoLead()), {});
    const counter = countingD1(env.DB);
    const res = await fetchWith(leadRequest(demoLead()), { DB: counter.db });
    expect(res.status).toBe(202);
    expect(counter.roundTrips()).toBe(1);
  });
});

describe('when D1 fails before this isolate knows the tenant', () => {
  it('answers 503 with Retry-After (the widget outbox retries), never a 500', async () => {
    const res = await fetchWith(new Request(`${BASE}/v1/tenants/never-cached-tenant/config`), {
      DB: failingD1(),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toMatchObject({ error: 'storage_unavailable' });
  });

  it('keeps taking leads from an expired tenant copy while D1 reads fail (stale-if-error)', async () => {
    await fetchWith(leadRequest(demoLead()), {});
    const later = Date.now() + 10 * 60_000;
    const clock = vi.spyOn(Date, 'now').mockReturnValue(later);
    try {
      const { queue, sent } = recordingQueue();
      const res = await fetchWith(leadRequest(demoLead()), {
        DB: failingD1(),
        LEAD_FALLBACK: queue,
      });
      expect(res.status).toBe(202);
      expect(sent).toHaveLength(1);
    } finally {
      clock.mockRestore();
    }
  });
});
