/**
 * @module
 * `npm run bench`: every benchmark figure with its ratio and goal, printed as a Markdown table,
 * written to bench/results.json and between the `bench-table` markers of docs/bench.md. Runs on
 * one machine against 127.0.0.1 only, with bounded connections and durations (about ten minutes
 * in all on a quiet 2-core machine):
 *
 * - HTTP throughput and p50/p99 latency of lead intake and webhook ingestion under `wrangler dev`
 *   (autocannon), each as a ratio to the no-op `/healthz` of the same worker in the same run
 *   (measured before and after the others; the mean is the reference), and against the
 *   durable-write floor of the same server (a probe that only stores its body in D1);
 * - both against their peers (the same job done the obvious way: Hono + zValidator + one INSERT;
 *   `standardwebhooks` verify + one INSERT) on the same server, in 3 alternating runs, and the CPU
 *   the worker's workerd process spends per request on each;
 * - the verify race (edge verify vs the `standardwebhooks` library) in workerd and in Node;
 * - D1 round trips on the lead request path, counted at the D1 binding in workerd;
 * - the widget: gzip sizes, requests before the form is interactive, layout shift and total
 *   blocking time added to the demo page, in headless Chromium (bench/widget.ts), and the same
 *   against the peers' embed loaders (bench/embed-peers.ts);
 * - notifications: a lead's 202 to its first signed delivery at a local receiver, beside its
 *   handoff draft (bench/notify-latency.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { WIDGET_FILE } from '../scripts/check-widget-size.ts';
import { startDevServer, type DevServer } from '../test/servers/wrangler-dev.ts';
import type { Request } from 'autocannon';
import { createSigningSecret, exampleData } from '../test/resilience/http/webhook-sender.ts';
import {
  durableWriteRequests,
  leadRequests,
  measureRoute,
  noopRequest,
  peerLeadQueuedRequests,
  peerLeadRequests,
  peerWebhookRequests,
  waitForHandoffBacklog,
  webhookRequests,
  noopReference,
  type LoadFigure,
  type LoadSettings,
} from './http-load.ts';
import { racePeer } from './peer-runs.ts';
import { processCpuMs, userWorkerPid } from './workerd-cpu.ts';
import {
  cpuFigure,
  embedCosts,
  embedFigures,
  floorFigure,
  peerFigures,
  httpFigures,
  notifyFigures,
  noopFigure,
  requestCostFigure,
  roundTripFigures,
  verifyFigure,
  widgetFigures,
} from './figures.ts';
import { embedTable } from './embed-table.ts';
import { markdownTable, notes, replaceBetweenMarkers, type Figure } from './report.ts';
import { libraryDeliveries, raceVerify } from './verify-race.ts';
import { measureNotifyLatency } from './notify-latency.ts';
import { measureWidgetCost } from './widget.ts';
import { measureInWorkerd } from './workerd-figures.ts';

const HTTP: LoadSettings = { connections: 10, durationS: 5, warmupS: 1 };
const HANDOFF_QUEUE = 'pagetojob-handoff';
/** The product worker plus the durable-write probe (the floor the throughput ratios are up against). */
const BENCH_WORKER = 'bench/worker/floor-entry.ts';
const RESULTS = 'bench/results.json';
const DOC = 'docs/bench.md';
/** The goals against the peers (docs/bench.md, "Against the peers"). */
const LEAD_PEER_GOALS = { throughput: 0.9, p50: 1.1 };
const WEBHOOK_PEER_GOALS = { throughput: 1.0 };

/** Measures one route on `server`, with the CPU its workerd process spends (when found). */
function routeMeter(server: DevServer): (request: Request) => Promise<LoadFigure> {
  const pid = userWorkerPid(server.appDir);
  if (pid === null) console.log('workerd process not found: CPU per request not measured');
  const cpuMs = pid === null ? undefined : () => processCpuMs(pid);
  return (request) => measureRoute(server.origin, request, HTTP, cpuMs);
}

