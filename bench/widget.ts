/**
 * @module
 * The widget's cost to a contractor's page. Sizes: dist/public/widget.js gzipped the way the
 * build's budget check does it, and Preact's own minified ESM build (what the widget is built on)
 * for reference. In headless Chromium (Debian's, via playwright-core), on the demo contractor
 * page served by `wrangler dev`, against the same page with the widget's script tag removed:
 * requests made before the form is interactive, and the layout shift and total blocking time the
 * widget adds.
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

export const DEMO_PATH = '/demo/';
const RUNS = 7;
const CPU_SLOWDOWN = 4;
const SETTLE_MS = 1_000;
const WIDGET_TAG = /<script[^>]*src="\/widget\.js"[^>]*><\/script>/;

export interface PageLoad {
  requests: string[];
  interactiveMs: number | null;
  cls: number;
  tbtMs: number;
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
}

/** Observers installed before any page script: layout shifts, long tasks, the interactive frame. */
function observe() {
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
  requestAnimationFrame(poll);
}

async function loadOnce(page: Page, url: string, widget: boolean): Promise<PageLoad> {
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

async function measurePage(origin: string, widget: boolean): Promise<PageLoad> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.addInitScript(observe);
    if (!widget) {
      // The same page, same origin and headers, without the widget's script tag.
      await page.route(`${origin}${DEMO_PATH}`, async (route) => {
        const response = await route.fetch();
        const html = (await response.text()).replace(WIDGET_TAG, '');
        await route.fulfill({ response, body: html });
      });
    }
    return await loadOnce(page, `${origin}${DEMO_PATH}`, widget);
  } finally {
    await browser.close();
  }
}

export async function measureWidgetCost(origin: string): Promise<WidgetFigures> {
  const size = measureWidget();
  const preact = readFileSync('node_modules/preact/dist/preact.module.js');
  const withWidget: PageLoad[] = [];
  const withoutWidget: PageLoad[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    withoutWidget.push(await measurePage(origin, false));
    withWidget.push(await measurePage(origin, true));
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
  };
}
