/**
 * @module
 * `node bench/cpu-profile.ts [--profile] [--seconds N] [--full] route…`: the smallest targeted
 * measurement of where lead intake and webhook ingestion spend CPU under `wrangler dev`, for a
 * busy machine where the whole `npm run bench` would measure the neighbours. Routes: noop, lead,
 * floor, peer-lead, peer-lead-queued, webhook, peer-webhook; and `notify-latency` (100 leads one
 * after another, 202 to first signed delivery, beside the handoff draft: bench/notify-latency.ts).
 *
 * `--no-email` deletes the demo tenant's seeded office email channel first (a diagnostic: what a
 * lead or an unmatched event costs without its email delivery).
 *
 * For each route, one short run: throughput, p50 and the workerd process's CPU per request
 * (bench/workerd-cpu.ts). With `--profile`, the user worker's isolate is sampled by the V8 CPU
 * profiler during the run, and its self time and hottest functions are printed per request. The profiler slows the isolates down, so read its split,
 * not its throughput; compare routes within the same run.
 */
import { writeFileSync } from 'node:fs';
import type { Request } from 'autocannon';
import { startDevServer, type DevServer } from '../test/servers/wrangler-dev.ts';
import { createSigningSecret } from '../test/resilience/http/webhook-sender.ts';
import {
  durableWriteRequests,
  leadRequests,
  measureRoute,
  noopRequest,
  peerLeadQueuedRequests,
  peerLeadRequests,
  peerWebhookRequests,
  webhookRequests,
} from './http-load.ts';
import { DEMO_EMAIL_CHANNEL_ID } from '../edge/seed/demo-notifications.ts';
import { measureNotifyLatency } from './notify-latency.ts';
import { processCpuMs, userWorkerPid } from './workerd-cpu.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The last profile, for Chrome DevTools' Performance panel. */
const PROFILE_FILE = '/tmp/pagetojob-user.cpuprofile';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const seconds = Number(args[args.indexOf('--seconds') + 1]) || 4;
const routes = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--seconds');

/** One CDP session to an isolate: `call` sends a method and resolves with its result. */
async function session(url: string) {
  // Wrangler's proxy refuses an upgrade without an Origin (undici takes headers here).
  const ws = new WebSocket(url, { headers: { origin: 'http://127.0.0.1' } } as never);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let next = 0;
  const pending = new Map<number, (result: unknown) => void>();
  ws.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  };
  return {
    call: (method: string, params: object = {}) =>
      new Promise<unknown>((resolve) => {
        next += 1;
        pending.set(next, resolve);
        ws.send(JSON.stringify({ id: next, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** Self time (ms) per function and per isolate, over `requests` requests. */
function summarize(profile: Profile, requests: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    busy += ms;
    const file = frame.url.replace(/^.*\/(edge|shared|bench|node_modules)\//, '$1/');
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + ms);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`  user isolate: ${(busy / requests).toFixed(3)} ms per request (non-idle)`);
  for (const [key, ms] of top) {
    if (ms / requests < 0.01) break;
    console.log(`    ${(ms / requests).toFixed(3)} ms  ${key}`);
  }
}

/**
 * Profiles the user worker's isolate while `run` runs, through wrangler's inspector proxy (the
 * simulators' isolates do not answer workerd's inspector, so their share is what the process's
 * CPU per request leaves beyond the isolate's).
 */
async function profiled<T extends { requests: number }>(server: DevServer, run: () => Promise<T>) {
  const s = await session(`ws://127.0.0.1:${server.inspectorPort}/ws`);
  await s.call('Profiler.enable');
  await s.call('Profiler.setSamplingInterval', { interval: 200 });
  await s.call('Profiler.start');
  const result = await run();
  const { profile } = (await s.call('Profiler.stop')) as { profile: Profile };
  s.close();
  writeFileSync(PROFILE_FILE, JSON.stringify(profile));
  summarize(profile, result.requests);
  return result;
}

function requestFor(route: string, secret: string): Request {
  switch (route) {
    case 'noop':
      return noopRequest;
    case 'lead':
      return leadRequests();
    case 'floor':
      return durableWriteRequests();
    case 'peer-lead':
      return peerLeadRequests();
    case 'peer-lead-queued':
      return peerLeadQueuedRequests();
    case 'webhook':
      return webhookRequests(secret);
    case 'peer-webhook':
      return peerWebhookRequests();
  }
  throw new Error(`unknown route ${route}`);
}

const server: DevServer = await startDevServer({
  main: 'bench/worker/floor-entry.ts',
  detachConsumers: flag('--full') || routes.includes('notify-latency') ? [] : ['pagetojob-handoff'],
  // The latency's receiver is on 127.0.0.1, as `npm start` allows it.
  devVars: { NOTIFY_ALLOW_LOCAL_HTTP: 'true' },
});
try {
  const { secret } = await createSigningSecret(server);
  if (flag('--no-email')) {
    const url = `${server.origin}/v1/admin/notifications/desert-peak/channels/${DEMO_EMAIL_CHANNEL_ID}`;
    const res = await fetch(url, { method: 'DELETE', headers: server.admin });
    if (!res.ok) throw new Error(`deleting the email channel answered ${res.status}`);
  }
  const pid = userWorkerPid(server.appDir);
  if (pid === null) throw new Error('workerd process not found');
  const settings = { connections: 10, durationS: seconds, warmupS: 1 };
  for (const route of routes) {
    if (route === 'notify-latency') {
      const { delivered, firstDelivery, handoffDraft } = await measureNotifyLatency(server, 100);
      console.log(`${route}: ${delivered}/100 delivered`, { firstDelivery, handoffDraft });
      continue;
    }
    const measure = () =>
      measureRoute(server.origin, requestFor(route, secret), settings, () => processCpuMs(pid));
    console.log(`${route}:`);
    const figure = flag('--profile') ? await profiled(server, measure) : await measure();
    console.log(
      `  ${figure.requestsPerSecond.toFixed(0)} req/s, p50 ${figure.p50Ms} ms, ` +
        `${figure.cpuMsPerRequest?.toFixed(2)} ms CPU per request, ${figure.failures} failures`,
    );
  }
} finally {
  await server.dispose();
}
