/**
 * @module
 * The benchmark figures, built from the measurements: each with its reference, ratio and goal
 * (bench/report.ts prints them). The goals live here, next to what they judge.
 */
import { WIDGET_FILE } from '../scripts/check-widget-size.ts';
import type { LoadFigure } from './http-load.ts';
import type { NotifyLatency } from './notify-latency.ts';
import type { PeerRun } from './peer-runs.ts';
import { median, type Figure } from './report.ts';
import type { VerifyRace } from './verify-race.ts';
import type { PageLoad, PeerLoads, WidgetFigures } from './widget.ts';
import type { RoundTripCase } from './workerd-figures.ts';

/** The issue's goal for lead intake and webhook ingestion: this share of the no-op throughput. */
const THROUGHPUT_GOAL = 0.6;

export function noopFigure(noop: LoadFigure, before: LoadFigure, after: LoadFigure): Figure {
  return {
    name: 'No-op route (GET /healthz) throughput',
    value: noop.requestsPerSecond,
    unit: 'req/s',
    goal: 'reference',
    met: null,
    note: `mean of a run before (${before.requestsPerSecond.toFixed(0)} req/s) and after (${after.requestsPerSecond.toFixed(0)} req/s) the routes; p50 ${noop.p50Ms} ms, p99 ${noop.p99Ms} ms`,
  };
}

/**
 * The most a route that is durable before its 2xx reaches on this server: a POST that only stores
 * its body with one D1 statement. Judged against nothing; it bounds the judged ratios.
 */
export function floorFigure(floor: LoadFigure, noop: LoadFigure, context: string): Figure {
  return {
    name: `Durable-write floor (${context}): POST that only stores its body in D1, throughput`,
    value: floor.requestsPerSecond,
    unit: 'req/s',
    reference: { name: 'no-op', value: noop.requestsPerSecond, unit: 'req/s' },
    ratio: floor.requestsPerSecond / noop.requestsPerSecond,
    goal: `reported: the ceiling for the ${THROUGHPUT_GOAL}× goals on this server`,
    met: null,
    note: `${floor.requests} requests, ${floor.failures} failures; a bench-only probe beside the product routes (bench/worker/floor-entry.ts); p50 ${floor.p50Ms} ms, p99 ${floor.p99Ms} ms`,
  };
}

export function httpFigures(
  name: string,
  measured: LoadFigure,
  noop: LoadFigure,
  floor: LoadFigure,
  context = '',
): Figure[] {
  const ratio = measured.requestsPerSecond / noop.requestsPerSecond;
  const clean = measured.failures === 0;
  return [
    {
      name: `${name} throughput`,
      value: measured.requestsPerSecond,
      unit: 'req/s',
      reference: { name: 'no-op', value: noop.requestsPerSecond, unit: 'req/s' },
      ratio,
      goal: `≥ ${THROUGHPUT_GOAL}× no-op, no failures`,
      met: ratio >= THROUGHPUT_GOAL && clean,
      note: `${measured.requests} requests, ${measured.failures} failures (statuses ${JSON.stringify(measured.statuses)})${context && `; ${context}`}`,
    },
    {
      name: `${name} throughput against the durable-write floor`,
      value: measured.requestsPerSecond,
      unit: 'req/s',
      reference: { name: 'floor', value: floor.requestsPerSecond, unit: 'req/s' },
      ratio: measured.requestsPerSecond / floor.requestsPerSecond,
      goal: 'reported',
      met: null,
    },
    ...(['p50', 'p99'] as const).map((p) => ({
      name: `${name} latency ${p}`,
      value: measured[`${p}Ms`],
      unit: 'ms',
      reference: { name: 'no-op', value: noop[`${p}Ms`], unit: 'ms' },
      ratio: measured[`${p}Ms`] / noop[`${p}Ms`],
      goal: 'reported',
      met: null,
    })),
  ];
}

export interface PeerGoals {
  /** Our throughput ÷ the peer's, at least this in every run (not judged when absent). */
  throughput?: number;
  /** Our p50 latency ÷ the peer's, at most this in every run (not judged when absent). */
  p50?: number;
}

const perRun = (ratios: number[]) => ratios.map((r) => `${r.toFixed(2)}×`).join(', ');

/**
 * Our route against its peer, judged run by run: a goal is met only if every run meets it. The
 * value and reference are medians over the runs, the ratio the median of the runs' ratios.
 */
