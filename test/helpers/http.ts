/**
 * Small helpers for calling the worker inside workerd tests.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import worker from '../../edge/index.ts';

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

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
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
