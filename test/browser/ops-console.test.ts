/**
 * The operator console in a real browser (Debian Chromium via playwright-core) against
 * `wrangler dev`: a visitor books through the widget on the demo page; an operator signs in with
 * a tenant token, finds that lead, opens it, resends its sync job, and resolves a drift finding.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium, SKIP_BROWSER } from './helpers/browser.ts';
import { POLL, sendWebhook, seriousViolations } from './helpers/console.ts';
import { fillToReview, JANE, recordEvents, waitForEvent } from './helpers/form.ts';
import { startWorker, type TestWorker } from './helpers/server.ts';

describe.skipIf(SKIP_BROWSER)('operator console in Chromium', () => {
  let worker: TestWorker;
  let browser: Browser;
  let page: Page;
  let operatorToken: string;
  let tokenId: string;
  let leadId: string;
  let quarantinedId: string;
  /** Script errors and console errors (a CSP violation is one) seen by the console page. */
  const pageErrors: string[] = [];
  const visitor = { ...JANE, name: `Rosa Console ${Date.now().toString(36)}` };

  async function admin<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(`${worker.origin}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${worker.adminToken}`, ...init.headers },
    });
    expect(res.status, `${init.method ?? 'GET'} ${path}`).toBeLessThan(300);
    return (await res.json()) as T;
  }

  const webhook = (type: string, change: (data: Record<string, any>) => void) =>
    sendWebhook(worker.origin, type, change);

  beforeAll(async () => {
    expect(existsSync('dist/public/ops/index.html'), 'run `npm run build` first').toBe(true);
    [worker, browser] = await Promise.all([startWorker(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && page.url().includes('/ops/')) pageErrors.push(msg.text());
    });
    const created = await admin<{ token: string; operatorToken: { id: string } }>(
      '/v1/admin/tokens',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'desert-peak', label: 'Browser test office' }),
      },
    );
    operatorToken = created.token;
    tokenId = created.operatorToken.id;
    // A re-import that deactivates Duct Cleaning, which the published map uses: a drift finding.
    await admin('/v1/admin/titan-map/tenants/desert-peak/imports?kind=job-types', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: readFileSync('examples/titan-map/job-types-duct-cleaning-inactive.csv', 'utf8'),
    });
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('serves the console with a CSP that forbids framing, and no sniffing or referrer', async () => {
    for (const path of ['/ops/', '/ops/index.html']) {
      const res = await fetch(`${worker.origin}${path}`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('a visitor books through the widget on the demo page', async () => {
    await recordEvents(page);
    await page.goto(`${worker.origin}/demo/?utm_source=google&utm_campaign=summer-ac`);
    const form = page.locator('#booking');
    await fillToReview(form, visitor);
    // A person takes more than 2.5 s; faster submits are classified as spam.
    await page.waitForTimeout(2600);
    await form.getByRole('button', { name: 'Send request' }).click();
    leadId = String((await waitForEvent(page, 'lead_submitted')).detail.leadId);
    expect(leadId).toMatch(/^ld_/);
  });

  it('signs in with an operator token and finds and opens that lead', async () => {
    await page.goto(`${worker.origin}/ops/`);
    await page.getByLabel('Token').fill(operatorToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Leads' }).waitFor();
    expect(await page.getByText('Operator · Browser test office').isVisible()).toBe(true);

    await page.getByRole('link', { name: visitor.name }).click();
    await page.getByRole('heading', { name: `Lead from ${visitor.name}` }).waitFor();
    expect(page.url()).toContain(`#/leads/${leadId}`);
    expect(await page.getByText('+16025550123', { exact: true }).first().isVisible()).toBe(true);
    expect(await page.getByText('google / — / summer-ac').isVisible()).toBe(true);
  });

  it('exports the leads list as CSV', async () => {
    await page.getByRole('link', { name: '← Leads' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^leads-desert-peak-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^lead_id,received_at,tenant,/);
    expect(csv).toContain(`${leadId},`);
    expect(csv).toContain(visitor.name);
    await page.getByRole('link', { name: visitor.name }).click();
    await page.getByRole('heading', { name: `Lead from ${visitor.name}` }).waitFor();
  });

  it('resends the lead’s sync job', async () => {
    // Drafted (ready, or review when the mapping needs a look): either can be resent.
    const drafted = await vi.waitFor(async () => {
      const r = await admin<{ syncJobs: { id: string; state: string }[] }>(
        `/v1/admin/sync-jobs?lead=${leadId}`,
      );
      expect(['ready', 'review'].includes(r.syncJobs[0]?.state ?? '')).toBe(true);
      return r;
    }, POLL);
    const job = drafted.syncJobs[0]!;
    expect(['ready', 'review']).toContain(job.state);
    await page.reload();
    await page.getByRole('button', { name: 'Resend' }).click();
    await page.getByText('Resent: the draft is being rebuilt.').waitFor();
    const detail = await admin<{ audit: { action: string; actor: string }[] }>(
      `/v1/admin/sync-jobs/${job.id}`,
    );
    expect(detail.audit).toContainEqual(
      expect.objectContaining({ action: 'sync_job.resend', actor: `operator:${tokenId}` }),
    );
  });

  it("shows the lead's invoices with an adjustment, and re-processes a quarantined event", async () => {
    const jobId = 880_000 + Math.floor(Math.random() * 100_000);
    await webhook('tn.crm.booking-updated', (d) => {
      Object.assign(d.booking, { externalId: `ptj-${leadId}`, jobId, status: 'Converted' });
    });
    await webhook('tn.acc.invoice-posted', (d) => {
      Object.assign(d.invoice, { id: jobId, total: '412.50', job: { id: jobId } });
    });
    await webhook('tn.acc.invoice-posted', (d) => {
      const adjustment = { id: jobId + 1, adjustmentToId: jobId, total: '-50.00' };
      Object.assign(d.invoice, {
        ...adjustment,
        salesTax: null,
        balance: null,
        job: { id: jobId },
      });
    });
    await vi.waitFor(async () => {
      const r = await admin<{ outcomes: { revenue: string } }>(`/v1/admin/leads/${leadId}`);
      expect(r.outcomes.revenue).toBe('362.50');
    }, POLL);
    // The page is on this lead already: reload it to read the outcomes anew.
    await page.goto(`${worker.origin}/ops/#/leads/${leadId}`);
    await page.reload();
    const invoices = page.getByRole('table', { name: /Invoices/ });
    await invoices.waitFor();
    expect(
      await invoices.getByRole('row', { name: new RegExp(`^${jobId} `) }).textContent(),
    ).toContain('362.50');
    expect(await invoices.getByText(`↳ adjustment ${jobId + 1}`).isVisible()).toBe(true);
    expect(await page.getByText('revenue 362.50').isVisible()).toBe(true);

    const quarantined = await webhook('tn.crm.booking-updated', (d) => {
      Object.assign(d.booking, { externalId: `ptj-${leadId}`, status: 'Booked' });
    });
    expect(quarantined.state).toBe('quarantined');
    quarantinedId = quarantined.eventId;
    await page.goto(`${worker.origin}/ops/#/webhooks?state=quarantined`);
    await page.getByRole('row').filter({ hasText: 'not applied' }).first().waitFor();
    await page.goto(`${worker.origin}/ops/#/webhooks/events/${quarantinedId}`);
    await page.getByRole('heading', { name: 'Schema issues' }).waitFor();
    expect(await page.getByText('data.booking.status').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Process again' }).click();
    await page.getByText('Processed again.').waitFor();
    await page.getByText('webhook_event.reprocessed').waitFor();
    const { event, audit } = await admin<{
      event: { state: string };
      audit: { action: string; actor: string }[];
    }>(`/v1/admin/webhook-events/${quarantinedId}`);
    // The schema has not changed: still quarantined, and who tried is on record.
    expect(event.state).toBe('quarantined');
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'webhook_event.reprocessed',
        actor: `operator:${tokenId}`,
      }),
    );
  });

  it('resolves a drift finding', async () => {
    await page.getByRole('link', { name: 'Titan Map' }).click();
    const finding = page.getByRole('article').filter({ hasText: 'Duct Cleaning' }).first();
    await finding.waitFor();
    await finding.getByLabel('What was done').fill('Rebound duct cleaning to job type 4540');
    await finding.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Finding resolved.').waitFor();
    const { findings } = await admin<{
      findings: { resolvedBy: string; resolutionNote: string }[];
    }>('/v1/admin/titan-map/drift-findings?tenant=desert-peak&state=resolved');
    expect(findings).toContainEqual(
      expect.objectContaining({
        resolvedBy: `operator:${tokenId}`,
        resolutionNote: 'Rebound duct cleaning to job type 4540',
      }),
    );
  });

  it('has no serious or critical accessibility violations on any page, and no script errors', async () => {
    const pages = ['leads', `leads/${leadId}`, 'sync', 'webhooks', 'titan-map', 'readiness'];
    pages.push('notifications', 'reports', 'settings', `webhooks/events/${quarantinedId}`);
    for (const path of pages) {
      await page.goto(`${worker.origin}/ops/#/${path}`);
      const violations = await seriousViolations(page);
      expect(violations, path).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
  });
});
