/**
 * Small helpers for calling the worker inside workerd tests.
 */
import { exports } from 'cloudflare:workers';

export const BASE = 'https://pagetojob.test';
export const ADMIN = { authorization: 'Bearer test-admin-token' };

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
