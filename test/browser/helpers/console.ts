/**
 * @module
 * What the operator-console suites share: signed ServiceTitan webhook events to the demo tenant,
 * how long to poll for queued work, and axe's serious or critical findings on a page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_WEBHOOK_SECRET } from '../../../edge/seed/demo-webhook-secret.ts';
import { cloudEvent, librarySignedHeaders } from '../../resilience/cloud-event.ts';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** Sends a signed event of `type` with the example data changed by `change`, to desert-peak. */
export async function sendWebhook(
  origin: string,
  type: string,
  change: (data: Record<string, any>) => void,
): Promise<{ eventId: string; state: string }> {
  const data = JSON.parse(readFileSync(`examples/webhooks/${type}.json`, 'utf8'));
  change(data);
  const body = JSON.stringify(cloudEvent(type, data));
  const res = await fetch(`${origin}/v1/webhooks/desert-peak`, {
    method: 'POST',
    headers: librarySignedHeaders(DEMO_WEBHOOK_SECRET, body),
    body,
  });
  expect(res.status, type).toBe(202);
  return (await res.json()) as { eventId: string; state: string };
}

/** How long the suites wait for queued work (drafts, webhook events) to land, for `vi.waitFor`. */
export const POLL = { timeout: 30_000, interval: 300 };

/** The page's serious and critical axe violations, once its loading states are gone. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('main [role="status"].muted'));
  // Evaluated through the DevTools protocol: the console's CSP forbids injected scripts.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type Axe = {
      run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
    };
    const result = await (window as unknown as { axe: Axe }).axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} ×${v.nodes.length} ${JSON.stringify(v.nodes).slice(0, 300)}`);
  });
}
