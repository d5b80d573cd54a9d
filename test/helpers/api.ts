/**
 * @module
 * The one set of HTTP helpers for the workerd tests: `call` (the worker's own fetch), `postJson`,
 * `postLead` (a demo lead through intake, expecting 202: its id), `sendLead` (any body: the
 * answer, whatever it is), `getJson` (status and body), `adminJson` (a 200 body, or a thrown
 * error naming the answer) and `sendJson` (any method, admin by default).
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import worker from '../../edge/index.ts';
import type { LeadSubmission } from '../../shared/lead.ts';
import { formTokenFor } from './form-token.ts';
import { demoLead } from './leads.ts';

export const BASE = 'https://pagetojob.test';
/** The global admin token the workers project runs with (vitest.config.mts). */
export const ADMIN_TOKEN = env.ADMIN_TOKEN;
export const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };

export function call(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

/** A fresh client address per call, so tests don't share the per-IP lead rate limit. */
export function randomIp(): string {
  const octet = () => Math.floor(Math.random() * 254) + 1;
  return `10.${octet()}.${octet()}.${octet()}`;
}

/**
 * A lead posted to `/v1/leads` gets a valid, minute-old form token (what the widget sends) unless
 * its body sets `formToken` (`''` sends none, like curl).
 */
async function withFormToken(path: string, body: unknown): Promise<unknown> {
  if (path !== '/v1/leads' || typeof body !== 'object' || body === null) return body;
  const lead = body as Record<string, unknown>;
  if (Object.hasOwn(lead, 'formToken') || typeof lead.tenant !== 'string') return body;
  return { ...lead, formToken: await formTokenFor(lead.tenant) };
}

export async function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  body = await withFormToken(path, body);
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': randomIp(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Calls the worker with some bindings replaced (e.g. a weak ADMIN_TOKEN), waiting for its work. */
export async function callWith(
  bindings: Partial<Env>,
  path: string,
  init?: RequestInit,
): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`, init), { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Posts `demoLead(overrides)` through the public intake, expects 202 and returns the lead id. */
export async function postLead(overrides: Partial<LeadSubmission> = {}): Promise<string> {
  const res = await postJson('/v1/leads', demoLead(overrides));
  expect(res.status).toBe(202);
  return ((await res.json()) as { leadId: string }).leadId;
}

/** Posts any body to the intake (a form token added as the widget would): the raw answer. */
export async function sendLead(body: unknown, headers: Record<string, string> = {}) {
  const res = await postJson('/v1/leads', body, headers);
  return { res, body: (await res.json()) as Record<string, any> };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** A GET's status and JSON body (admin by default), for tests that check the status too. */
export async function getJson<T = Record<string, any>>(
  path: string,
  headers: Record<string, string> = ADMIN,
): Promise<{ status: number; body: T }> {
  const res = await call(path, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

/** A GET as the global admin that must answer 200: its JSON body. */
export async function adminJson<T = Record<string, any>>(path: string): Promise<T> {
  const res = await call(path, { headers: ADMIN });
  if (res.status !== 200)
    throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Any method with a JSON body (none when `undefined`), as the global admin unless told. */
export async function sendJson(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = ADMIN,
): Promise<Response> {
  return call(path, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
