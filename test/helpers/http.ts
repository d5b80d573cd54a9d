/**
 * Small helpers for calling the worker inside workerd tests.
 */
import { exports } from 'cloudflare:workers';

export const BASE = 'https://pagetojob.test';
export const ADMIN = { authorization: 'Bearer test-admin-token' };

export function call(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
