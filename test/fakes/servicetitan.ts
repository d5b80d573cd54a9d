/**
 * A local fake of ServiceTitan's CRM v2 booking-provider bookings API, plugged into miniflare as
 * the workers test project's `outboundService` (vitest.config.mts): it answers fetches to
 * `https://servicetitan.fake/<scenario>/…` from inside workerd, and passes every other fetch on.
 *
 * Like ServiceTitan it requires the app key and a bearer token, validates the request body against
 * `Crm.V2.CreateBookingRequest` (400 with its problem shape when invalid) and lists bookings by
 * `externalId`. Each scenario (a path segment chosen by a test) has its own bookings, request log
 * and script of responses for the next creates:
 * - `POST /<scenario>/__fake/script` `{"creates": [{"status": 503}, "ok", {"hangMs": 3000}]}`:
 *   `"ok"` creates, `{status}` fails without creating, `{hangMs}` creates and answers late (a
 *   timeout). Creates after the script is used up succeed.
 * - `GET /<scenario>/__fake/log` → `{requests, bookings}`.
 * - `POST /__fake/validate` (any scenario) → `{valid, errors}` for a payload, so workerd tests can
 *   use ajv (which cannot run inside workerd).
 */
import { fetch as passThrough, Response, type Request } from 'miniflare';
import { validateBookingRequest } from './booking-schema.ts';

export const FAKE_SERVICETITAN_HOST = 'servicetitan.fake';

type Step = 'ok' | { status: number; title?: string } | { hangMs: number };

interface Booking {
  id: number;
  externalId: string;
  payload: Record<string, unknown>;
}

interface Scenario {
  script: Step[];
  requests: { method: string; path: string; query: string; authorized: boolean; body: unknown }[];
  bookings: Booking[];
}

const scenarios = new Map<string, Scenario>();
let nextBookingId = 700_001;

function scenarioFor(name: string): Scenario {
  let scenario = scenarios.get(name);
  if (!scenario) {
    scenario = { script: [], requests: [], bookings: [] };
    scenarios.set(name, scenario);
  }
  return scenario;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function problem(status: number, title: string, errors: Record<string, string[]> = {}) {
  return json(
    {
      type: 'https://httpstatuses.com/' + status,
      title,
      status,
      traceId: 'fake',
      errors,
      data: {},
    },
    status,
  );
}

function bookingResponse(booking: Booking) {
  const now = new Date().toISOString();
  return {
    id: booking.id,
    source: booking.payload.source,
    createdOn: now,
    name: booking.payload.name,
    start: booking.payload.start ?? now,
    status: 'Pending',
    externalId: booking.externalId,
    bookingProviderId: 1,
    modifiedOn: now,
    summary: booking.payload.summary,
  };
}

const BOOKINGS_PATH = /^\/crm\/v2\/tenant\/\d+\/booking-provider\/\d+\/bookings$/;

async function bookings(request: Request, scenario: Scenario, rest: string, url: URL) {
  if (!BOOKINGS_PATH.test(rest)) return problem(404, 'Not found');
  const authorized =
    /^Bearer \S+$/.test(request.headers.get('authorization') ?? '') &&
    !!request.headers.get('st-app-key');
  const body: unknown = request.method === 'POST' ? await request.json().catch(() => null) : null;
  scenario.requests.push({
    method: request.method,
    path: rest,
    query: url.search,
    authorized,
    body,
  });
  if (!authorized) return problem(401, 'Unauthorized');

  if (request.method === 'GET') {
    const externalId = url.searchParams.get('externalId');
    const data = scenario.bookings.filter(
      (b) => externalId === null || b.externalId === externalId,
    );
    return json({
      page: 1,
      pageSize: 50,
      hasMore: false,
      totalCount: data.length,
      data: data.map(bookingResponse),
    });
  }
  if (request.method !== 'POST') return problem(405, 'Method not allowed');

  const verdict = validateBookingRequest(body);
  if (!verdict.valid) {
    const errors = Object.fromEntries(verdict.errors.map((e) => [e.path, [e.message]]));
    return problem(400, 'One or more validation errors occurred.', errors);
  }
  const step = scenario.script.shift() ?? 'ok';
  if (typeof step === 'object' && 'status' in step)
    return problem(step.status, step.title ?? `Scripted ${step.status}`);
  const payload = body as Record<string, unknown>;
  const booking = { id: nextBookingId++, externalId: String(payload.externalId), payload };
  scenario.bookings.push(booking);
  if (typeof step === 'object') await new Promise((resolve) => setTimeout(resolve, step.hangMs));
  return json(bookingResponse(booking));
}

export async function fakeServiceTitan(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.hostname !== FAKE_SERVICETITAN_HOST) return passThrough(request);
  if (url.pathname === '/__fake/validate' && request.method === 'POST') {
    return json(validateBookingRequest(await request.json()));
  }
  const [, name = '', ...restParts] = url.pathname.split('/');
  const rest = `/${restParts.join('/')}`;
  const scenario = scenarioFor(name);
  if (rest === '/__fake/script' && request.method === 'POST') {
    const { creates } = (await request.json()) as { creates: Step[] };
    scenario.script.push(...creates);
    return json({ scripted: scenario.script.length });
  }
  if (rest === '/__fake/log')
    return json({ requests: scenario.requests, bookings: scenario.bookings });
  return bookings(request, scenario, rest, url);
}
