/**
 * A local webhook receiver for the notification tests, plugged into miniflare's outbound service
 * beside the fake ServiceTitan (vitest.config.mts): fetches to `https://receiver.fake/<scenario>/…`
 * from inside workerd land here, in Node, where each delivery is verified with the published
 * `standardwebhooks` package — the library a contractor's developer would use — not with our code.
 * - `POST /<scenario>/__fake/setup` `{"secret": "whsec_…", "script": ["ok", {"status": 503,
 *   "retryAfter": "7"}, {"hangMs": 2000}]}`: the secret to verify with and the answers to the next
 *   deliveries (after the script: 200).
 * - `GET /<scenario>/__fake/log` → `{deliveries: [{headers, body, verified, error}]}`.
 * - anything else: a delivery.
 */
import { fetch as passThrough, Response, type Request } from 'miniflare';
import { Webhook } from 'standardwebhooks';

export const FAKE_RECEIVER_HOST = 'receiver.fake';

type Step = 'ok' | { status: number; retryAfter?: string } | { hangMs: number };

interface Delivery {
  headers: Record<string, string>;
  body: string;
  verified: boolean;
  error: string | null;
}

const scenarios = new Map<string, { secret: string | null; script: Step[]; log: Delivery[] }>();

function scenarioFor(name: string) {
  let scenario = scenarios.get(name);
  if (!scenario) {
    scenario = { secret: null, script: [], log: [] };
    scenarios.set(name, scenario);
  }
  return scenario;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

function verify(secret: string | null, body: string, headers: Record<string, string>) {
  if (!secret) return { verified: false, error: 'no secret set up' };
  try {
    new Webhook(secret).verify(body, headers);
    return { verified: true, error: null };
  } catch (err) {
    return { verified: false, error: (err as Error).message };
  }
}

export async function fakeReceiver(
  request: Request,
  next: (request: Request) => Promise<Response> = passThrough,
): Promise<Response> {
  const url = new URL(request.url);
  if (url.hostname !== FAKE_RECEIVER_HOST) return next(request);
  const [, name = '', ...rest] = url.pathname.split('/');
  const scenario = scenarioFor(name);
  const path = `/${rest.join('/')}`;
  if (path === '/__fake/setup') {
    const setup = (await request.json()) as { secret?: string; script?: Step[] };
    scenario.secret = setup.secret ?? scenario.secret;
    scenario.script.push(...(setup.script ?? []));
    return json({ ok: true });
  }
  if (path === '/__fake/log') return json({ deliveries: scenario.log });

  const body = await request.text();
  const headers = Object.fromEntries(request.headers);
  scenario.log.push({ headers, body, ...verify(scenario.secret, body, headers) });
  const step = scenario.script.shift() ?? 'ok';
  if (step === 'ok') return json({ received: true });
  if ('hangMs' in step) {
    await new Promise((resolve) => setTimeout(resolve, step.hangMs));
    return json({ received: 'late' });
  }
  return json(
    { error: `scripted ${step.status}` },
    step.status,
    step.retryAfter ? { 'retry-after': step.retryAfter } : {},
  );
}