/** Lead intake and webhook ingestion against their peers, in alternating runs. */
async function racePeers(
  measure: (request: Request) => Promise<LoadFigure>,
  secret: string | null,
  afterLeads: () => Promise<unknown>,
) {
  const leads = await racePeer(measure, leadRequests, peerLeadRequests, afterLeads);
  const webhooks = secret
    ? await racePeer(measure, () => webhookRequests(secret), peerWebhookRequests)
    : [];
  return { leads, webhooks };
}

/** The worker as configured: the handoff consumer drafts in the same workerd process. */
async function measureFullWorker() {
  const server = await startDevServer({ main: BENCH_WORKER });
  try {
    const { secret } = await createSigningSecret(server);
    const measure = routeMeter(server);
    const before = await measure(noopRequest);
    const leads = await measure(leadRequests());
    const handoffDrainS = await waitForHandoffBacklog(server);
    const webhooks = await measure(webhookRequests(secret));
    const floor = await measure(durableWriteRequests());
    console.log('against the peers...');
    const peers = await racePeers(measure, secret, () => waitForHandoffBacklog(server));
    const after = await measure(noopRequest);
    console.log('Chromium: the widget and its peers on the demo page...');
    const widget = existsSync(WIDGET_FILE) ? await measureWidgetCost(server.origin) : null;
    const noop = noopReference(before, after);
    return { noop, before, after, leads, handoffDrainS, webhooks, floor, peers, widget };
  } finally {
    await server.dispose();
  }
}

/** The request path alone: same code, but the handoff queue has no consumer in this process. */
async function measureRequestPathOnly() {
  const server = await startDevServer({ detachConsumers: [HANDOFF_QUEUE], main: BENCH_WORKER });
  try {
    const { secret } = await createSigningSecret(server);
    const measure = routeMeter(server);
    const before = await measure(noopRequest);
    const leads = await measure(leadRequests());
    const floor = await measure(durableWriteRequests());
    console.log('against the peers...');
    const peers = await racePeers(measure, secret, async () => {});
    // Diagnostic, only here: with no handoff consumer, the peer's probe message harms nothing.
    const queuedPeer = await racePeer(measure, leadRequests, peerLeadQueuedRequests);
    const after = await measure(noopRequest);
    return { noop: noopReference(before, after), before, after, leads, floor, peers, queuedPeer };
  } finally {
    await server.dispose();
  }
}

/** Notifications: a local receiver is only allowed with NOTIFY_ALLOW_LOCAL_HTTP, as `npm start` sets it. */
async function measureNotifications() {
  const server = await startDevServer({ devVars: { NOTIFY_ALLOW_LOCAL_HTTP: 'true' } });
  try {
    return await measureNotifyLatency(server);
  } finally {
    await server.dispose();
  }
}

const loadAtStart = loadavg();
console.log(`HTTP: ${HTTP.connections} connections, ${HTTP.durationS} s per route...`);
const full = await measureFullWorker();
const requestPath = await measureRequestPathOnly();
console.log('Notifications: 202 to first delivery, beside the handoff draft...');
const notifications = await measureNotifications();
console.log('workerd: D1 round trips and the verify race...');
const workerd = measureInWorkerd();
console.log('Node: the verify race...');
const nodeRace = await raceVerify(
  libraryDeliveries('tn.crm.booking-updated', exampleData('tn.crm.booking-updated'), 2_000),
);