export function peerFigures(
  name: string,
  peerName: string,
  runs: PeerRun[],
  goals: PeerGoals,
  context: string,
): Figure[] {
  const clean = runs.every((r) => r.ours.failures === 0 && r.peer.failures === 0);
  const metric = (key: 'requestsPerSecond' | 'p50Ms') => {
    const ratios = runs.map((r) => r.ours[key] / r.peer[key]);
    return {
      ours: median(runs.map((r) => r.ours[key])),
      peer: median(runs.map((r) => r.peer[key])),
      ratio: median(ratios),
      ratios,
    };
  };
  const counts = runs.map((r) => `${r.ours.requests}/${r.peer.requests}`).join(', ');
  const throughput = metric('requestsPerSecond');
  const p50 = metric('p50Ms');
  const p50Goal = goals.p50;
  const throughputGoal = goals.throughput;
  return [
    {
      name: `${name} throughput against ${peerName}`,
      value: throughput.ours,
      unit: 'req/s',
      reference: { name: 'peer', value: throughput.peer, unit: 'req/s' },
      ratio: throughput.ratio,
      goal:
        throughputGoal === undefined
          ? 'reported'
          : `≥ ${throughputGoal}× the peer in each of ${runs.length} runs, no failures`,
      met:
        throughputGoal === undefined
          ? null
          : clean && throughput.ratios.every((r) => r >= throughputGoal),
      note: `per run: ${perRun(throughput.ratios)} (requests ours/peer: ${counts}; failures ours/peer: ${runs.map((r) => `${r.ours.failures}/${r.peer.failures}`).join(', ')}); ${context}`,
    },
    {
      name: `${name} latency p50 against ${peerName}`,
      value: p50.ours,
      unit: 'ms',
      reference: { name: 'peer', value: p50.peer, unit: 'ms' },
      ratio: p50.ratio,
      goal:
        p50Goal === undefined
          ? 'reported'
          : `≤ ${p50Goal}× the peer in each of ${runs.length} runs`,
      met: p50Goal === undefined ? null : p50.ratios.every((r) => r <= p50Goal),
      note: `per run: ${perRun(p50.ratios)}; p99 ours/peer: ${runs.map((r) => `${r.ours.p99Ms}/${r.peer.p99Ms} ms`).join(', ')}`,
    },
  ];
}

