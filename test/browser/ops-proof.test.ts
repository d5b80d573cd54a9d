/**
 * The console's proof pages in a real browser (Debian Chromium via playwright-core) against
 * `wrangler dev`: a lead from a Google ad is booked and invoiced by signed webhooks, a second one
 * phoned in; an operator imports a jobs export (one exact, one probable match), confirms the
 * probable one, sees in the report where each figure came from, and downloads the Google Ads
 * file holding the invoiced conversion with its value.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium, SKIP_BROWSER } from './helpers/browser.ts';
import { POLL, sendWebhook, seriousViolations } from './helpers/console.ts';
import { startWorker, type TestWorker } from './helpers/server.ts';

describe.skipIf(SKIP_BROWSER)('proof pages of the operator console in Chromium', () => {
  let worker: TestWorker;
  let browser: Browser;
  let page: Page;
  let operatorToken: string;
  let clickedLead: string;
  let phonedLead: string;
  const pageErrors: string[] = [];
  /** A console section's link in the navigation (pages link to each other too). */
  const section = (name: string) => page.getByRole('navigation').getByRole('link', { name });
  const run = Date.now().toString(36);
  // A source and click id of this run only, so the report row and the file line are ours.
  const source = `proof-${run}`;
  const gclid = `Cj0KCQ-browser-${run}`;
  // 555-01xx: numbers reserved for fiction, valid for the phone rules; no seeded lead has these.
  const clickedNumber = '6025550142';
  const phonedNumber = '6025550177';
  const exactJob = 700_000 + Math.floor(Math.random() * 100_000);
  const probableJob = exactJob + 1;

  async function call<T>(path: string, init: RequestInit = {}, expected = 300): Promise<T> {
    const res = await fetch(`${worker.origin}${path}`, init);
    expect(res.status, `${init.method ?? 'GET'} ${path}`).toBeLessThan(expected);
    return (await res.json()) as T;
  }

  const admin = <T>(path: string, init: RequestInit = {}) =>
    call<T>(path, {
      ...init,
      headers: { authorization: `Bearer ${worker.adminToken}`, ...init.headers },
    });

  async function lead(submissionId: string, contact: object, clickIds?: object) {
    const body = {
      tenant: 'desert-peak',
      submissionId,
      service: 'ac-repair',
      urgency: 'soon',
      contact,
      address: { street: '123 Main St', city: 'Phoenix', state: 'AZ', zip: '85001' },
      source: {
        utm: { source, medium: 'cpc', campaign: 'summer-ac' },
        ...(clickIds && { clickIds }),
      },
    };
    const created = await call<{ leadId: string }>('/v1/leads', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return created.leadId;
  }

  const webhook = (type: string, change: (data: Record<string, any>) => void) =>
    sendWebhook(worker.origin, type, change);

  beforeAll(async () => {
    [worker, browser] = await Promise.all([startWorker(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      // The one refused import below is expected; the browser logs its 422 as an error.
      const refused = msg.text().includes('status of 422');
      if (msg.type() === 'error' && page.url().includes('/ops/') && !refused) {
        pageErrors.push(msg.text());
      }
    });
    const created = await admin<{ token: string }>('/v1/admin/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'desert-peak', label: 'Proof office' }),
    });
    operatorToken = created.token;

    clickedLead = await lead(
      `proof-click-${run}`,
      { name: 'Jane Proof', phone: clickedNumber, email: `jane-${run}@example.com` },
      { gclid },
    );
    phonedLead = await lead(`proof-phone-${run}`, { name: 'Sam Proof', phone: phonedNumber });
    await webhook('tn.crm.booking-updated', (d) => {
      Object.assign(d.booking, {
        externalId: `ptj-${clickedLead}`,
        jobId: exactJob,
        status: 'Converted',
      });
    });
    await webhook('tn.acc.invoice-posted', (d) => {
      Object.assign(d.invoice, { id: exactJob, total: '412.50', job: { id: exactJob } });
    });
    await vi.waitFor(async () => {
      const r = await admin<{ outcomes: { revenue: string } }>(`/v1/admin/leads/${clickedLead}`);
      expect(r.outcomes.revenue).toBe('412.50');
    }, POLL);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('imports a jobs export: one exact match, one probable, and confirms the probable one', async () => {
    // ServiceTitan prints the tenant's local day; desert-peak is in America/Phoenix.
    const today = new Date().toLocaleDateString('en-US', { timeZone: 'America/Phoenix' });
    const csv = [
      'Job #,Job ID,Customer Name,Customer Phone,Created Date,Completed Date,Job Status,Jobs Total',
      `${exactJob},${exactJob},Jane Proof,,${today},${today},Completed,"$412.50"`,
      `${probableJob},${probableJob},Sam Proof,${phonedNumber},${today},,Scheduled,`,
      `oops,,Nobody,,not a date,,,`,
    ].join('\r\n');

    await page.goto(`${worker.origin}/ops/`);
    await page.getByLabel('Token').fill(operatorToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Leads' }).waitFor();
    await section('Outcome imports').click();
    await page.getByRole('heading', { name: 'Outcome imports' }).waitFor();

    await page.getByLabel('Export file (CSV)').setInputFiles({
      name: `jobs-${run}.csv`,
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    expect(await page.getByLabel('Name').inputValue()).toBe(`jobs-${run}.csv`);
    // A jobs file imported as invoices: refused, with the missing columns named, nothing written.
    await page.getByLabel('Kind').selectOption('invoices');
    await page.getByRole('button', { name: 'Import' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('columns.Invoice ID');
    expect(await refusal.textContent()).toContain('columns.Total');
    await page.getByLabel('Kind').selectOption('jobs');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: `Import jobs-${run}.csv` }).waitFor();
    expect(await page.getByText('1 exact · 1 probable · 0 none').first().isVisible()).toBe(true);
    expect(await page.getByText('3 read, 2 accepted, 1 rejected').isVisible()).toBe(true);
    expect(await page.getByRole('table', { name: /Rejected rows \(1\)/ }).isVisible()).toBe(true);

    const rows = page.getByRole('table', { name: /Rows and their matches/ });
    const exactRow = rows
      .getByRole('row')
      .filter({ hasText: String(exactJob) })
      .first();
    expect(await exactRow.textContent()).toContain(clickedLead);
    expect(await exactRow.textContent()).toContain('exact');
    const probableRow = rows.getByRole('row').filter({ hasText: String(probableJob) });
    expect(await probableRow.textContent()).toContain(phonedLead);
    expect(await probableRow.textContent()).toContain('pending');

    await page.getByRole('button', { name: `Confirm the match of ${probableJob}` }).click();
    await page.getByText('Match confirmed.').waitFor();
    await probableRow.getByText('confirmed', { exact: true }).waitFor();

    // The past imports list it, and the batch records who confirmed.
    expect(
      await page
        .getByRole('table', { name: /Past imports/ })
        .getByText(`jobs-${run}.csv`)
        .count(),
    ).toBe(1);
    const imports = await admin<{ imports: { id: string; fileName: string }[] }>(
      '/v1/admin/outcomes/desert-peak/imports',
    );
    const batch = imports.imports.find((b) => b.fileName === `jobs-${run}.csv`)!;
    const detail = await admin<{ outcomes: { recordId: number; review: string | null }[] }>(
      `/v1/admin/outcomes/desert-peak/imports/${batch.id}`,
    );
    expect(detail.outcomes.find((o) => o.recordId === probableJob)?.review).toBe('confirmed');
  });

  it('shows in the report where each figure came from and the confirmed probable match', async () => {
    await section('Reports').click();
    const row = page.getByRole('row').filter({ hasText: source });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    // leads, duplicates, spam, test, booked, completed, invoiced, revenue, confirmed probable, sources
    expect(cells).toEqual([
      '2',
      '0',
      '0',
      '0',
      '2',
      '1',
      '1',
      '412.50',
      '1',
      'webhook 1 · export 2',
    ]);
  });

  it('downloads the Google Ads file holding the invoiced conversion and its value', async () => {
    await section('Conversion files').click();
    await page.getByRole('heading', { name: 'Conversion files' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'google-ads.csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^google-ads-invoiced-desert-peak-.*\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(lines[0]).toBe('Parameters:TimeZone=America/Phoenix');
    expect(lines[1]).toBe(
      'Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency',
    );
    const ours = lines.filter((l) => l.startsWith(`${gclid},`));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatch(
      new RegExp(
        `^${gclid},PageToJob invoiced job,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,412\\.50,USD$`,
      ),
    );
  });

  it('saves the conversion names, and the next file uses them', async () => {
    await page.getByLabel('Conversion name for invoiced').fill(`Invoiced ${run}`);
    await page.getByRole('button', { name: 'Save names' }).click();
    await page.getByText('Conversion names saved.').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'google-ads.csv' }).click(),
    ]);
    expect(readFileSync(await download.path(), 'utf8')).toContain(`${gclid},Invoiced ${run},`);
  });

  it('has no serious or critical accessibility violations on the proof pages, and no script errors', async () => {
    for (const path of ['outcomes', 'conversions', 'reports']) {
      await page.goto(`${worker.origin}/ops/#/${path}`);
      const violations = await seriousViolations(page);
      expect(violations, path).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
  });
});
