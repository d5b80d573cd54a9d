/**
 * Real-browser suites for the booking widget: Debian Chromium (playwright-core) against one
 * `wrangler dev` with the demo tenant, shared by every test in this file. Contractor pages run on
 * their own origin (another port), so the widget is cross-origin exactly as on a real site.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoFile from '../../examples/tenants/desert-peak.json' with { type: 'json' };
import { addDays, localNow, weekday } from '../../shared/schedule.ts';
import { zonedInstant } from '../../shared/slots.ts';
import { demoLead } from '../helpers/leads.ts';
import { launchChromium, SKIP_BROWSER } from './helpers/browser.ts';
import {
  answerFirstTime,
  events,
  fillToReview,
  JANE,
  outbox,
  recordEvents,
  waitForEvent,
} from './helpers/form.ts';
import { hostPage, startHostSite, type HostSite } from './helpers/host-site.ts';
import { startWorker, type TestWorker } from './helpers/server.ts';

type Lead = Record<string, unknown> & {
  id: string;
  submissionId: string;
  source: Record<string, unknown>;
  reviewReasons: string[];
};

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

describe.skipIf(SKIP_BROWSER)('booking widget in Chromium', () => {
  let worker: TestWorker;
  let site: HostSite;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // The browser first: without one the suite fails at once, before any server is started.
    browser = await launchChromium();
    site = await startHostSite();
    worker = await startWorker();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([worker?.stop(), site?.stop()]);
  });

  /** A fresh context (own localStorage) with the widget's events recorded. */
  async function newPage(
    options: Parameters<Browser['newContext']>[0] = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      ...options,
    });
    contexts.push(context);
    const page = await context.newPage();
    await recordEvents(page);
    return { context, page };
  }

  const tag = (attrs = '') =>
    `<script src="${worker.origin}/widget.js" data-tenant="desert-peak" ${attrs} async></script>`;

  async function leadsWithSubmission(submissionId: string): Promise<Lead[]> {
    const { leads } = (await worker.admin('/v1/admin/leads?tenant=desert-peak&limit=100')) as {
      leads: Lead[];
    };
    return leads.filter((lead) => lead.submissionId === submissionId);
  }

  async function lead(leadId: unknown): Promise<Lead> {
    return ((await worker.admin(`/v1/admin/leads/${String(leadId)}`)) as { lead: Lead }).lead;
  }

  /** An admin call that changes something (the worker's `admin` only reads). */
  async function adminSend(method: string, path: string, body: unknown): Promise<void> {
    const res = await fetch(`${worker.origin}${path}`, {
      method,
      headers: { authorization: `Bearer ${worker.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.ok, `${method} ${path}: ${res.status}`).toBe(true);
  }

  /** A new tenant from the demo document, with `config` changes; returns its slug. */
  async function newTenant(prefix: string, config: Record<string, unknown> = {}): Promise<string> {
    const slug = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
    await adminSend('POST', '/v1/admin/tenants', {
      ...structuredClone(demoFile),
      slug,
      name: `Tenant ${slug}`,
      config: { ...structuredClone(demoFile.config), ...config },
    });
    return slug;
  }

  /** A contractor page on its own origin with the inline widget of `tenant`. */
  const tenantPage = (tenant: string) =>
    site.page(
      `/t-${tenant}`,
      hostPage(
        `<div id="booking"></div><script src="${worker.origin}/widget.js" data-tenant="${tenant}" data-target="#booking" async></script>`,
      ),
    );

  /** Opens `url` and walks its inline form to "when" (AC repair, soon): the day list's values. */
  async function toWhenStep(page: Page, url: string) {
    await page.goto(url);
    const form = page.locator('#booking');
    await form.getByRole('radio', { name: /^AC repair/ }).check();
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByRole('radio', { name: /^Soon/ }).check();
    const day = form.getByLabel('Preferred day');
    const days = () =>
      day.locator('option').evaluateAll((o) => o.map((e) => e.getAttribute('value')));
    return { form, day, days };
  }

  /** The widget's own requests (script, config, leads) in the order the page made them. */
  function widgetRequests(page: Page): string[] {
    const urls: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (url.startsWith(worker.origin) && !url.includes('/demo/'))
        urls.push(url.slice(worker.origin.length));
    });
    return urls;
  }

  it('serves widget.js with a short cache and its versioned copy with a long one', async () => {
    const stable = await fetch(`${worker.origin}/widget.js`);
    expect(stable.headers.get('cache-control')).toBe(
      'public, max-age=300, stale-while-revalidate=3600',
    );
    const body = await stable.text();
    const versioned = readFileSync('dist/public/_headers', 'utf8').match(
      /widget\.[0-9a-f]{12}\.js/,
    )![0];
    const pinned = await fetch(`${worker.origin}/${versioned}`);
    expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Same bytes under both names (compared as a boolean: a diff of the bundle helps nobody).
    expect((await pinned.text()) === body).toBe(true);
  });

  it('demo page: a visitor books, and the lead is in D1 with its source context and binding', async () => {
    const { page } = await newPage();
    const requests = widgetRequests(page);
    const landing = `${worker.origin}/demo/?utm_source=google&utm_medium=cpc&utm_campaign=summer-ac&utm_term=ac+repair&gclid=Cj0-test`;
    await page.goto(landing, { referer: 'https://www.google.com/' });
    const form = page.locator('#booking');
    await form.getByRole('radio', { name: /^AC repair/ }).waitFor();
    // Interactive after exactly two requests: the script and the config. The later steps'
    // strings are fetched after the first step has rendered, in the visitor's language.
    expect(requests.slice(0, 2)).toEqual(['/widget.js', '/v1/tenants/desert-peak/config']);
    await expect.poll(() => requests.length).toBe(3);
    expect(requests[2]).toMatch(/^\/widget\.rest\.en\.[0-9a-f]{8}\.json$/);

    // Nothing more until the visitor acts: then, once, the form token.
    expect(requests).toHaveLength(3);
    await fillToReview(form, JANE);
    expect(requests.filter((url) => url.endsWith('/form-token'))).toEqual([
      '/v1/tenants/desert-peak/form-token',
    ]);
    // A person takes more than 2.5 s from the token's issue; faster submits are spam (edge clock).
    await page.waitForTimeout(2600);
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByRole('heading', { name: 'Request received' }).waitFor();

    const submitted = await waitForEvent(page, 'lead_submitted');
    expect(submitted.target).toBe('PAGETOJOB-WIDGET');
    const stored = await lead(submitted.detail.leadId);
    const config = (await (
      await fetch(`${worker.origin}/v1/tenants/desert-peak/config`)
    ).json()) as {
      consent: { text: string };
      services: { key: string; titanBinding: unknown }[];
    };
    expect(stored).toMatchObject({
      submissionId: submitted.detail.submissionId,
      classification: 'real',
      serviceKey: 'ac-repair',
      urgency: 'soon',
      preferredWindow: 'anytime',
      contactName: 'Jane Tester',
      contactPhone: '+16025550123',
      contactEmail: 'jane.tester@example.com',
      smsOptIn: false,
      isFirstTimeClient: true,
      addressZip: '85004',
      notes: 'AC blowing warm air',
      utmSource: 'google',
      utmMedium: 'cpc',
      utmCampaign: 'summer-ac',
      bindingSent: config.services.find((s) => s.key === 'ac-repair')!.titanBinding,
      bindingResolved: { jobTypeId: 4521, businessUnitId: 319, campaignId: 1001 },
      consent: { text: config.consent.text, version: '2026-11' },
    });
    // The form token came with the lead: not flagged for review as a tokenless post would be.
    expect(stored.reviewReasons).not.toContain('no_form_token');
    // Stored URLs keep no query (the attribution parameters are fields of their own).
    const landed = `${worker.origin}/demo/`;
    expect(stored.source).toMatchObject({
      landingPage: landed,
      referrer: 'https://www.google.com/',
      utm: { source: 'google', medium: 'cpc', campaign: 'summer-ac', term: 'ac repair' },
      clickIds: { gclid: 'Cj0-test' },
      firstTouch: { landingPage: landed, clickIds: { gclid: 'Cj0-test' } },
    });
    // Events carry ids, never personal data.
    const recorded = JSON.stringify(await events(page));
    expect(recorded).toContain(String(submitted.detail.leadId));
    // Jane's phone is probed in the forms it could take, not as a bare '555': random ids may hold that.
    for (const secret of ['Jane', '6025550123', '555-0123', 'example.com', 'Main St'])
      expect(recorded).not.toContain(secret);
    expect(requests.filter((url) => url === '/v1/leads')).toHaveLength(1);
  });

  it('offline: the lead waits in the outbox and exactly one arrives when the connection returns', async () => {
    const { context, page } = await newPage();
    await page.goto(`${worker.origin}/demo/`);
    const form = page.locator('#booking');
    await fillToReview(form, { ...JANE, name: 'Olivia Offline' });
    await context.setOffline(true);
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByRole('heading', { name: 'Saved, not sent yet' }).waitFor();
    expect(await form.getByText('sent when the connection returns').isVisible()).toBe(true);
    const queued = await waitForEvent(page, 'lead_queued');
    const submissionId = String(queued.detail.submissionId);
    expect((await outbox(page)).map((entry) => entry.id)).toEqual([submissionId]);
    expect(await leadsWithSubmission(submissionId)).toHaveLength(0);

    await context.setOffline(false);
    // `online` flushes the outbox; the confirmation turns honest-positive only after the 2xx.
    await form.getByRole('heading', { name: 'Request received' }).waitFor();
    const submitted = await waitForEvent(page, 'lead_submitted');
    expect(submitted.detail.submissionId).toBe(submissionId);
    expect(await outbox(page)).toEqual([]);
    await page.reload();
    await form.getByRole('radio', { name: /^AC repair/ }).waitFor();
    const leads = await leadsWithSubmission(submissionId);
    expect(leads).toHaveLength(1);
    expect(leads[0]!.id).toBe(submitted.detail.leadId);
  });

  it('a failed send is beaconed on pagehide and flushed on the next page load, still one lead', async () => {
    const { context, page } = await newPage();
    // Every fetch to the intake fails (as on a flaky network); beacons get through.
    await context.route(`${worker.origin}/v1/leads`, (route) =>
      route.request().resourceType() === 'fetch' ? route.abort('failed') : route.continue(),
    );
    await page.goto(`${worker.origin}/demo/`);
    const form = page.locator('#booking');
    await fillToReview(form, { ...JANE, name: 'Bea Beacon' });
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByRole('heading', { name: 'Saved, not sent yet' }).waitFor();
    const submissionId = String((await waitForEvent(page, 'lead_queued')).detail.submissionId);

    // Leaving the page: the outbox hands the entry to navigator.sendBeacon.
    await page.goto(site.page('/elsewhere', hostPage('<p>Another site</p>')));
    await expect.poll(() => leadsWithSubmission(submissionId), { timeout: 15_000 }).toHaveLength(1);

    // The entry stays until a 2xx is seen: the next widget page load sends it again (the edge
    // answers duplicate: true) and only then removes it.
    await context.unrouteAll();
    await page.goto(`${worker.origin}/demo/button.html`);
    await expect.poll(() => outbox(page)).toEqual([]);
    expect(await leadsWithSubmission(submissionId)).toHaveLength(1);
  });

  it('drops, unsent, an outbox entry 7 days old and one the edge refuses for good, with error events', async () => {
    const { page } = await newPage();
    const old = { tenant: 'desert-peak', submissionId: 'sub-expired-0001', service: 'ac-repair' };
    const lost = {
      tenant: 'no-such-tenant',
      submissionId: 'sub-unknown-0001',
      service: 'ac-repair',
    };
    const entry = (body: object, at: number) => ({
      id: (body as { submissionId: string }).submissionId,
      url: `${worker.origin}/v1/leads`,
      body: JSON.stringify({
        ...body,
        urgency: 'soon',
        contact: { name: 'X', email: 'x@example.com' },
      }),
      at,
      next: 0,
    });
    const entries = [entry(old, Date.now() - 8 * 86_400_000), entry(lost, Date.now() - 60_000)];
    await page.addInitScript(
      (stored) => localStorage.setItem('pagetojob:outbox', stored),
      JSON.stringify(entries),
    );
    await page.goto(`${worker.origin}/demo/`);
    await expect
      .poll(async () => (await events(page)).filter((e) => e.name === 'error').length)
      .toBe(2);
    const errors = (await events(page)).filter((e) => e.name === 'error').map((e) => e.detail);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'expired', submissionId: 'sub-expired-0001' }),
        expect.objectContaining({ code: 'rejected', submissionId: 'sub-unknown-0001' }),
      ]),
    );
    expect(await outbox(page)).toEqual([]);
    expect(await leadsWithSubmission('sub-expired-0001')).toHaveLength(0);
  });

  it('the tag pasted twice mounts once; several widgets share one config request', async () => {
    const { page } = await newPage();
    const requests = widgetRequests(page);
    await page.goto(
      site.page(
        '/twice',
        hostPage(
          `<h1>Book</h1>${tag()}${tag()}<div id="second"></div>${tag('data-target="#second"')}${tag('data-mode="button"')}`,
        ),
      ),
    );
    await page
      .locator('#second')
      .getByRole('radio', { name: /^AC repair/ })
      .waitFor();
    const modes = await page.$$eval('pagetojob-widget', (hosts) =>
      hosts.map((h) => h.getAttribute('mode')),
    );
    expect(modes.sort()).toEqual(['button', 'inline', 'inline']);
    expect(requests.filter((url) => url.startsWith('/v1/tenants/'))).toHaveLength(1);
    // The first inline widget sits right after its script tag.
    expect(await page.$eval('script + pagetojob-widget', (host) => host.getAttribute('mode'))).toBe(
      'inline',
    );
    await page.getByRole('button', { name: 'Book service' }).click();
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    expect(await page.locator('pagetojob-widget').count()).toBe(3);
  });

  it('single-page-app navigation mounts, unmounts and re-mounts without duplicates or leaks', async () => {
    const { page } = await newPage();
    const requests = widgetRequests(page);
    await page.goto(`${worker.origin}/demo/spa.html#home`);
    await page.waitForFunction(
      () => typeof (window as { PageToJob?: unknown }).PageToJob === 'function',
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const listeners = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSEventListeners')!.value;
    };
    const visit = async (route: string) => {
      await page.evaluate((hash) => (location.hash = hash), route);
      if (route === 'book') await page.getByRole('radio', { name: /^AC repair/ }).waitFor();
      else await expect.poll(() => page.locator('pagetojob-widget').count()).toBe(0);
    };
    await visit('book');
    await visit('about');
    await visit('book');
    await visit('about');
    const baseline = await listeners();
    for (let i = 0; i < 5; i++) {
      await visit('book');
      await visit('about');
    }
    // Polled: listeners of work still in flight (a fetch, a timer) go away; a leak never does.
    await expect.poll(listeners, { timeout: 10_000 }).toBeLessThanOrEqual(baseline);
    await visit('book');
    expect(await page.locator('pagetojob-widget').count()).toBe(1);
    expect(requests.filter((url) => url.startsWith('/v1/tenants/'))).toHaveLength(1);

    await fillToReview(page.locator('#spa-booking'), { ...JANE, name: 'Sam Spa' });
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('heading', { name: 'Request received' }).waitFor();
    const submitted = await waitForEvent(page, 'lead_submitted');
    expect(await leadsWithSubmission(String(submitted.detail.submissionId))).toHaveLength(1);
    expect((await events(page)).filter((e) => e.name === 'lead_submitted')).toHaveLength(1);
  });

  it('hostile host CSS cannot break the widget, and the widget CSS does not leak out', async () => {
    const { page } = await newPage();
    const hostile = `<style>
      * { font-size: 40px !important; color: red !important; line-height: 0 !important;
          letter-spacing: 6px !important; text-transform: uppercase !important;
          box-sizing: content-box !important; visibility: visible; }
      pagetojob-widget { display: none !important; opacity: 0 !important; transform: scale(0.1) !important;
          position: absolute !important; left: -5000px !important; }
      div, section, form, label, input, button, dialog, h2, p { display: none !important; }
      .b, .m, .o, .r, .w { background: lime !important; }
    </style>`;
    await page.goto(
      site.page(
        '/hostile',
        hostPage(
          `<main><p class="m" id="page-text">Page text</p><button class="b" id="page-button">Page button</button>` +
            `<span id="slot"></span></main>${tag('data-target="#slot"')}`,
          hostile,
        ),
      ),
    );
    const form = page.locator('#slot');
    const heading = form.getByRole('heading', { name: 'What do you need help with?' });
    await heading.waitFor();
    const box = (await page.locator('pagetojob-widget').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.height).toBeGreaterThan(400);
    const style = await heading.evaluate((h) => {
      const s = getComputedStyle(h);
      return {
        fontSize: s.fontSize,
        color: s.color,
        transform: s.textTransform,
        letterSpacing: s.letterSpacing,
      };
    });
    expect(style).toEqual({
      fontSize: '20.8px',
      color: 'rgb(28, 25, 23)',
      transform: 'none',
      letterSpacing: 'normal',
    });
    // Still fully usable.
    await fillToReview(form, { ...JANE, name: 'Hostile Page' });
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByRole('heading', { name: 'Request received' }).waitFor();
    // The widget's classes (.m, .b) did nothing to the page's own elements.
    const pageStyles = await page.evaluate(() =>
      ['page-text', 'page-button'].map(
        (id) => getComputedStyle(document.getElementById(id)!).backgroundColor,
      ),
    );
    expect(pageStyles).toEqual(['rgb(0, 255, 0)', 'rgb(0, 255, 0)']);
    expect(
      await page.evaluate(() => document.querySelectorAll('style, link[rel=stylesheet]').length),
    ).toBe(1);
  });

  it('works under a strict CSP (only the widget origin for script and connect) with zero violations', async () => {
    const { page } = await newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text()))
        violations.push(message.text());
    });
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        ((window as unknown as { __csp: string[] }).__csp ??= []).push(
          `${e.violatedDirective} ${e.blockedURI}`,
        ),
      ),
    );
    const csp = `default-src 'none'; script-src ${worker.origin}; connect-src ${worker.origin}; base-uri 'none'; form-action 'none'`;
    const all: string[] = [];
    page.on('request', (request) => all.push(new URL(request.url()).origin));
    await page.goto(
      site.page(
        '/csp',
        hostPage(
          `<h1>Strict site</h1><button data-pagetojob-open="furnace-repair">Furnace</button><div id="book"></div>${tag('data-target="#book"')}`,
        ),
        { 'content-security-policy': csp },
      ),
    );
    const form = page.locator('#book');
    await fillToReview(form, { ...JANE, name: 'Carla Csp', service: /^Furnace repair/ });
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByRole('heading', { name: 'Request received' }).waitFor();
    // The modal too (dialog, theme and focus handling under the same policy).
    await page.getByRole('button', { name: 'Furnace' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'When do you need us?' }).waitFor();
    await page.keyboard.press('Escape');
    expect(violations).toEqual([]);
    expect(
      await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []),
    ).toEqual([]);
    // No third-party requests: only the site itself and the widget's origin.
    expect([...new Set(all)].sort()).toEqual([site.origin, worker.origin].sort());
  });

  it('keyboard only: every step, the modal, Escape every time, focus moved and returned', async () => {
    // The dialog opens without animation (none under reduced motion either: checked below).
    const { page } = await newPage({ reducedMotion: 'reduce' });
    await page.goto(`${worker.origin}/demo/`);
    await page
      .locator('#booking')
      .getByRole('radio', { name: /^AC repair/ })
      .waitFor();
    const focused = () =>
      page.evaluate(() => {
        let element = document.activeElement;
        while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
        return {
          tag: element?.tagName,
          text: element?.textContent?.trim().slice(0, 40),
          name: element?.getAttribute('name'),
        };
      });
    const tabTo = async (match: (f: Awaited<ReturnType<typeof focused>>) => boolean) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if (match(await focused())) return;
      }
      throw new Error('focus never reached the expected element');
    };

    // The modal: opens from its trigger, Escape closes it every time, focus returns.
    const trigger = (f: Awaited<ReturnType<typeof focused>>) =>
      f.tag === 'BUTTON' && f.text === 'Book service';
    await tabTo(trigger);
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor();
      expect((await focused()).tag).toBe('H2');
      const animations = await page.$$eval('pagetojob-widget', (hosts) =>
        hosts.reduce((n, h) => n + h.shadowRoot!.getAnimations().length, 0),
      );
      expect(animations).toBe(0);
      if (i === 1) {
        await page.keyboard.press('Tab');
        await page.keyboard.press('Space');
      }
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(false);
      expect(trigger(await focused())).toBe(true);
    }

    // Escape and Enter in the same breath: the dialog's late `close` event must not shut the
    // dialog the visitor has just reopened.
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(false);

    // The inline form, keyboard only.
    await tabTo((f) => f.name === 'service');
    await page.keyboard.press('Space');
    await tabTo((f) => f.text === 'Next');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toMatchObject({ tag: 'H2', text: 'When do you need us?' });
    await tabTo((f) => f.name === 'urgency');
    await page.keyboard.press('ArrowDown'); // Emergency → Soon
    await tabTo((f) => f.tag === 'SELECT');
    await page.keyboard.press('ArrowDown');
    await tabTo((f) => f.name === 'window');
    await page.keyboard.press('Space');
    await tabTo((f) => f.text === 'Next');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toMatchObject({ tag: 'H2', text: 'How can we reach you?' });
    await page.keyboard.press('Tab');
    await page.keyboard.type('Kim Keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.type('6025550199');
    await page.keyboard.press('Enter'); // Enter in a field submits the step
    // The returning-customer question is unanswered: focus goes to it.
    await expect.poll(focused).toMatchObject({ tag: 'INPUT', name: 'firstTime' });
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toMatchObject({ tag: 'H2', text: 'Review your request' });
    await tabTo((f) => f.text === 'Send request');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toMatchObject({ tag: 'H2', text: 'Request received' });
    const submitted = await waitForEvent(page, 'lead_submitted');
    expect(await lead(submitted.detail.leadId)).toMatchObject({
      contactName: 'Kim Keyboard',
      urgency: 'soon',
      isFirstTimeClient: true,
    });
  });

  it('review: Edit jumps to its step; prefill reaches an already open form; a returning customer', async () => {
    const { page } = await newPage();
    const requests = widgetRequests(page);
    await page.goto(`${worker.origin}/demo/`);
    const form = page.locator('#booking');
    await form.getByRole('radio', { name: /^AC repair/ }).waitFor();
    // The form is open: a later prefill fills its empty fields, and never a field already typed.
    await form.getByRole('radio', { name: /^AC repair/ }).check();
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByRole('radio', { name: /^Soon/ }).check();
    await form.getByLabel('Preferred day').selectOption({ index: 1 });
    await form.getByRole('radio', { name: 'Any time' }).check();
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByLabel('Full name', { exact: true }).fill('Typed By Visitor');
    await page.evaluate(() =>
      (window as unknown as { PageToJob: (...args: unknown[]) => void }).PageToJob('prefill', {
        name: 'Prefilled Name',
        phone: '602-555-0177',
        zip: '85004',
      }),
    );
    await expect
      .poll(() => form.getByLabel('Phone', { exact: true }).inputValue())
      .toBe('602-555-0177');
    expect(await form.getByLabel('Full name', { exact: true }).inputValue()).toBe(
      'Typed By Visitor',
    );
    expect(await form.getByLabel('ZIP code').inputValue()).toBe('85004');
    await answerFirstTime(form, false);
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByRole('heading', { name: 'Review your request' }).waitFor();
    expect(await form.getByText('No, I am a returning customer').count()).toBe(1);

    // Each row's Edit button goes to its step; Next walks back to the review.
    await form.getByRole('button', { name: 'Edit Preferred time' }).click();
    await form.getByRole('heading', { name: 'When do you need us?' }).waitFor();
    await form.getByRole('radio', { name: /^Flexible/ }).check();
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByRole('heading', { name: 'Review your request' }).waitFor();
    await form.getByRole('button', { name: 'Edit Service' }).click();
    await form.getByRole('heading', { name: 'What do you need help with?' }).waitFor();
    for (let step = 0; step < 3; step++) await form.getByRole('button', { name: 'Next' }).click();
    await form.getByRole('button', { name: 'Edit How can we reach you?' }).click();
    await form.getByRole('heading', { name: 'How can we reach you?' }).waitFor();
    await form.getByRole('button', { name: 'Next' }).click();
    await page.waitForTimeout(2600);
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByRole('heading', { name: 'Request received' }).waitFor();
    const stored = await lead((await waitForEvent(page, 'lead_submitted')).detail.leadId);
    expect(stored).toMatchObject({
      contactName: 'Typed By Visitor',
      contactPhone: '+16025550177',
      urgency: 'flexible',
      isFirstTimeClient: false,
    });
    // One strings file for the page however many steps were shown.
    expect(requests.filter((url) => url.startsWith('/widget.rest.'))).toHaveLength(1);
  });

  it('a form left open overnight offers, and sends, no day that has passed', async () => {
    const { page } = await newPage();
    const requests = widgetRequests(page);
    // The config's slots are the edge's as of now: the visitor's clock moves on from there. Day
    // 0 is the next Monday to Thursday in Phoenix (the demo tenant's zone, no DST, Mon–Sat
    // 07:00–19:00), so that days 1 and 2 are business days too; each visit is at 10:00.
    let day0 = addDays(localNow(new Date(), 'America/Phoenix').date, 1);
    while (![1, 2, 3, 4].includes(weekday(day0))) day0 = addDays(day0, 1);
    const [day1, day2] = [addDays(day0, 1), addDays(day0, 2)];
    const at10 = (date: string) => new Date(zonedInstant(date, 600, 'America/Phoenix'));
    await page.clock.install({ time: at10(day0) });
    const { form, day, days } = await toWhenStep(page, `${worker.origin}/demo/`);
    expect((await days()).slice(0, 3)).toEqual(['', day0, day1]);
    await day.selectOption(day0);
    await form.getByRole('radio', { name: 'Any time' }).check();

    // The next morning the visitor comes back to the tab: yesterday is gone from the list.
    await page.clock.setSystemTime(at10(day1));
    await page.evaluate(() =>
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true })),
    );
    await expect.poll(async () => (await days())[1]).toBe(day1);
    expect(await days()).not.toContain(day0);
    await form.getByRole('button', { name: 'Next' }).click();
    expect(await day.getAttribute('aria-invalid')).toBe('true');

    // Picked again, and the contact step filled; a day later still, sending is refused by the
    // form itself: back to "when", with the day to pick again, and nothing sent.
    await day.selectOption(day1);
    await form.getByRole('radio', { name: 'Any time' }).check();
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByLabel('Full name', { exact: true }).fill('Nora Overnight');
    await form.getByLabel('Phone', { exact: true }).fill('602 555 0166');
    await answerFirstTime(form);
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByRole('heading', { name: 'Review your request' }).waitFor();
    await page.clock.setSystemTime(at10(day2));
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByRole('heading', { name: 'When do you need us?' }).waitFor();
    expect(await day.getAttribute('aria-invalid')).toBe('true');
    expect(await days()).not.toContain(day1);
    expect(requests.filter((url) => url === '/v1/leads')).toEqual([]);
  });

  it('closures, the lead time and full windows are not offered, and the lead time moves with the clock', async () => {
    // The demo tenant's hours (Mon–Sat, Phoenix) with: no request for today (cutoff at 00:00),
    // the second business day from tomorrow closed, and one morning request per day.
    const today = localNow(new Date(), 'America/Phoenix').date;
    const business: string[] = [];
    for (let ahead = 1; business.length < 4; ahead++) {
      const date = addDays(today, ahead);
      if (weekday(date) !== 0) business.push(date);
    }
    const [first, closed, full, fourth] = business as [string, string, string, string];
    const windows = structuredClone(demoFile.config.windows);
    Object.assign(windows[0]!, { capacity: 1 });
    const tenant = await newTenant('limits', {
      windows,
      closures: [{ date: closed }],
      leadTime: { sameDayCutoff: '00:00' },
    });
    const taken = await fetch(`${worker.origin}/v1/leads`, {
      method: 'POST',
      body: JSON.stringify(
        demoLead({
          tenant,
          preferredTime: { date: full, window: 'morning' },
          titanBinding: undefined,
        }),
      ),
    });
    expect(taken.status).toBe(202);

    const { page } = await newPage();
    await page.clock.install({ time: new Date() });
    const { form, day, days } = await toWhenStep(page, tenantPage(tenant));
    expect((await days()).slice(0, 4)).toEqual(['', first, full, fourth]);
    await day.selectOption(full);
    expect(await form.getByRole('radio', { name: /^Morning/ }).count()).toBe(0);
    expect(await form.getByRole('radio', { name: /^Afternoon/ }).count()).toBe(1);
    await day.selectOption(first);
    expect(await form.getByRole('radio', { name: /^Morning/ }).count()).toBe(1);

    // Half past midnight on the first day, same config: the cutoff has passed for it.
    await page.clock.setSystemTime(new Date(zonedInstant(first, 30, 'America/Phoenix')));
    await page.evaluate(() =>
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true })),
    );
    await expect.poll(async () => (await days())[1]).toBe(full);
  });

  it('a paused or archived tenant shows a card with the office phone instead of the form', async () => {
    const tenant = await newTenant('paused');
    await adminSend('PATCH', `/v1/admin/tenants/${tenant}`, { status: 'paused' });
    const { page } = await newPage();
    await page.goto(tenantPage(tenant));
    const widget = page.locator('#booking');
    await widget
      .getByText('We are not taking online requests right now. Please call (602) 555-0147.')
      .waitFor();
    expect(await widget.getByRole('heading', { name: `Tenant ${tenant}` }).count()).toBe(1);
    expect(await widget.getByRole('radio').count()).toBe(0);
    expect(await widget.getByRole('button', { name: 'Next' }).count()).toBe(0);

    await adminSend('PATCH', `/v1/admin/tenants/${tenant}`, { status: 'archived' });
    // A new visitor (the first one's browser may keep the paused config for its minute).
    const later = (await newPage()).page;
    await later.goto(tenantPage(tenant));
    await later
      .locator('#booking')
      .getByText('Online booking is no longer available. Please call (602) 555-0147.')
      .waitFor();
  });

  describe('unfinished requests (issue 16)', () => {
    const DISCLOSURE = "If you don't finish, we may call you about this request.";

    /** The tenant's leads (any class) as the admin API lists them. */
    async function tenantLeads(tenant: string): Promise<Lead[]> {
      const path = `/v1/admin/leads?tenant=${tenant}&limit=100`;
      return ((await worker.admin(path)) as { leads: Lead[] }).leads;
    }

    /**
     * Bodies of the beacons to `POST /v1/leads/unfinished`, as they were sent. Only those of a
     * page that stays: Playwright does not report the beacon of a document being left.
     */
    function unfinishedBeacons(context: BrowserContext): Record<string, unknown>[] {
      const bodies: Record<string, unknown>[] = [];
      context.on('request', (request) => {
        if (request.url().endsWith('/v1/leads/unfinished'))
          bodies.push(JSON.parse(request.postData() ?? 'null') as Record<string, unknown>);
      });
      return bodies;
    }

    /** Opens the tenant's form and walks it to the contact step. */
    async function toContactStep(page: Page, tenant: string) {
      await page.goto(tenantPage(tenant));
      const form = page.locator('#booking');
      await form.getByRole('radio', { name: /^AC repair/ }).check();
      await form.getByRole('button', { name: 'Next' }).click();
      await form.getByRole('radio', { name: /^Soon/ }).check();
      await form.getByLabel('Preferred day').selectOption({ index: 2 });
      await form.getByRole('radio', { name: 'Any time' }).check();
      await form.getByRole('button', { name: 'Next' }).click();
      await form.getByLabel('Phone', { exact: true }).waitFor();
      return form;
    }

    const leave = (page: Page) => page.goto(site.page('/elsewhere', hostPage('<p>Elsewhere</p>')));
    /** `pagehide` with the page kept (as when it goes into the back/forward cache). */
    const pagehide = (page: Page) =>
      page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));

    it('a visitor who types a phone and leaves becomes one unfinished lead, with the disclosure shown', async () => {
      const tenant = await newTenant('unfinished', { captureUnfinished: true });
      const { page } = await newPage();
      const form = await toContactStep(page, tenant);
      expect(await form.getByText(DISCLOSURE).isVisible()).toBe(true);
      await form.getByLabel('Full name', { exact: true }).fill('Una Unfinished');
      await form.getByLabel('Phone', { exact: true }).fill('(602) 555-0177');
      await leave(page);

      await expect.poll(() => tenantLeads(tenant), { timeout: 15_000 }).toHaveLength(1);
      const [stored] = await tenantLeads(tenant);
      expect(stored).toMatchObject({
        classification: 'unfinished',
        contactName: 'Una Unfinished',
        contactPhone: '+16025550177',
        serviceKey: 'ac-repair',
      });
      expect(stored!.submissionId).toMatch(/^ptj_/);
    });

    it('an opted-out tenant shows no disclosure and sends nothing when the visitor leaves', async () => {
      const tenant = await newTenant('captureoff');
      const { context, page } = await newPage();
      const beacons = unfinishedBeacons(context);
      const form = await toContactStep(page, tenant);
      await form.getByLabel('Phone', { exact: true }).fill('(602) 555-0178');
      expect(await form.getByText(DISCLOSURE).count()).toBe(0);
      await pagehide(page);
      await leave(page);
      await page.getByText('Elsewhere').waitFor();
      expect(beacons).toEqual([]);
      expect(await tenantLeads(tenant)).toEqual([]);
    });

    it('nothing before a valid phone or email; finishing after the beacon leaves one real lead', async () => {
      const tenant = await newTenant('finished', { captureUnfinished: true });
      const { context, page } = await newPage();
      const beacons = unfinishedBeacons(context);
      const form = await toContactStep(page, tenant);
      // An incomplete number is nothing to call back: no beacon yet.
      await form.getByLabel('Phone', { exact: true }).fill('602 555');
      await pagehide(page);
      await form.getByLabel('Phone', { exact: true }).fill('(602) 555-0179');
      // The page goes into the back/forward cache and comes back: one beacon, never a second.
      await pagehide(page);
      await pagehide(page);
      await expect.poll(() => tenantLeads(tenant), { timeout: 15_000 }).toHaveLength(1);
      expect(beacons).toHaveLength(1);
      expect((await tenantLeads(tenant))[0]!.classification).toBe('unfinished');

      await form.getByLabel('Full name', { exact: true }).fill('Fin Ished');
      await answerFirstTime(form);
      await form.getByRole('button', { name: 'Next' }).click();
      await form.getByRole('heading', { name: 'Review your request' }).waitFor();
      // A person takes more than 2.5 s from the token's issue; faster submits are spam (edge clock).
      await page.waitForTimeout(2600);
      await form.getByRole('button', { name: 'Send request' }).click();
      await form.getByRole('heading', { name: 'Request received' }).waitFor();
      const submitted = await waitForEvent(page, 'lead_submitted');
      await pagehide(page);

      const leads = await tenantLeads(tenant);
      expect(leads).toHaveLength(1);
      expect(leads[0]).toMatchObject({
        id: submitted.detail.leadId,
        submissionId: beacons[0]!.submissionId,
        classification: 'real',
        contactName: 'Fin Ished',
      });
      expect(beacons).toHaveLength(1);
    });
  });

  it('validation: inline errors announced, server field issues mapped back onto the fields', async () => {
    const { context, page } = await newPage();
    await page.goto(`${worker.origin}/demo/`);
    const form = page.locator('#booking');
    await form.getByRole('button', { name: 'Next' }).click();
    await expect
      .poll(() => form.locator('[aria-live]').textContent())
      .toBe('Check the marked fields.');
    await expect.poll(() => form.getByText('Choose one.').count()).toBe(1);
    await form.getByRole('radio', { name: /^Duct cleaning/ }).check();
    await form.getByRole('button', { name: 'Next' }).click();
    // Emergency is not offered for duct cleaning.
    expect(await form.getByRole('radio', { name: 'Emergency' }).count()).toBe(0);
    await form.getByRole('radio', { name: /^Flexible/ }).check();
    await form.getByLabel('Preferred day').selectOption({ index: 1 });
    await form.getByRole('radio', { name: 'Any time' }).check();
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByLabel('Phone', { exact: true }).fill('555');
    await form.getByLabel('ZIP code').fill('850');
    await form.getByRole('button', { name: 'Next' }).click();
    const phone = form.getByLabel('Phone', { exact: true });
    await expect.poll(() => phone.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByText('Enter a valid phone.').count()).toBe(1);
    expect(await form.getByText('Enter your name.').count()).toBe(1);
    expect(await form.getByText('Enter a 5-digit ZIP code.').count()).toBe(1);
    expect(
      await phone.evaluate((el) =>
        (el.getRootNode() as ShadowRoot).activeElement?.getAttribute('name'),
      ),
    ).toBe('name');

    expect(await form.getByText('Choose one.').count()).toBe(1);
    await form.getByLabel('Full name', { exact: true }).fill('Vera Valid');
    await phone.fill('602 555 0111');
    await answerFirstTime(form, false);
    await form.getByLabel('ZIP code').fill('85004');
    await form.getByRole('button', { name: 'Next' }).click();
    // The server refuses (as it does without a reachable contact): its issues land on the fields.
    await context.route(`${worker.origin}/v1/leads`, (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({
          error: 'contact_required',
          message: 'Give a valid phone number or email address.',
          issues: [
            {
              path: ['contact', 'phone'],
              code: 'invalid_phone',
              message: 'Enter a phone number: 10 digits, or + and the country code',
            },
            {
              path: ['contact', 'email'],
              code: 'invalid_email',
              message: 'Enter a valid email address',
            },
          ],
        }),
      }),
    );
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByRole('heading', { name: 'How can we reach you?' }).waitFor();
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(await form.getByText('Enter a valid email.').count()).toBe(1);
    expect((await waitForEvent(page, 'error')).detail).toMatchObject({ code: 'rejected' });
    expect(await outbox(page)).toEqual([]);
  });

  it('a refusal with no field to fix, sent now or from the outbox later, says so on the review', async () => {
    const { context, page } = await newPage();
    await page.goto(`${worker.origin}/demo/`);
    const form = page.locator('#booking');
    const alert = form.getByRole('alert');
    // 413: too large, nothing the visitor can fix field by field.
    await context.route(`${worker.origin}/v1/leads`, (route) =>
      route.fulfill({
        status: 413,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'payload_too_large', message: 'Too large' }),
      }),
    );
    await fillToReview(form, { ...JANE, name: 'Rita Refused' });
    await form.getByRole('button', { name: 'Send request' }).click();
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Could not send. Please call us.');
    expect(await form.getByRole('heading', { name: 'Review your request' }).count()).toBe(1);
    expect((await waitForEvent(page, 'error')).detail).toMatchObject({ code: 'rejected' });
    expect(await outbox(page)).toEqual([]);

    // Queued offline, then refused for good once the connection returns: the form that said
    // "saved, not sent yet" goes back to the review with the same message.
    await context.unrouteAll();
    const { context: offline, page: second } = await newPage();
    await second.goto(`${worker.origin}/demo/`);
    const queuedForm = second.locator('#booking');
    await fillToReview(queuedForm, { ...JANE, name: 'Quinn Queued' });
    await offline.setOffline(true);
    await queuedForm.getByRole('button', { name: 'Send request' }).click();
    await queuedForm.getByRole('heading', { name: 'Saved, not sent yet' }).waitFor();
    const submissionId = String((await waitForEvent(second, 'lead_queued')).detail.submissionId);
    await offline.route(`${worker.origin}/v1/leads`, (route) =>
      route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":"bad"}' }),
    );
    await offline.setOffline(false);
    await queuedForm.getByRole('alert').waitFor();
    expect(await queuedForm.getByRole('alert').textContent()).toBe(
      'Could not send. Please call us.',
    );
    expect(await queuedForm.getByRole('heading', { name: 'Review your request' }).count()).toBe(1);
    expect((await waitForEvent(second, 'error')).detail).toMatchObject({
      code: 'rejected',
      submissionId,
    });
    expect(await outbox(second)).toEqual([]);
    expect(await leadsWithSubmission(submissionId)).toHaveLength(0);
  });

  it('emergency shows the call button and still takes the request; a zip outside the area is flagged', async () => {
    const { page } = await newPage();
    await page.goto(`${worker.origin}/demo/`);
    await page.getByRole('button', { name: 'Book AC repair' }).click();
    const dialog = page.getByRole('dialog');
    // Opened from a service's own button: the service step is already done.
    await dialog.getByRole('heading', { name: 'When do you need us?' }).waitFor();
    await dialog.getByRole('radio', { name: 'Emergency' }).check();
    const call = dialog.getByRole('link', { name: 'Call now: (602) 555-0147' });
    expect(await call.getAttribute('href')).toBe('tel:6025550147');
    expect(await dialog.getByLabel('Preferred day').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByLabel('Full name', { exact: true }).fill('Eddie Emergency');
    await dialog.getByLabel('Email', { exact: true }).fill('eddie@example.com');
    await answerFirstTime(dialog);
    await dialog.getByLabel('ZIP code').fill('90210');
    // The message and the office phone come with the config (no officePhone: the emergency line).
    await dialog
      .getByText('Outside our usual area; you can still send this. Questions? Call (602) 555-0147.')
      .waitFor();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await dialog.getByRole('heading', { name: 'Request received' }).waitFor();
    expect(await dialog.getByRole('link', { name: /Call now/ }).count()).toBe(1);
    const stored = await lead((await waitForEvent(page, 'lead_submitted')).detail.leadId);
    expect(stored).toMatchObject({
      urgency: 'emergency',
      preferredDate: null,
      addressZip: '90210',
    });
    expect(stored.reviewReasons).toContain('zip_outside_service_area');
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('Spanish from <html lang>, queue stub replay, prefill, campaign override, events and dataLayer', async () => {
    const { page } = await newPage();
    await page.goto(`${worker.origin}/demo/modal.html?utm_source=newsletter`);
    await page.waitForFunction(
      () => (window as { PageToJob?: { embed?: unknown } }).PageToJob?.embed,
    );
    await page.getByRole('button', { name: 'Abrir con datos de prueba' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: '¿Cuándo nos necesita?' }).waitFor();
    await dialog.getByRole('radio', { name: /^Pronto/ }).check();
    await dialog.getByLabel('Día preferido').selectOption({ index: 1 });
    await dialog.getByRole('radio', { name: 'Cualquier hora' }).check();
    await dialog.getByRole('button', { name: 'Siguiente' }).click();
    // Prefilled by PageToJob('prefill', …) before the form opened.
    expect(await dialog.getByLabel('Nombre completo').inputValue()).toBe('Prueba Demo');
    expect(await dialog.getByLabel('Código postal').inputValue()).toBe('85004');
    await dialog.getByRole('radio', { name: 'No, ya soy cliente' }).check();
    await dialog.getByRole('button', { name: 'Siguiente' }).click();
    await dialog.getByRole('button', { name: 'Enviar solicitud' }).click();
    await dialog.getByRole('heading', { name: 'Solicitud recibida' }).waitFor();

    // Listeners registered through the stub before widget.js loaded saw the events.
    const log = await page.locator('#event-log li').allTextContents();
    expect(log.map((line) => line.split(' ')[0])).toEqual(
      expect.arrayContaining(['open', 'step', 'lead_submitted']),
    );
    const dataLayer = (await page.evaluate(
      () => (window as unknown as { dataLayer: unknown[] }).dataLayer,
    )) as {
      event: string;
      lead_id: string;
    }[];
    const generated = dataLayer.filter((entry) => entry.event === 'generate_lead');
    expect(generated).toHaveLength(1);
    expect(JSON.stringify(generated)).not.toContain('Prueba');
    const stored = await lead(generated[0]!.lead_id);
    expect(stored).toMatchObject({
      serviceKey: 'water-heater',
      contactName: 'Prueba Demo',
      isFirstTimeClient: false,
      utmSource: 'newsletter',
    });
    // data-campaign overrides utm.campaign; the binding hint stays the Titan Map's.
    expect(stored.utmCampaign).toBe('demo-spring-promo');
    expect(stored).toMatchObject({ bindingSent: { campaignId: 1001 } });
    expect((stored.consent as { text: string }).text).toMatch(/^Al enviar/);
  });

  it('inline mode causes zero layout shift on the demo page', async () => {
    // Tall enough that the whole page, footer included, is in the viewport: shifts there count.
    const { page } = await newPage({ viewport: { width: 1280, height: 2000 } });
    await page.addInitScript(() => {
      (window as unknown as { __cls: number }).__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) {
          (window as unknown as { __cls: number }).__cls += entry.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${worker.origin}/demo/`);
    await page
      .locator('#booking')
      .getByRole('radio', { name: /^AC repair/ })
      .waitFor();
    await page.waitForTimeout(300);
    // The reserved 700px hold the first step: the slot did not grow when the form arrived.
    expect(await page.$eval('#booking', (slot) => slot.getBoundingClientRect().height)).toBe(700);
    expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBe(0);
  });

  it('axe-core finds no serious or critical accessibility violations in any state', async () => {
    const { page } = await newPage();
    await page.goto(`${worker.origin}/demo/`);
    const form = page.locator('#booking');
    await form.getByRole('radio', { name: /^AC repair/ }).waitFor();
    // Evaluated through the DevTools protocol: the demo page's CSP forbids injected script tags.
    await page.evaluate(axeSource);
    const scan = async (state: string) => {
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
            };
          }
        ).axe;
        const result = await axe.run();
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) =>
              `${v.id} (${v.impact}) ×${v.nodes.length} ${JSON.stringify(v.nodes).slice(0, 300)}`,
          );
      });
      expect(violations, state).toEqual([]);
    };
    await scan('service step');
    await form.getByRole('button', { name: 'Next' }).click();
    await scan('service step with an error');
    await form.getByRole('radio', { name: /^AC repair/ }).check();
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByRole('radio', { name: 'Emergency' }).check();
    await scan('emergency');
    await form.getByRole('radio', { name: /^Soon/ }).check();
    await scan('when step');
    await form.getByLabel('Preferred day').selectOption({ index: 1 });
    await form.getByRole('radio', { name: 'Any time' }).check();
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByRole('button', { name: 'Next' }).click();
    await scan('contact step with errors');
    await form.getByLabel('Full name', { exact: true }).fill('Alex Axe');
    await form.getByLabel('Email', { exact: true }).fill('alex@example.com');
    await answerFirstTime(form);
    await form.getByRole('button', { name: 'Next' }).click();
    await scan('review');
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByRole('heading', { name: 'Request received' }).waitFor();
    await scan('confirmation');
    await page.getByRole('button', { name: 'Book service' }).click();
    await page.getByRole('dialog').getByRole('heading').first().waitFor();
    await scan('modal');
  });
});
