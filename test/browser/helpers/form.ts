/**
 * @module
 * Walking the booking form the way a visitor does (accessible roles and labels, English UI),
 * and reading what the page and the worker saw.
 */
import type { Locator, Page } from 'playwright-core';

export interface Visitor {
  service: string | RegExp;
  urgency: 'Emergency' | RegExp;
  name: string;
  phone?: string;
  email?: string;
  street?: string;
  city?: string;
  zip?: string;
  notes?: string;
  sms?: boolean;
  /** "Is this your first time with us?": yes unless false. */
  firstTime?: boolean;
}

export const JANE: Visitor = {
  service: /^AC repair/,
  urgency: /^Soon/,
  name: 'Jane Tester',
  phone: '(602) 555-0123',
  email: 'jane.tester@example.com',
  street: '123 Main St',
  city: 'Phoenix',
  zip: '85004',
  notes: 'AC blowing warm air',
};

const next = (scope: Locator) => scope.getByRole('button', { name: 'Next', exact: true }).click();

/** Fills every step up to the review step (not sent). */
export async function fillToReview(scope: Locator, visitor: Visitor): Promise<void> {
  await scope.getByRole('radio', { name: visitor.service }).check();
  await next(scope);
  await scope.getByRole('radio', { name: visitor.urgency }).check();
  if (visitor.urgency !== 'Emergency') {
    await scope.getByLabel('Preferred day').selectOption({ index: 2 });
    await scope.getByRole('radio', { name: 'Any time' }).check();
  }
  await next(scope);
  await scope.getByLabel('Full name', { exact: true }).fill(visitor.name);
  if (visitor.phone) await scope.getByLabel('Phone', { exact: true }).fill(visitor.phone);
  if (visitor.email) await scope.getByLabel('Email', { exact: true }).fill(visitor.email);
  if (visitor.sms)
    await scope.getByRole('checkbox', { name: 'Text me about this request' }).check();
  await answerFirstTime(scope, visitor.firstTime ?? true);
  if (visitor.street) await scope.getByLabel('Street address').fill(visitor.street);
  if (visitor.city) await scope.getByLabel('City', { exact: true }).fill(visitor.city);
  if (visitor.zip) await scope.getByLabel('ZIP code').fill(visitor.zip);
  if (visitor.notes) await scope.getByLabel(/Anything we should know/).fill(visitor.notes);
  await next(scope);
  await scope.getByRole('heading', { name: 'Review your request' }).waitFor();
}

/** Answers the returning-customer question of the contact step (English UI). */
export async function answerFirstTime(scope: Locator, firstTime = true): Promise<void> {
  const name = firstTime ? 'Yes, first time' : 'No, I am a returning customer';
  await scope.getByRole('radio', { name }).check();
}

/** Records the widget's events (as CustomEvents on document: they bubble out of the host). */
export async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const events: { name: string; detail: unknown; target: string }[] = [];
    (window as unknown as { __ptjEvents: typeof events }).__ptjEvents = events;
    for (const name of ['open', 'close', 'step', 'lead_submitted', 'lead_queued', 'error']) {
      document.addEventListener(`pagetojob:${name}`, (event) =>
        events.push({
          name,
          detail: (event as CustomEvent).detail,
          target: (event.target as Element).tagName,
        }),
      );
    }
  });
}

export type RecordedEvent = { name: string; detail: Record<string, unknown>; target: string };

export function events(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window as unknown as { __ptjEvents: RecordedEvent[] }).__ptjEvents);
}

/** Waits for the first recorded event named `name` and returns it. */
export async function waitForEvent(page: Page, name: string): Promise<RecordedEvent> {
  await page.waitForFunction(
    (n) =>
      (window as unknown as { __ptjEvents?: { name: string }[] }).__ptjEvents?.some(
        (e) => e.name === n,
      ),
    name,
  );
  return (await events(page)).find((e) => e.name === name)!;
}

/** The outbox as stored in the page's localStorage. */
export function outbox(page: Page): Promise<{ id: string; next: number }[]> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('pagetojob:outbox') ?? '[]'));
}
