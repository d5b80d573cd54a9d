/**
 * @module
 * `npm run bench`: every benchmark figure with its ratio and goal, printed as a Markdown table and
 * written to bench/results.json. Runs on one machine against 127.0.0.1 only, with bounded
 * connections and durations (about three minutes in all):
 *
 * - HTTP throughput and p50/p99 latency of lead intake and webhook ingestion under `wrangler dev`
 *   (autocannon), each as a ratio to the no-op `/healthz` of the same worker in the same run
 *   (measured before and after the others; the mean is the reference), and against the
 *   durable-write floor of the same server (a probe that only stores its body in D1);
 * - the verify race (edge verify vs the `standardwebhooks` library) in workerd and in Node;
 * - D1 round trips on the lead request path, counted at the D1 binding in workerd;
 * - the widget: gzip sizes, requests before the form is interactive, layout shift and total
 *   blocking time added to the demo page, in headless Chromium (bench/widget.ts);
 * - notifications: a lead's 202 to its first signed delivery at a local receiver, beside its
 *   handoff draft (bench/notify-latency.ts).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { WIDGET_FILE } from '../scripts/check-widget-size.ts';
import { startDevServer } from '../test/servers/wrangler-dev.ts';
import { createSigningSecret, exampleData } from '../test/resilience/http/webhook-sender.ts';
import {
  durableWriteRequests,
  leadRequests,
  measureRoute,
  noopRequest,
  waitForHandoffBacklog,
  webhookRequests,
  noopReference,
  type LoadSettings,
} from './http-load.ts';
import {
  floorFigure,
  httpFigures,
  notifyFigures,
  noopFigure,
  requestCostFigure,
  roundTripFigures,
  verifyFigure,
  widgetFigures,
} from './figures.ts';
import { markdownTable, notes, type Figure } from './report.ts';
import { libraryDeliveries, raceVerify } from './verify-race.ts';
import { measureNotifyLatency } from './notify-latency.ts';
import { measureWidgetCost } from './widget.ts';
import { measureInWorkerd } from './workerd-figures.ts';

const HTTP: LoadSettings = { connections: 10, durationS: 5, warmupS: 1 };
const HANDOFF_QUEUE = 'pagetojob-handoff';
/** The product worker plus the durable-write probe (the floor the throughput ratios are up against). */
const BENCH_WORKER = 'bench/worker/floor-entry.ts';
const RESULTS = 'bench/results.json';

/** The worker as configured: the handoff consumer drafts in the same workerd process. */
async function measureFullWorker() {
  const server = await startDevServer({ main: BENCH_WORKER });
  try {
    const { secret } = await createSigningSecret(server);
    const before = await measureRoute(server.origin, noopRequest, HTTP);
    const leads = await measureRoute(server.origin, leadRequests(), HTTP);
    const handoffDrainS = await waitForHandoffBacklog(server);
    const webhooks = await measureRoute(server.origin, webhookRequests(secret), HTTP);
    const floor = await measureRoute(server.origin, durableWriteRequests(), HTTP);
    const after = await measureRoute(server.origin, noopRequest, HTTP);
    console.log('Chromium: the widget on the demo page...');
    const widget = existsSync(WIDGET_FILE) ? await measureWidgetCost(server.origin) : null;
    const noop = noopReference(before, after);
    return { noop, before, after, leads, handoffDrainS, webhooks, floor, widget };
  } finally {
    await server.dispose();
  }
}

/** The request path alone: same code, but the handoff queue has no consumer in this process. */
async function measureRequestPathOnly() {
  const server = await startDevServer({ detachConsumers: [HANDOFF_QUEUE], main: BENCH_WORKER });
  try {
    const before = await measureRoute(server.origin, noopRequest, HTTP);
    const leads = await measureRoute(server.origin, leadRequests(), HTTP);
    const floor = await measureRoute(server.origin, durableWriteRequests(), HTTP);
    const after = await measureRoute(server.origin, noopRequest, HTTP);
    return { noop: noopReference(before, after), before, after, leads, floor };
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
  verifyFigure('workerd', workerd.verifyRace, 'the runtime the edge runs in'),
  verifyFigure('Node 24', nodeRace, 'Node WebCrypto runs each HMAC as a thread-pool job'),
  ...roundTripFigures(workerd.roundTrips),
  requestCostFigure(workerd.roundTrips),
  ...widgetFigures(full.widget),
  ...notifyFigures(notifications),
];

const table = markdownTable(figures);
console.log(`\n${table}\n\nNotes:\n${notes(figures)}\n`);
writeFileSync(
  RESULTS,
  `${JSON.stringify(
    {
      command: 'npm run bench',
      generatedAt: new Date().toISOString(),
      environment: { cpus: cpus().length, node: process.version, platform: process.platform },
      settings: { http: HTTP },
      figures,
      raw: { http: { full, requestPath }, workerd, nodeRace, notifications },
    },
    null,
    2,
  )}\n`,
);
console.log(`written to ${RESULTS}`);
const missed = figures.filter((f) => f.met === false).map((f) => f.name);
if (missed.length > 0) console.log(`goals not met: ${missed.join('; ')}`);
