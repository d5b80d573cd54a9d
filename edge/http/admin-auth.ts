/**
 * @module
 * Bearer-token guard for `/v1/admin/*`. Tokens are compared as SHA-256 digests with
 * `timingSafeEqual`, so neither the content nor the length of the secret leaks through timing.
 */
import { createMiddleware } from 'hono/factory';
import { ApiError } from './errors.ts';
import type { AppEnv } from '../types.ts';

const encoder = new TextEncoder();

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', encoder.encode(text));
}

export async function tokensMatch(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(presented), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer (\S+)$/i.exec(header);
  const expected = c.env.ADMIN_TOKEN;
  if (!match?.[1] || !expected || !(await tokensMatch(match[1], expected))) {
    throw new ApiError(401, 'unauthorized', 'A valid admin bearer token is required.', {
      headers: { 'WWW-Authenticate': 'Bearer realm="pagetojob-admin"' },
    });
  }
  c.set('actor', 'admin');
  await next();
});
