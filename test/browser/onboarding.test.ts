/**
 * Onboarding a contractor without SQL, in Chromium against `wrangler dev`: the global admin
 * creates a tenant in the console, edits its widget settings (a problem shows next to its field,
 * the preview renders the draft, not what is published), publishes with a note; a contractor page
 * on its own origin with `data-tenant="<new>"` then renders the published settings and a
 * visitor's lead is stored for that tenant.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SKIP_BROWSER } from './helpers/browser.ts';
import { fillToReview, JANE, recordEvents, waitForEvent } from './helpers/form.ts';
import { hostPage, startHostSite, type HostSite } from './helpers/host-site.ts';
import { startWorker, type TestWorker } from './helpers/server.ts';

describe.skipIf(SKIP_BROWSER)('onboarding a contractor in Chromium', () => {
  let worker: TestWorker;
  let browser: Browser;
  let site: HostSite;
  let page: Page;
  const slug = `onb-${Date.now().toString(36)}`;
  const label = 'Same-day AC repair';

  async function admin<T>(path: string): Promise<T> {
    const res = await fetch(`${worker.origin}${path}`, {
      headers: { authorization: `Bearer ${worker.adminToken}` },
    });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    [worker, browser, site] = await Promise.all([startWorker(), launchChromium(), startHostSite()]);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await worker?.stop();
  });

  it('creates the tenant from the console', async () => {
    await page.goto(`${worker.origin}/ops/`);
    await page.getByLabel('Token').fill(worker.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Tenants' }).click();
    const form = page.getByRole('form', { name: 'Create a tenant' });
    await form.getByLabel(/^Slug/).fill(slug);
    await form.getByLabel('Company name').fill('Onboarded Plumbing');
    await form.getByLabel(/^Time zone/).fill('America/Denver');
    await form.getByLabel(/^Website origins/).fill(site.origin);
    await form.getByRole('button', { name: 'Create tenant' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Tenant ${slug} created` })
      .waitFor();
    const { tenant } = await admin<{ tenant: { status: string; publishedVersion: number } }>(
      `/v1/admin/tenants/${slug}`,
    );
    expect(tenant).toMatchObject({ status: 'active', publishedVersion: 1 });
  });

  it('shows a problem next to its field, previews the draft, and publishes it', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Widget settings' }).click();
    await page.getByRole('heading', { name: 'Widget settings' }).waitFor();
    const settings = page.getByRole('form', { name: 'Widget settings' });

    const primary = settings.getByLabel(/^Primary colour/);
    const original = await primary.inputValue();
    await primary.fill('#fde047');
    const issue = settings.locator('#issue-branding\\.primaryColor');
    await issue.waitFor();
    expect(await issue.textContent()).toMatch(/below 4\.5:1/);
    expect(await settings.getByRole('button', { name: 'Save draft' }).isDisabled()).toBe(true);
    await primary.fill(original);
    await issue.waitFor({ state: 'detached' });

    await settings.getByLabel('Label (English)').first().fill(label);
    // The preview is the real widget in its shadow root, rendered from the draft being edited.
    const preview = page.getByTestId('widget-preview');
    await preview.getByRole('radio', { name: new RegExp(`^${label}`) }).waitFor();
    await settings.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    const published = await fetch(`${worker.origin}/v1/tenants/${slug}/config`).then(
      (r) => r.json() as Promise<{ services: { label: string }[] }>,
    );
    expect(published.services[0]!.label).not.toBe(label);

    await page.getByRole('button', { name: /^Show the diff/ }).click();
    await page.getByText('services.ac-repair.label').waitFor();
    await page.getByLabel(/^Why/).fill('Same-day wording for the launch');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText(/^Published/).waitFor();
    const versions = await admin<{ versions: { version: number; note: string }[] }>(
      `/v1/admin/tenants/${slug}/config/versions`,
    );
    expect(versions.versions[0]).toMatchObject({
      version: 2,
      note: 'Same-day wording for the launch',
    });
  });

  it('renders on the contractor page and stores its first lead', async () => {
    const visitor = await browser.newPage();
    await recordEvents(visitor);
    const url = site.page(
      '/book',
      hostPage(
        `<div id="booking"></div><script src="${worker.origin}/widget.js" data-tenant="${slug}" data-target="#booking" async></script>`,
      ),
    );
    await visitor.goto(url);
    const form = visitor.locator('#booking');
    await fillToReview(form, { ...JANE, service: new RegExp(`^${label}`) });
    await visitor.waitForTimeout(2600);
    await form.getByRole('button', { name: 'Send request' }).click();
    const leadId = String((await waitForEvent(visitor, 'lead_submitted')).detail.leadId);
    const { lead } = await admin<{ lead: { tenant: string; reviewReasons: string[] } }>(
      `/v1/admin/leads/${leadId}`,
    );
    expect(lead.tenant).toBe(slug);
    expect(lead.reviewReasons).not.toContain('origin_not_allowed');
    await visitor.close();
  });
});
