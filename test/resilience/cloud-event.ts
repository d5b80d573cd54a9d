/**
 * @module
 * ServiceTitan-shaped CloudEvents envelopes signed by the `standardwebhooks` npm library (an
 * independent sender, not the edge's own signing code). Web APIs only, so the Node-side suites,
 * the benchmarks and workerd can all use it. (The workerd tests' own helpers, which sign with the
 * edge's code, are in test/helpers/webhooks.ts.)
 */
import { Webhook } from 'standardwebhooks';
import { cloudEventEnvelope } from '../../shared/webhook-events.ts';

export function uniqueId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`;
}

/** A CloudEvents 1.0 envelope as ServiceTitan's V2 webhooks send it; fresh ids unless given. */
export function cloudEvent(type: string, data: unknown, overrides: Record<string, unknown> = {}) {
  return cloudEventEnvelope(type, data, {
    id: uniqueId('evt'),
    userassignedid: uniqueId('occ'),
    ...overrides,
  });
}

/** Standard Webhooks headers for `body`, signed by the `standardwebhooks` library. */
export function librarySignedHeaders(
  secret: string,
  body: string,
  options: { webhookId?: string; at?: Date } = {},
): Record<string, string> {
  const webhookId = options.webhookId ?? uniqueId('msg');
  const at = options.at ?? new Date();
  return {
    'content-type': 'application/json',
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(webhookId, at, body),
  };
}
