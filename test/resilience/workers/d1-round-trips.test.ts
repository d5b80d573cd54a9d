/**
 * D1 round trips of `POST /v1/leads` (and of an accepted webhook event), counted at the binding: the real worker's fetch handler runs
 * in workerd against the real (miniflare) D1, wrapped by `countingD1`, which counts every batch,
 * exec and lone statement execution — each is one network round trip to D1 in production. The
 * count is read when the Response is returned (the request path the visitor waits for) and again
 * after `waitUntil` work settles (work moved off the request path). Each request is also timed,
 * with the time spent waiting on D1 and on the rate limiter, which tells what a request costs
 * under local emulation (means over the requests: workerd's clock ticks in whole milliseconds).
 * `npm run bench` reads all of it from this suite's JSON report
 * (`task.meta.d1`).
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../../edge/index.ts';
import { DEMO_TENANT } from '../../../edge/seed/desert-peak.ts';
import { invalidateTenantContext } from '../../../edge/tenants/context.ts';
import { countingD1 } from '../../helpers/d1.ts';
import { BASE, randomIp } from '../../helpers/api.ts';
import { formTokenFor } from '../../helpers/form-token.ts';
import { demoLead } from '../../helpers/leads.ts';
import { envelope, exampleData, signedHeaders } from '../../helpers/webhooks.ts';

export interface RoundTripFigure {
  requests: number;
  /** Round trips made before the response, per request (min and max over the requests). */
  requestPath: { min: number; max: number };
  /** Round trips made after the response (waitUntil), per request. */
  afterResponse: { min: number; max: number };
  /**
   * Mean milliseconds per request until its Response, and how much of that was spent waiting on
   * D1 batches and on the rate limiter (local miniflare bindings here, not Cloudflare's).
   */
  meanMs: { request: number; d1: number; rateLimiter: number };
}

declare module 'vitest' {
  interface TaskMeta {
    d1?: RoundTripFigure;
  }
}

const REQUESTS_PER_CASE = 20;

