/**
 * Fixtures for the operator-console tests: extra tenants (copies of the demo tenant) and operator
 * tokens minted through the admin API (HTTP calls: ./api.ts).
 */
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { demoSeedStatements, demoTenant, type SeedTenant } from '../../edge/seed/desert-peak.ts';
import { bindAll } from '../../edge/tenants/db/tenants.ts';
import { ADMIN, call } from './api.ts';

/**
 * The one tenant-copy helper: a tenant with the demo tenant's settings (published as version 1),
 * taxonomy and published map, under another slug (and zone or origins, when given): the seed's own
 * statements, bound as the edge binds them, as every tenant is created.
 */
export async function copyDemoTenant(
  slug: string,
  name = `Tenant ${slug}`,
  overrides: Partial<SeedTenant> = {},
): Promise<void> {
  await env.DB.batch(
    bindAll(env.DB, demoSeedStatements({ ...demoTenant, slug, name, ...overrides })),
  );
}

/** Mints an operator token for `tenant` with the global admin token; returns the token. */
export async function mintOperatorToken(tenant: string, label = 'test'): Promise<string> {
  const res = await call('/v1/admin/tokens', {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, label }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** A contact-bearing `demoLead` override: distinct phone and email per call unless given. */
export function contact(phone: string, email: string, name = 'Pat Doe') {
  return { contact: { name, phone, email, smsOptIn: false } };
}
