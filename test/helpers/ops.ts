/**
 * Fixtures for the operator-console tests: extra tenants (copies of the demo tenant), operator
 * tokens minted through the admin API, leads posted through the public intake.
 */
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { LeadSubmission } from '../../shared/lead.ts';
import { ADMIN, call, postJson } from './http.ts';
import { demoLead } from './leads.ts';

/** A tenant with the demo tenant's config, taxonomy and published map, under another slug. */
export async function copyDemoTenant(slug: string, name = `Tenant ${slug}`): Promise<void> {
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO tenants (slug, name, timezone, allowed_origins, widget_config, published_map_version)
       SELECT ?, ?, timezone, allowed_origins, widget_config, published_map_version FROM tenants
        WHERE slug = 'desert-peak' ON CONFLICT (slug) DO NOTHING`,
    ).bind(slug, name),
    env.DB.prepare(
      `INSERT OR IGNORE INTO titan_taxonomy (tenant, kind, id, name, active, data)
       SELECT ?, kind, id, name, active, data FROM titan_taxonomy WHERE tenant = 'desert-peak'`,
    ).bind(slug),
    env.DB.prepare(
      `INSERT OR IGNORE INTO titan_map_entries (tenant, map_version, service_key, job_type_id,
         business_unit_id, campaign_id, priority_by_urgency, active)
       SELECT ?, map_version, service_key, job_type_id, business_unit_id, campaign_id,
              priority_by_urgency, active FROM titan_map_entries WHERE tenant = 'desert-peak'`,
    ).bind(slug),
  ]);
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