const figures: Figure[] = [
  noopFigure(full.noop, full.before, full.after),
  floorFigure(full.floor, full.noop, 'the worker as configured'),
  ...httpFigures(
    'Lead intake (POST /v1/leads)',
    full.leads,
    full.noop,
    full.floor,
    `handoff drafts of the run drained ${full.handoffDrainS.toFixed(0)} s after it`,
  ),
  ...httpFigures(
    'Webhook ingestion (POST /v1/webhooks/:tenant)',
    full.webhooks,
    full.noop,
    full.floor,
    'each accepted event is then processed after its response in the same isolate: 2 more D1 round trips (match, record; it is stored already claimed)',
  ),
  floorFigure(requestPath.floor, requestPath.noop, 'handoff consumer detached'),
  ...httpFigures(
    'Lead intake, request path only (handoff consumer detached)',
    requestPath.leads,
    requestPath.noop,
    requestPath.floor,
    `own server and no-op reference (${requestPath.noop.requestsPerSecond.toFixed(0)} req/s)`,
  ),
  ...peerFigures(
    'Lead intake, request path only (handoff consumer detached),',
    'the Hono + zValidator + INSERT peer',
    requestPath.peers.leads,
    LEAD_PEER_GOALS,
    'the peer on the same server: the same bodies, full zod schema, the same rate limiter call, one INSERT … ON CONFLICT DO NOTHING (bench/worker/peers.ts)',
  ),
  ...peerFigures(
    'Lead intake, request path only (handoff consumer detached),',
    'the same peer plus one queue send after its response (diagnostic)',
    requestPath.queuedPeer,
    {},
    'what is left of the gap once the peer also sends the one queue message lead intake sends after its response',
  ),
  ...peerFigures(
    'Webhook ingestion, request path only (handoff consumer detached),',
    'the standardwebhooks + INSERT peer',
    requestPath.peers.webhooks,
    WEBHOOK_PEER_GOALS,
    'the peer: Webhook.verify as its README shows (parses the JSON), one INSERT unique on webhook-id',
  ),
  ...peerFigures(
    'Lead intake (the worker as configured)',
    'the Hono + zValidator + INSERT peer',
    full.peers.leads,
    LEAD_PEER_GOALS,
    'the handoff consumer drafts each of our leads in the same workerd process while ours is measured (the peer leaves no such work); handoff drafts drained before each next run',
  ),
  ...peerFigures(
    'Webhook ingestion (the worker as configured)',
    'the standardwebhooks + INSERT peer',
    full.peers.webhooks,
    WEBHOOK_PEER_GOALS,
    'each of our accepted events is then processed after its response in the same isolate (match, record)',
  ),
  cpuFigure(
    requestPath.noop,
    requestPath.floor,
    requestPath.peers.leads,
    requestPath.peers.webhooks,
    requestPath.queuedPeer,
  ),
  verifyFigure('workerd', workerd.verifyRace, 'the runtime the edge runs in'),
  verifyFigure(
    'Node 24',
    nodeRace,
    'Node WebCrypto runs each HMAC as a thread-pool job; the edge never runs in Node',
    false,
  ),
  ...roundTripFigures(workerd.roundTrips),
  requestCostFigure(workerd.roundTrips),
  ...widgetFigures(full.widget),
  ...notifyFigures(notifications),
];
const embeds = full.widget ? embedCosts(full.widget) : [];
if (full.widget) figures.push(...embedFigures(embeds, full.widget.runs));

const generatedAt = new Date().toISOString();
const machine = `${cpus().length} vCPU, Node ${process.version}, load average ${loadAtStart.map((l) => l.toFixed(1)).join(' / ')} at start and ${loadavg()
  .map((l) => l.toFixed(1))
  .join(' / ')} at the end (1 / 5 / 15 min)`;
const table = markdownTable(figures);
const report = [
  `Produced by \`npm run bench\` at ${generatedAt} (${machine}).`,
  table,
  ...(embeds.length > 0
    ? ['Embeds on the demo page (added to the page without any):', embedTable(embeds)]
    : []),
  `Notes printed with it:\n\n${notes(figures)}`,
].join('\n\n');
console.log(`\n${report}\n`);
writeFileSync(DOC, replaceBetweenMarkers(readFileSync(DOC, 'utf8'), report));
writeFileSync(
  RESULTS,
  `${JSON.stringify(
    {
      command: 'npm run bench',
      generatedAt,
      environment: {
        cpus: cpus().length,
        node: process.version,
        platform: process.platform,
        loadAverage: { start: loadAtStart, end: loadavg() },
      },
      settings: { http: HTTP },
      figures,
      embeds,
      raw: { http: { full, requestPath }, workerd, nodeRace, notifications },
    },
    null,
    2,
  )}\n`,
);
console.log(`written to ${RESULTS} and ${DOC}`);
const missed = figures.filter((f) => f.met === false).map((f) => f.name);
if (missed.length > 0) console.log(`goals not met: ${missed.join('; ')}`);
