/**
 * @module
 * Throughput and latency of one route under `wrangler dev`, measured with autocannon from this
 * process: a short unrecorded warm-up, then a fixed-duration run with a bounded number of
 * connections. Each request can be built fresh (a new submission, a newly signed event), so
 * idempotency never turns the run into a stream of duplicates.
 */
import autocannon, { type Request } from 'autocannon';
import { demoLead } from '../test/helpers/leads.ts';
import { visitorIp } from '../test/resilience/http/lead-client.ts';
import type { DevServer } from '../test/servers/wrangler-dev.ts';
import {
  DURABLE_WRITE_PATH,
  PEER_LEAD_PATH,
  PEER_LEAD_QUEUED_PATH,
  PEER_WEBHOOK_PATH,
  PEER_WEBHOOK_SECRET,
} from './worker/probe-path.ts';
import { cloudEvent, librarySignedHeaders } from '../test/resilience/cloud-event.ts';
import { exampleData, WEBHOOK_TENANT } from '../test/resilience/http/webhook-sender.ts';

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
}

export interface LoadFigure {
  route: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses outside 2xx plus connection errors and timeouts: a valid run has none. */
  failures: number;
  statuses: Record<string, number>;
  /** CPU of the user worker's workerd process per request (bench/workerd-cpu.ts), if sampled. */
  cpuMsPerRequest: number | null;
}

export const noopRequest: Request = { method: 'GET', path: '/healthz' };

/** Every request a new visitor (own address, so the per-IP rate limit sees real traffic). */
export function leadRequests(): Request {
  let visitor = 0;
  return {
    method: 'POST',
    path: '/v1/leads',
    setupRequest: (request) => ({
      ...request,
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': visitorIp(visitor++) },
      body: JSON.stringify(demoLead()),
    }),
  };
}

/**
 * The durable-write floor: the same bodies as `leadRequests`, to the bench worker's probe that
 * only stores them (bench/worker/floor-entry.ts).
 */
export function durableWriteRequests(): Request {
  return { ...leadRequests(), path: DURABLE_WRITE_PATH };
}

/** The same bodies as `leadRequests`, to the peer lead endpoint (bench/worker/peers.ts). */
export function peerLeadRequests(): Request {
  return { ...leadRequests(), path: PEER_LEAD_PATH };
}

/** The same bodies, to the peer that also sends one handoff queue message (a diagnostic). */
export function peerLeadQueuedRequests(): Request {
  return { ...leadRequests(), path: PEER_LEAD_QUEUED_PATH };
}

/** Every request a new event (fresh webhook-id and occurrence id), signed when it is sent. */
export function webhookRequests(secret: string, path = `/v1/webhooks/${WEBHOOK_TENANT}`): Request {
  const data = exampleData('tn.jpm.job-completed');
  return {
    method: 'POST',
    path,
    setupRequest: (request) => {
      const body = JSON.stringify(cloudEvent('tn.jpm.job-completed', data));
      return { ...request, headers: librarySignedHeaders(secret, body), body };
    },
  };
}

/** The same events as `webhookRequests`, signed with the peer receiver's secret. */
export function peerWebhookRequests(): Request {
  return webhookRequests(PEER_WEBHOOK_SECRET, PEER_WEBHOOK_PATH);
}

const mean = (a: number, b: number) => (a + b) / 2;

/** The no-op reference: the mean of a run before and a run after the routes measured between. */
export function noopReference(before: LoadFigure, after: LoadFigure): LoadFigure {
  return {
    ...before,
    requestsPerSecond: mean(before.requestsPerSecond, after.requestsPerSecond),
    p50Ms: mean(before.p50Ms, after.p50Ms),
    p99Ms: mean(before.p99Ms, after.p99Ms),
    requests: before.requests + after.requests,
    failures: before.failures + after.failures,
    cpuMsPerRequest:
      before.cpuMsPerRequest === null || after.cpuMsPerRequest === null
        ? null
        : mean(before.cpuMsPerRequest, after.cpuMsPerRequest),
  };
}

/**
 * One route: an unrecorded warm-up, then the measured run. `cpuMs` (the worker process's CPU
 * so far) is read around the measured run only.
 */
export async function measureRoute(
  origin: string,
  request: Request,
  settings: LoadSettings,
  cpuMs?: () => number,
): Promise<LoadFigure> {
  const base = { url: origin, connections: settings.connections, requests: [request] };
  await autocannon({ ...base, duration: settings.warmupS });
  const cpuBefore = cpuMs?.();
  const result = await autocannon({ ...base, duration: settings.durationS });
  const cpuUsed = cpuMs && cpuBefore !== undefined ? cpuMs() - cpuBefore : null;
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, Number(count)]),
  );
  return {
    route: `${request.method} ${request.path}`,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
    statuses,
    cpuMsPerRequest: cpuUsed === null ? null : cpuUsed / result.requests.total,
  };
}

/**
 * Waits until no handoff job is left `queued` (the drafts the leads run triggered), so that
 * background work does not spill into the next measurement. Returns the seconds it took.
 */
export async function waitForHandoffBacklog(server: DevServer, timeoutS = 120): Promise<number> {
  const start = Date.now();
  const url = `${server.origin}/v1/admin/sync-jobs?tenant=desert-peak&state=queued&limit=1`;
  while (Date.now() - start < timeoutS * 1000) {
    const res = await fetch(url, { headers: server.admin });
    if (!res.ok) throw new Error(`sync-jobs list answered ${res.status}`);
    if (((await res.json()) as { syncJobs: unknown[] }).syncJobs.length === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return (Date.now() - start) / 1000;
}