const cpu = (figure: LoadFigure) => figure.cpuMsPerRequest ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(2)} ms`;

/**
 * CPU per lead in the user worker's workerd process (the isolate plus the local D1, rate limiter
 * and queue simulators `wrangler dev` runs beside it), against the no-op's; the floor's and the
 * peer's in the note, so the part that is our own code can be read off.
 */
export function cpuFigure(
  noop: LoadFigure,
  floor: LoadFigure,
  leads: PeerRun[],
  webhooks: PeerRun[],
  queuedPeer: PeerRun[],
): Figure {
  const lead = median(leads.map((r) => cpu(r.ours)));
  const peerLead = median(leads.map((r) => cpu(r.peer)));
  const webhook = median(webhooks.map((r) => cpu(r.ours)));
  const peerWebhook = median(webhooks.map((r) => cpu(r.peer)));
  const peerQueued = median(queuedPeer.map((r) => cpu(r.peer)));
  return {
    name: 'CPU per lead in the worker process (workerd: isolate + local D1/limiter/queue simulators)',
    value: lead,
    unit: 'ms',
    reference: { name: 'no-op', value: cpu(noop), unit: 'ms' },
    ratio: lead / cpu(noop),
    goal: 'reported',
    met: null,
    note: `durable-write floor ${ms(cpu(floor))}, peer lead ${ms(peerLead)}, so lead intake beyond the floor ${ms(lead - cpu(floor))} and beyond the peer ${ms(lead - peerLead)}; the peer plus one queue send ${ms(peerQueued)}; webhook ingestion ${ms(webhook)}, peer receiver ${ms(peerWebhook)}; from /proc over each measured run ÷ its requests (median of ${leads.length} runs), 10 ms kernel ticks`,
  };
}

/** `judged`: the goal counts (workerd, where the edge runs); elsewhere the figure is information. */
export function verifyFigure(
  runtime: string,
  race: VerifyRace,
  note: string,
  judged = true,
): Figure {
  const ratio = race.oursPerSecond / race.libraryPerSecond;
  return {
    name: `Webhook verify alone, ${runtime}`,
    value: race.oursPerSecond,
    unit: 'verifies/s',
    reference: { name: 'standardwebhooks', value: race.libraryPerSecond, unit: 'verifies/s' },
    ratio,
    goal: judged ? '≥ 1× the library' : 'reported (information: the edge never runs here)',
    met: judged ? ratio >= 1 : null,
    note: `${race.inputs} signed deliveries, median of ${race.rounds} alternating rounds; ${note}`,
  };
}

export function roundTripFigures(cases: RoundTripCase[]): Figure[] {
  return cases.map((c) => {
    const exact = c.requestPath.min === c.requestPath.max;
    const judged = /exactly one/.test(c.title);
    return {
      name: `D1 round trips before the response: ${c.title.replace(/:[^:]*$/, '')}`,
      value: c.requestPath.max,
      unit: exact ? '' : `(min ${c.requestPath.min})`,
      goal: judged ? 'exactly 1' : 'reported',
      met: judged ? exact && c.requestPath.max === 1 : null,
      note: `${c.requests} requests counted; after the response: ${c.afterResponse.max}`,
    };
  });
}

/**
 * Where a lead request's time goes inside workerd, with no HTTP in front of it. No ratio: the
 * no-op takes less than workerd's clock tick (1 ms), so its mean is mostly noise around 0.
 */
export function requestCostFigure(cases: RoundTripCase[]): Figure {
  const lead = cases.find((c) => c.title.startsWith('a new lead'));
  const noop = cases.find((c) => c.title.startsWith('the no-op route'));
  if (!lead || !noop) throw new Error('the round-trip suite did not time a new lead and the no-op');
  const { request, d1, rateLimiter } = lead.meanMs;
  const rest = request - d1 - rateLimiter;
  return {
    name: 'Lead request inside workerd (no HTTP), mean time',
    value: request,
    unit: 'ms',
    goal: 'reported',
    met: null,
    note: `waiting on the local D1 (1 batch): ${d1.toFixed(1)} ms, on the local rate limiter: ${rateLimiter.toFixed(1)} ms, everything else (parse, classify, build, queue send): ${rest.toFixed(1)} ms; the no-op through the same handler: ${noop.meanMs.request.toFixed(2)} ms (below the 1 ms clock tick)`,
  };
}

/** Requests a load made, without the browser's own favicon probe (no page asked for it). */
const pageRequests = (load: PageLoad) => load.requests.filter((path) => path !== '/favicon.ico');

export function widgetFigures(widget: WidgetFigures | null): Figure[] {
  if (!widget) {
    const missing = `not measured: ${WIDGET_FILE} is missing (run \`npm run build\`)`;
    return [{ name: 'Widget', value: Number.NaN, unit: '', goal: missing, met: false }];
  }
  const added = (metric: (load: PageLoad) => number) =>
    median(widget.withWidget.map(metric)) - median(widget.withoutWidget.map(metric));
  const widgetRequests = median(widget.withWidget.map((l) => pageRequests(l).length));
  const pageOnly = median(widget.withoutWidget.map((l) => pageRequests(l).length));
  const tbtAdded = added((l) => l.tbtMs);
  const clsAdded = added((l) => l.cls);
  const conditions = `median of ${widget.runs} loads each, fresh cache, ${widget.cpuSlowdown}× CPU slowdown`;
  return [
    {
      name: 'Widget size (widget.js, gzip -9)',
      value: widget.gzipBytes / 1024,
      unit: 'KiB',
      reference: { name: 'Preact alone', value: widget.preactGzipBytes / 1024, unit: 'KiB' },
      ratio: widget.gzipBytes / widget.preactGzipBytes,
      goal: `≤ ${widget.budgetBytes / 1024} KiB (the build's budget)`,
      met: widget.gzipBytes <= widget.budgetBytes,
      note: `${widget.rawBytes} B raw; Preact alone = node_modules/preact/dist/preact.module.js (minified ESM) gzipped the same way`,
    },
    {
      name: 'Requests before the form is interactive',
      value: widgetRequests,
      unit: 'requests',
      reference: { name: 'page without widget', value: pageOnly, unit: 'requests' },
      goal: '≤ 2 added (widget.js, tenant config)',
      met: widgetRequests - pageOnly <= 2,
      note: `with the widget: ${pageRequests(widget.withWidget[0]!).join(', ')}; form interactive after ${median(widget.withWidget.map((l) => l.interactiveMs ?? Number.NaN)).toFixed(0)} ms (${conditions})`,
    },
    {
      name: 'Layout shift added to the demo page (CLS)',
      value: clsAdded,
      unit: '',
      goal: '0',
      met: clsAdded === 0,
      note: conditions,
    },
    {
      name: 'Total blocking time added to the demo page',
      value: tbtAdded,
      unit: 'ms',
      goal: '≤ 100 ms (half of the 200 ms Lighthouse calls good for a whole page)',
      met: tbtAdded <= 100,
      note: `per load with the widget: ${widget.withWidget.map((l) => l.tbtMs.toFixed(0)).join(', ')} ms; ${conditions}`,
    },
  ];
}

/** What one embed adds to the demo page: medians over its loads minus the page without any. */
export interface EmbedCost {
  name: string;
  loaderOnly: boolean;
  gzipBytes: number;
  requests: number;
  blocked: string[];
  tbtMs: number;
  scriptMs: number;
  cls: number;
}

