/**
 * A stand-in for Cloudflare's siteverify, plugged into miniflare's outbound service
 * (vitest.config.mts): every fetch to https://challenges.cloudflare.com lands here, so no test
 * reaches the real service. The token says what to answer:
 * - `pass:<hostname>:<action>` → success, solved on that hostname for that action;
 * - `fail` → `{"success": false, "error-codes": ["invalid-input-response"]}`;
 * - `down` → 503 every time; `flaky` → 503 on the first try of an idempotency key, then success
 *   (hostname `desertpeakair.example`, action `lead`).
 * A secret other than the test one answers `invalid-input-secret`, as Cloudflare does.
 * `GET /__fake/log` → `{calls: [{secret, response, remoteip, idempotency_key}]}`.
 */
import { fetch as passThrough, Response, type Request } from 'miniflare';

export const FAKE_TURNSTILE_SECRET = 'test-turnstile-secret';
const calls: Record<string, unknown>[] = [];
const seenKeys = new Set<string>();

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function answer(token: string, key: string) {
  if (token === 'down') return json({ error: 'unavailable' }, 503);
  if (token === 'flaky' && !seenKeys.has(key)) {
    seenKeys.add(key);
    return json({ error: 'unavailable' }, 503);
  }
  if (token === 'flaky') token = 'pass:desertpeakair.example:lead';
  const pass = /^pass:([^:]*):(.*)$/.exec(token);
  if (!pass) return json({ success: false, 'error-codes': ['invalid-input-response'] });
  return json({
    success: true,
    'error-codes': [],
    challenge_ts: new Date().toISOString(),
    hostname: pass[1],
    action: pass[2],
  });
}

export async function fakeTurnstile(
  request: Request,
  next: (request: Request) => Promise<Response> = passThrough,
): Promise<Response> {
  const url = new URL(request.url);
  if (url.hostname !== 'challenges.cloudflare.com') return next(request);
  if (url.pathname === '/__fake/log') return json({ calls });
  if (url.pathname !== '/turnstile/v0/siteverify' || request.method !== 'POST') {
    return json({ error: 'not found' }, 404);
  }
  const body = (await request.json()) as Record<string, string>;
  calls.push(body);
  if (body.secret !== FAKE_TURNSTILE_SECRET) {
    return json({ success: false, 'error-codes': ['invalid-input-secret'] });
  }
  return answer(body.response ?? '', body.idempotency_key ?? '');
}
