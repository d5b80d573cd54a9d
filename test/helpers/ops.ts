/**
 * Fixtures for the operator-console tests: extra tenants (copies of the demo tenant), operator
 * tokens minted through the admin API, leads posted through the public intake.
 */
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { demoSeedStatements, demoTenant } from '../../edge/seed/desert-peak.ts';
import type { LeadSubmission } from '../../shared/lead.ts';
import { ADMIN, call, postJson } from './http.ts';
import { demoLead } from './leads.ts';

/**
 * A tenant with the demo tenant's settings (published as version 1), taxonomy and published map,
 * under another slug: the seed's own statements, as every tenant is created.
 */
export async function copyDemoTenant(slug: string, name = `Tenant ${slug}`): Promise<void> {
  const tenant = { ...demoTenant, slug, name };
  await env.DB.batch(
    demoSeedStatements(tenant).map(({ sql, params }) => env.DB.prepare(sql).bind(...params)),
  );
}

/**
 * Merges `patch` into a tenant's published widget config in D1 (as a publish would), for tests
 * that need a setting on before the tenant's context is first cached in the isolate.
 */
export async function patchPublishedConfig(slug: string, patch: Record<string, unknown>) {
  await env.DB.prepare(
    `UPDATE tenants SET widget_config = json_patch(widget_config, ?) WHERE slug = ?`,
  )
    .bind(JSON.stringify(patch), slug)
    .run();
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
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

/** Posts a lead through the public intake and returns its id. */
export async function postLead(overrides: Partial<LeadSubmission> = {}): Promise<string> {
  const res = await postJson('/v1/leads', demoLead(overrides));
  expect(res.status).toBe(202);
  return ((await res.json()) as { leadId: string }).leadId;
}

export async function getJson<T = Record<string, any>>(
  path: string,
  headers: Record<string, string> = ADMIN,
): Promise<{ status: number; body: T }> {
  const res = await call(path, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

export async function sendJson(
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = ADMIN,
): Promise<Response> {
  return call(path, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A contact-bearing `demoLead` override: distinct phone and email per call unless given. */
export function contact(phone: string, email: string, name = 'Pat Doe') {
  return { contact: { name, phone, email, smsOptIn: false } };
}