export function embedCosts(widget: WidgetFigures): EmbedCost[] {
  const base = widget.withoutWidget;
  const cost = ({ name, loads }: PeerLoads, loaderOnly: boolean): EmbedCost => {
    const added = (metric: (load: PageLoad) => number) =>
      median(loads.map(metric)) - median(base.map(metric));
    return {
      name,
      loaderOnly,
      gzipBytes: added((l) => l.gzipBytes),
      requests: added((l) => l.allRequests),
      blocked: [...new Set(loads.flatMap((l) => l.blocked))],
      tbtMs: added((l) => l.tbtMs),
      scriptMs: added((l) => l.scriptMs),
      cls: added((l) => l.cls),
    };
  };
  return [
    cost({ name: 'PageToJob widget (the whole working form)', loads: widget.withWidget }, false),
    ...widget.peers.map((peer) => cost(peer, true)),
  ];
}

/**
 * Our whole working form against the lightest peer loader (fewest bytes): fewer bytes and less
 * blocking time than that loader alone (or none: 0 ms cannot be beaten), and no layout shift.
 */
export function embedFigures(costs: EmbedCost[], runs: number): Figure[] {
  const [ours, ...peers] = costs;
  if (!ours || peers.length === 0) throw new Error('no embed peers were measured');
  const lightest = peers.reduce((a, b) => (b.gzipBytes < a.gzipBytes ? b : a));
  const reference = (value: number, unit: string) => ({
    name: `lightest peer loader (${lightest.name.replace(/ \(.*/, '')})`,
    value,
    unit,
  });
  const note = (metric: (c: EmbedCost) => string) =>
    `${costs.map((c) => `${c.name.replace(/ \(.*/, '')}: ${metric(c)}`).join('; ')}; median of ${runs} alternating loads each, fresh cache, 4× CPU slowdown; peers measured on their loaders alone (their iframes cannot load offline)`;
  return [
    {
      name: 'Embed bytes added to the demo page (gzip -9, every response)',
      value: ours.gzipBytes / 1024,
      unit: 'KiB',
      reference: reference(lightest.gzipBytes / 1024, 'KiB'),
      ratio: ours.gzipBytes / lightest.gzipBytes,
      goal: "< the lightest peer's loader alone",
      met: ours.gzipBytes < lightest.gzipBytes,
      note: note((c) => `${(c.gzipBytes / 1024).toFixed(1)} KiB`),
    },
    {
      name: 'Embed total blocking time added to the demo page',
      value: ours.tbtMs,
      unit: 'ms',
      reference: reference(lightest.tbtMs, 'ms'),
      // Zero is the floor: when neither blocks at all, ours cannot be less, and is not more.
      goal: "< the lightest peer's loader alone, or 0 ms (none at all)",
      met: ours.tbtMs < lightest.tbtMs || ours.tbtMs === 0,
      note: note((c) => `${c.tbtMs.toFixed(0)} ms`),
    },
    {
      name: 'Embed script evaluation time added (Chromium ScriptDuration)',
      value: ours.scriptMs,
      unit: 'ms',
      reference: reference(lightest.scriptMs, 'ms'),
      ratio: ours.scriptMs / lightest.scriptMs,
      goal: 'reported',
      met: null,
      note: note((c) => `${c.scriptMs.toFixed(0)} ms`),
    },
    {
      name: 'Embed requests added (any origin, until settled)',
      value: ours.requests,
      unit: 'requests',
      reference: reference(lightest.requests, 'requests'),
      goal: 'reported',
      met: null,
      note: note(
        (c) =>
          `${c.requests}${c.blocked.length ? ` (blocked offline: ${c.blocked.join(', ')})` : ''}`,
      ),
    },
    {
      name: 'Embed layout shift added (CLS)',
      value: ours.cls,
      unit: '',
      reference: reference(lightest.cls, ''),
      goal: '0',
      met: ours.cls === 0,
      note: note((c) => c.cls.toFixed(3)),
    },
  ];
}

/** A lead's 202 to its first webhook delivery, and to its handoff draft, in the same run. */
export function notifyFigures(latency: NotifyLatency): Figure[] {
  const { firstDelivery: notify, handoffDraft: draft } = latency;
  const context = `${latency.leads} leads posted one after another; ${latency.delivered} delivered`;
  return [
    {
      name: 'Lead 202 → first signed webhook delivery at a local receiver, p50',
      value: notify.p50Ms,
      unit: 'ms',
      reference: { name: 'handoff draft stored, p50', value: draft.p50Ms, unit: 'ms' },
      ratio: notify.p50Ms / draft.p50Ms,
      goal: 'reported',
      met: null,
      note: `${context}; p99 ${notify.p99Ms} ms (handoff draft p99 ${draft.p99Ms} ms, ${draft.samples} drafts); through the notify queue (1 s batch wait), one D1 read of the lead, one fan-out batch, signing and the POST`,
    },
  ];
}
