/**
 * @module
 * The widget's cost to a contractor's page. Sizes: dist/public/widget.js gzipped the way the
 * build's budget check does it, and Preact's own minified ESM build (what the widget is built on)
 * for reference. In headless Chromium (Debian's, via playwright-core), on the demo contractor
 * page served by `wrangler dev`, against the same page with the widget's script tag removed:
 * requests made before the form is interactive, and the layout shift and total blocking time the
 * widget adds; and the same for the embeds a contractor would otherwise paste
 * (bench/embed-peers.ts), on their loaders alone: gzip bytes of every response, requests, total
 * blocking time, script evaluation time (Chromium's `ScriptDuration`) and layout shift.
 *
 * The page is loaded with a fresh cache and 4× CPU throttling (what Lighthouse applies to
 * emulate a mid-range phone); each variant runs several times, alternating, and medians count.
 * "Interactive" is the first frame in which the form's first input exists, enabled, in the
 * widget's shadow root. Total blocking time follows Lighthouse: the part over 50 ms of every long
 * task after first contentful paint, here up to one second after interactive (or after `load`
 * for the page without the widget).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { measureWidget } from '../scripts/check-widget-size.ts';
import { launchChromium } from '../test/browser/helpers/browser.ts';
import { EMBED_PEERS, noEmbed, type EmbedVariant } from './embed-peers.ts';

export const DEMO_PATH = '/demo/';
const RUNS = 11;
const CPU_SLOWDOWN = 4;
const SETTLE_MS = 1_000;

export interface PageLoad {
  /** Same-origin paths up to interactive (or `load`), from Resource Timing. */
  requests: string[];
  interactiveMs: number | null;
  cls: number;
  tbtMs: number;
  /** Every request the page made until the end of the measurement (any origin, blocked too). */
  allRequests: number;
  /** Of those, the ones to a vendor's CDN that could not be answered offline (iframes, fonts). */
  blocked: string[];
  /** gzip -9 of every response body the page received. */
  gzipBytes: number;
  /** Chromium's ScriptDuration: time spent compiling and running script. */
  scriptMs: number;
}

export interface PeerLoads {
  name: string;
  loads: PageLoad[];
}

export interface WidgetFigures {
  gzipBytes: number;
  rawBytes: number;
  budgetBytes: number;
  preactGzipBytes: number;
  runs: number;
  cpuSlowdown: number;
  withWidget: PageLoad[];
  withoutWidget: PageLoad[];
  peers: PeerLoads[];
}

/**
 * Observers installed before any page script: layout shifts, long tasks, and (only where the
 * widget is, so the poll's own script time is not charged to the pages without it) the
 * interactive frame.
 */
function observe(widget: boolean) {
  const state = { cls: 0, longTasks: [] as { start: number; duration: number }[], interactive: -1 };
  (window as unknown as { __bench: typeof state }).__bench = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
    })[]) {
      if (!entry.hadRecentInput) state.cls += entry.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      state.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  const poll = () => {
    const root = document.querySelector('pagetojob-widget')?.shadowRoot;
    if (root?.querySelector('form input:not([disabled])')) state.interactive = performance.now();
    else requestAnimationFrame(poll);
  };
  if (widget) requestAnimationFrame(poll);
}

type PageTimings = Pick<PageLoad, 'requests' | 'interactiveMs' | 'cls' | 'tbtMs'>;

async function loadOnce(page: Page, url: string, widget: boolean): Promise<PageTimings> {
  await page.goto(url, { waitUntil: 'load' });
  if (widget) {
    await page.waitForFunction(() => (window as any).__bench.interactive >= 0, null, {
      timeout: 30_000,
    });
  }
  await page.waitForTimeout(SETTLE_MS);
  return page.evaluate((settleMs) => {
    const state = (window as any).__bench as {
      cls: number;
      longTasks: { start: number; duration: number }[];
      interactive: number;
    };
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const end = (state.interactive >= 0 ? state.interactive : navigation.loadEventEnd) + settleMs;
    const until = state.interactive >= 0 ? state.interactive : navigation.loadEventEnd;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    const resources = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.startTime <= until)
      .map((entry) => new URL(entry.name).pathname);
    const tbt = state.longTasks
      .filter((task) => task.start >= fcp && task.start <= end)
      .reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0);
    return {
      requests: [new URL(location.href).pathname, ...resources],
      interactiveMs: state.interactive >= 0 ? state.interactive : null,
      cls: state.cls,
      tbtMs: tbt,
    };
  }, SETTLE_MS);
}

/** How one load is set up: the page as served (ours), or rewritten with another embed or none. */
interface Variant {
  widget: boolean;
  html?: (page: string) => string;
  files?: EmbedVariant['files'];
  /** Serve the page without its Content-Security-Policy (which blocks the peers' snippets). */
  relaxCsp?: boolean;
}

async function measurePage(origin: string, variant: Variant): Promise<PageLoad> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await cdp.send('Performance.enable');
    await page.addInitScript(observe, variant.widget);
    const blocked: string[] = [];
    let gzipBytes = 0;
    const received = (body: Buffer) => {
      gzipBytes += gzipSync(body, { level: 9 }).length;
      return body;
    };
    let allRequests = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname !== '/favicon.ico') allRequests += 1;
    });
    // Every request passes through here, so each response body is counted once, as served.
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === origin) {
        const response = await route.fetch();
        if (!variant.html || url.pathname !== DEMO_PATH) {
          return route.fulfill({ response, body: received(await response.body()) });
        }
        // The same page, same origin and headers, with another embed (or none).
        const html = Buffer.from(variant.html(await response.text()));
        const headers = response.headers();
        if (variant.relaxCsp) delete headers['content-security-policy'];
        return route.fulfill({ response, headers, body: received(html) });
      }
      const file = variant.files?.[`${url.host}${url.pathname}`];
      if (file) {
        const contentType = file.endsWith('.css') ? 'text/css' : 'text/javascript';
        return route.fulfill({ body: received(readFileSync(file)), contentType });
      }
      blocked.push(`${url.host}${url.pathname}`);
      return route.abort('blockedbyclient');
    });
    const timings = await loadOnce(page, `${origin}${DEMO_PATH}`, variant.widget);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const scriptS = metrics.find((m) => m.name === 'ScriptDuration')?.value ?? Number.NaN;
    return { ...timings, allRequests, blocked, gzipBytes, scriptMs: scriptS * 1000 };
  } finally {
    await browser.close();
  }
}

export async function measureWidgetCost(origin: string): Promise<WidgetFigures> {
  const size = measureWidget();
  const preact = readFileSync('node_modules/preact/dist/preact.module.js');
  const withWidget: PageLoad[] = [];
  const withoutWidget: PageLoad[] = [];
  const peers: PeerLoads[] = EMBED_PEERS.map(({ name }) => ({ name, loads: [] }));
  // One load of each variant per round, in the same order every round (alternating).
  for (let run = 0; run < RUNS; run += 1) {
    withoutWidget.push(await measurePage(origin, { widget: false, html: noEmbed }));
    withWidget.push(await measurePage(origin, { widget: true }));
    for (const [i, peer] of EMBED_PEERS.entries()) {
      peers[i]!.loads.push(await measurePage(origin, { widget: false, relaxCsp: true, ...peer }));
    }
  }
  return {
    gzipBytes: size.gzip,
    rawBytes: size.raw,
    budgetBytes: size.budget,
    preactGzipBytes: gzipSync(preact, { level: 9 }).length,
    runs: RUNS,
    cpuSlowdown: CPU_SLOWDOWN,
    withWidget,
    withoutWidget,
    peers,
  };
}
