/**
 * Faults on the lead path, at burst scale: D1 failing in the middle of a burst (every lead still
 * acknowledged, every one in D1 once the fallback queue drains), fallback messages redelivered
 * and raced by the visitor's own retry, and D1 staying down past the tenant-context cache.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import worker from '../../../edge/index.ts';
import type { FallbackMessage } from '../../../edge/leads/fallback.ts';
import { DEMO_TENANT } from '../../../edge/seed/desert-peak.ts';
import { invalidateTenantContext, TENANT_CACHE_TTL_MS } from '../../../edge/tenants/context.ts';
import { failingD1 } from '../../helpers/d1.ts';
import { BASE, randomIp } from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';

type Lead = ReturnType<typeof demoLead>;

/** The real D1 until `down` is set, then one that fails every call, as in an outage. */
function switchableD1() {
  const state = { down: false };
  const failing = failingD1();
  const pick = () => (state.down ? failing : env.DB);
  const db = {
    prepare: (sql: string) => pick().prepare(sql),
    batch: (statements: D1PreparedStatement[]) => pick().batch(statements),
    exec: (sql: string) => pick().exec(sql),
  } as unknown as D1Database;
  return { db, state };
}

/**
 * A lead to the worker with some bindings replaced, without a form token and without waiting for
 * its after-response work (test/helpers/api.ts `postLead` is the plain path).
 */
async function postLeadWith(lead: Lead, bindings: Partial<Env> = {}, ip = randomIp()) {
  const request = new Request(`${BASE}/v1/leads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
    body: JSON.stringify(lead),
  });
  const res = await worker.fetch(request, { ...env, ...bindings }, createExecutionContext());
  const body = (await res.json()) as { leadId: string; error?: string };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
}

/** Stored rows per submission id, with the path each took into D1. */
async function storedRows(leads: Lead[]) {
  const ids = leads.map((lead) => lead.submissionId);
  const rows: { submission_id: string; id: string; ingest_path: string }[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    const { results } = await env.DB.prepare(
      `SELECT submission_id, id, ingest_path FROM leads
       WHERE tenant = ? AND submission_id IN (${chunk.map(() => '?').join(', ')})`,
    )
      .bind(DEMO_TENANT, ...chunk)
      .all<{ submission_id: string; id: string; ingest_path: string }>();
    rows.push(...results);
  }
  return rows;
}

async function waitForRows(leads: Lead[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let rows = await storedRows(leads);
  while (rows.length < leads.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    rows = await storedRows(leads);
  }
  return rows;
}

/** A queue producer that keeps what it is sent, as the queue's durable storage would. */
function recordingQueue() {
  const sent: FallbackMessage[] = [];
  const queue = {
    send: async (body: FallbackMessage) => {
      // Messages are stored serialized; what the consumer gets back is a copy, not the object.
      sent.push(structuredClone(body));
    },
    sendBatch: async () => {},
  };
  return { queue: queue as unknown as Queue, sent };
}

async function deliver(messages: FallbackMessage[], db: D1Database) {
  const batch = createMessageBatch<FallbackMessage>(
    'pagetojob-lead-fallback',
    messages.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, DB: db });
  return getQueueResult(batch, ctx);
}

describe('D1 failing during a burst', () => {
  it('acknowledges every lead and the real queue drains the failed ones into D1 once', async () => {
    expect((await postLeadWith(demoLead())).status).toBe(202); // a warm isolate, as in production
    const { db, state } = switchableD1();
    const leads = Array.from({ length: 300 }, () => demoLead());
    const answers: { status: number; body: { leadId: string } }[] = [];
    const CONCURRENCY = 25;
    // D1 is down for waves 3 to 8 of 12: 150 leads meet the outage, 150 a working D1.
    const outage = { from: 50, to: 200 };
    for (let i = 0; i < leads.length; i += CONCURRENCY) {
      state.down = i >= outage.from && i < outage.to;
      const wave = leads.slice(i, i + CONCURRENCY).map((lead) => postLeadWith(lead, { DB: db }));
      answers.push(...(await Promise.all(wave)));
    }
    expect(answers.map((a) => a.status)).toEqual(leads.map(() => 202));

    const rows = await waitForRows(leads, 30_000);
    expect(rows).toHaveLength(leads.length);
    expect(new Set(rows.map((r) => r.submission_id)).size).toBe(leads.length);
    expect(rows.map((r) => r.id).sort()).toEqual(answers.map((a) => a.body.leadId).sort());
    const onPath = (path: string) => rows.filter((r) => r.ingest_path === path).length;
    expect(onPath('fallback')).toBe(outage.to - outage.from);
    expect(onPath('direct')).toBe(leads.length - (outage.to - outage.from));
  }, 60_000);
});

describe('fallback queue redelivery', () => {
  it('retries while D1 is down, then stores each lead once despite duplicates and client retries', async () => {
    expect((await postLeadWith(demoLead())).status).toBe(202);
    const { queue, sent } = recordingQueue();
    const leads = Array.from({ length: 50 }, () => demoLead());
    const acknowledged = [];
    for (const lead of leads) {
      acknowledged.push(await postLeadWith(lead, { DB: failingD1(), LEAD_FALLBACK: queue }));
    }
    expect(acknowledged.every((a) => a.status === 202)).toBe(true);
    expect(sent).toHaveLength(leads.length);

    // Still down when the consumer first runs: every message is retried, none acknowledged.
    const stillDown = await deliver(sent, failingD1());
    expect(stillDown.retryMessages).toHaveLength(leads.length);
    expect(stillDown.explicitAcks).toEqual([]);

    // D1 is back. Ten visitors' widgets resubmit on their own before the queue catches up.
    for (const lead of leads.slice(0, 10)) {
      const retry = await postLeadWith(lead);
      expect(retry.status).toBe(202);
    }
    // At-least-once delivery: every message arrives twice, out of order.
    const redelivered = [...sent, ...sent].sort(() => Math.random() - 0.5);
    const drained = await deliver(redelivered, env.DB);
    expect(drained.explicitAcks).toHaveLength(redelivered.length);

    const rows = await storedRows(leads);
    expect(rows).toHaveLength(leads.length);
    expect(rows.map((r) => r.id).sort()).toEqual(acknowledged.map((a) => a.body.leadId).sort());
  }, 60_000);
});

describe('D1 down for longer than the tenant-context cache', () => {
  it('serves the expired tenant context and acknowledges the lead through the fallback', async () => {
    expect((await postLeadWith(demoLead())).status).toBe(202); // cached now
    const { queue, sent } = recordingQueue();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + TENANT_CACHE_TTL_MS + 60_000);
      const answer = await postLeadWith(demoLead(), { DB: failingD1(), LEAD_FALLBACK: queue });
      expect(answer.status).toBe(202);
      expect(sent).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers 503 with Retry-After from an isolate that never read the tenant', async () => {
    // Nothing to classify against: the widget's outbox keeps the lead and retries, so a 503 (not
    // a 202 that could not be kept) is the honest answer.
    invalidateTenantContext(DEMO_TENANT);
    const { queue, sent } = recordingQueue();
    const answer = await postLeadWith(demoLead(), { DB: failingD1(), LEAD_FALLBACK: queue });
    expect(answer.status).toBe(503);
    expect(answer.body.error).toBe('storage_unavailable');
    expect(answer.retryAfter).toMatch(/^\d+$/);
    expect(sent).toHaveLength(0);
  });
});