function leadRequest(body: unknown): Request {
  return new Request(`${BASE}/v1/leads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': randomIp() },
    body: JSON.stringify(body),
  });
}

/** The worker's D1 (counted) and rate limiter, each timed while the worker waits on it. */
function instrumentedBindings() {
  const counter = countingD1(env.DB);
  const waited = { d1: 0, rateLimiter: 0 };
  const timed = async <T>(key: keyof typeof waited, work: Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work;
    } finally {
      waited[key] += performance.now() - start;
    }
  };
  const bindings: Partial<Env> = {
    DB: {
      ...counter.db,
      batch: (statements: D1PreparedStatement[]) => timed('d1', counter.db.batch(statements)),
    } as D1Database,
    LEAD_RATE_LIMITER: {
      limit: (options) => timed('rateLimiter', env.LEAD_RATE_LIMITER.limit(options)),
    },
  };
  return { bindings, waited, roundTrips: counter.roundTrips };
}

async function countedRequest(request: Request) {
  const { bindings, waited, roundTrips } = instrumentedBindings();
  const ctx = createExecutionContext();
  const start = performance.now();
  const res = await worker.fetch(request, { ...env, ...bindings }, ctx);
  const ms = { request: performance.now() - start, ...waited };
  const before = roundTrips();
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return { status: res.status, before, after: roundTrips() - before, ms };
}

const countedPost = (body: unknown) => countedRequest(leadRequest(body));

async function measure(
  makeRequest: () => Request,
  options: { coldIsolate?: boolean } = {},
): Promise<RoundTripFigure & { statuses: number[] }> {
  const results: Awaited<ReturnType<typeof countedRequest>>[] = [];
  for (let i = 0; i < REQUESTS_PER_CASE; i += 1) {
    // Dropping the per-isolate tenant cache is what a freshly started isolate looks like.
    if (options.coldIsolate) invalidateTenantContext(DEMO_TENANT);
    results.push(await countedRequest(makeRequest()));
  }
  const span = (values: number[]) => ({ min: Math.min(...values), max: Math.max(...values) });
  const mean = (key: 'request' | 'd1' | 'rateLimiter') =>
    results.reduce((sum, r) => sum + r.ms[key], 0) / results.length;
  return {
    requests: results.length,
    requestPath: span(results.map((r) => r.before)),
    afterResponse: span(results.map((r) => r.after)),
    meanMs: { request: mean('request'), d1: mean('d1'), rateLimiter: mean('rateLimiter') },
    statuses: [...new Set(results.map((r) => r.status))],
  };
}

async function warmUp() {
  expect((await countedPost(demoLead())).status).toBe(202);
}

interface Case {
  title: string;
  /** Each counted request (`prepare` runs first, uncounted). */
  request: (prepared: unknown) => Request;
  prepare?: () => Promise<unknown>;
  status: number;
  roundTrips: number;
  /** Round trips after the response, where the case promises a number. */
  afterResponse?: number;
}

const WARM_CASES: Case[] = [
  {
    title: 'the no-op route (GET /healthz, the reference): none',
    request: () => new Request(`${BASE}/healthz`),
    status: 200,
    roundTrips: 0,
  },
  {
    title: 'a new lead: exactly one',
    request: () => leadRequest(demoLead()),
    status: 202,
    roundTrips: 1,
  },
  {
    title: 'a duplicate submission: exactly one',
    prepare: async () => {
      const original = demoLead();
      await countedPost(original);
      return original;
    },
    request: (original) => leadRequest(original),
    status: 202,
    roundTrips: 1,
  },
  {
    title: 'a lead flagged for review (unknown service, drifted binding, bad date): exactly one',
    request: () =>
      leadRequest(
        demoLead({
          service: 'solar-panels',
          titanBinding: { jobTypeId: 1, businessUnitId: 2, campaignId: 3 },
          preferredTime: { date: '2020-02-30', window: 'anytime' },
        }),
      ),
    status: 202,
    roundTrips: 1,
  },
  {
    title: 'a spam submission (honeypot filled, stored and classified): exactly one',
    request: () => leadRequest(demoLead({ hp: 'http://spam.example' })),
    status: 202,
    roundTrips: 1,
  },
  {
    title: "a widget lead with a form token (its reuse check in the lead's batch): exactly one",
    // One token for every counted request: past the fifth, the reuse check turns them to spam.
    prepare: () => formTokenFor(),
    request: (formToken) => leadRequest(demoLead({ formToken: formToken as string })),
    status: 202,
    roundTrips: 1,
    afterResponse: 0,
  },
  {
    title: 'a refused lead (no way to contact the person): none',
    request: () =>
      leadRequest(demoLead({ contact: { name: 'No Contact', phone: '12', email: 'nope' } })),
    status: 422,
    roundTrips: 0,
  },
];

describe('D1 round trips on the lead request path (warm isolate)', () => {
  for (const c of WARM_CASES) {
    it(c.title, async ({ task }) => {
      await warmUp();
      const prepared = await c.prepare?.();
      const { statuses, ...figure } = await measure(() => c.request(prepared));
      task.meta.d1 = figure;
      expect(statuses).toEqual([c.status]);
      expect(figure.requestPath).toEqual({ min: c.roundTrips, max: c.roundTrips });
      if (c.afterResponse !== undefined) {
        expect(figure.afterResponse).toEqual({ min: c.afterResponse, max: c.afterResponse });
      }
    });
  }
});

describe('D1 round trips on a cold isolate', () => {
  it('the first lead of a fresh isolate also reads the tenant context: two', async ({ task }) => {
    const { statuses, ...figure } = await measure(() => leadRequest(demoLead()), {
      coldIsolate: true,
    });
    task.meta.d1 = figure;
    expect(statuses).toEqual([202]);
    expect(figure.requestPath).toEqual({ min: 2, max: 2 });
  });
});

describe('D1 round trips of an accepted webhook event', () => {
  // Processing starts inside the handler (waitUntil), so its first query is issued before the
  // Response exists: only the total per event is counted here, not a before/after split.
  const signedEvent = async () => {
    const body = JSON.stringify(
      envelope('tn.jpm.job-completed', exampleData('tn.jpm.job-completed')),
    );
    return new Request(`${BASE}/v1/webhooks/${DEMO_TENANT}`, {
      method: 'POST',
      headers: await signedHeaders(body),
      body,
    });
  };

  it('three in all: store (born claimed), match, record; no claim of its own', async () => {
    // Warm: the tenant's verify keys are cached after the isolate's first event.
    expect((await countedRequest(await signedEvent())).status).toBe(202);
    const request = await signedEvent();
    const { status, before, after } = await countedRequest(request);
    expect(status).toBe(202);
    expect(before + after).toBe(3);
    const row = await env.DB.prepare(
      'SELECT state, attempts, lease_until FROM webhook_events ORDER BY received_at DESC LIMIT 1',
    ).first<{ state: string; attempts: number; lease_until: string | null }>();
    expect(row).toEqual({ state: 'unmatched', attempts: 1, lease_until: null });
  });
});
