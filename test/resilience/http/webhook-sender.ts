/**
 * @module
 * Webhook deliveries for the HTTP suites and the benchmarks: the example events in
 * examples/webhooks/ and a signing secret made through the admin API, as an operator would.
 */
import { readFileSync } from 'node:fs';
import type { DevServer } from '../../servers/wrangler-dev.ts';

export const WEBHOOK_TENANT = 'desert-peak';

export function exampleData(type: string): Record<string, unknown> {
  const text = readFileSync(`examples/webhooks/${type}.json`, 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

export interface SigningSecret {
  id: string;
  secret: string;
}

/** A new active signing secret for the tenant, through `POST /v1/admin/webhook-secrets/:tenant`. */
export async function createSigningSecret(
  server: DevServer,
  tenant = WEBHOOK_TENANT,
): Promise<SigningSecret> {
  const res = await fetch(`${server.origin}/v1/admin/webhook-secrets/${tenant}`, {
    method: 'POST',
    headers: { ...server.admin, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'resilience suite' }),
  });
  if (res.status !== 201)
    throw new Error(`secret create answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as SigningSecret;
}
