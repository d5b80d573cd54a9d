/**
 * @module
 * The live sender: posts a drafted booking to ServiceTitan's CRM v2 booking-provider API. It is an
 * interface that PageToJob keeps off — it is only built for a tenant in `live` mode with every
 * readiness gate closed and a credential source (see readiness.ts), and PageToJob ships no
 * credential source. Outcomes are classified here so the retry policy sees only three kinds.
 */
import type { SenderTarget } from '../../shared/handoff.ts';
import type { CreateBookingRequest } from './booking-request.ts';

/** ServiceTitan app credentials: an app key and an OAuth access token (client credentials). */
export interface ServiceTitanCredentials {
  appKey: string;
  accessToken(): Promise<string>;
}

export type SendOutcome =
  | { kind: 'sent'; bookingId: number; status: number }
  | { kind: 'retryable'; error: string; status: number | null }
  | { kind: 'permanent'; error: string; status: number | null };

export type LookupOutcome =
  | { kind: 'found'; bookingId: number; status: number }
  | { kind: 'not_found'; status: number }
  | Exclude<SendOutcome, { kind: 'sent' }>;

export interface BookingSender {
  /** Where bookings are created, for operators to see what live mode would call. */
  readonly endpoint: string;
  /** A booking already created with this externalId (an earlier attempt that timed out). */
  findByExternalId(externalId: string): Promise<LookupOutcome>;
  create(payload: CreateBookingRequest): Promise<SendOutcome>;
}

/** The bookings URL of `target` under `apiBaseUrl` (the configured environment's host). */
export function bookingsEndpoint(apiBaseUrl: string, target: SenderTarget): string {
  const base = apiBaseUrl.replace(/\/+$/, '');
  return `${base}/crm/v2/tenant/${target.stTenantId}/booking-provider/${target.bookingProviderId}/bookings`;
}

/** Statuses worth another try: the request may succeed later unchanged. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** A short, secret-free description of a failed response (ServiceTitan's problem `title`). */
async function describeFailure(res: Response): Promise<string> {
  let title = '';
  try {
    const body = (await res.json()) as { title?: unknown };
    if (typeof body.title === 'string') title = `: ${body.title.slice(0, 200)}`;
  } catch {
    // Not JSON: the status is the description.
  }
  return `HTTP ${res.status}${title}`;
}

function failureOf(err: unknown): Exclude<SendOutcome, { kind: 'sent' }> {
  const name = (err as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { kind: 'retryable', error: 'timeout: no response in time', status: null };
  }
  return {
    kind: 'retryable',
    error: `network: ${(err as Error).message.slice(0, 200)}`,
    status: null,
  };
}

async function classify(res: Response): Promise<Exclude<SendOutcome, { kind: 'sent' }>> {
  const error = await describeFailure(res);
  return isRetryableStatus(res.status)
    ? { kind: 'retryable', error, status: res.status }
    : { kind: 'permanent', error, status: res.status };
}

export function httpBookingSender(
  endpoint: string,
  credentials: ServiceTitanCredentials,
  timeoutMs: number,
): BookingSender {
  async function call(url: string, init: RequestInit): Promise<Response> {
    const token = await credentials.accessToken();
    return fetch(url, {
      ...init,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        'st-app-key': credentials.appKey,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  return {
    endpoint,
    async findByExternalId(externalId) {
      try {
        const res = await call(`${endpoint}?externalId=${encodeURIComponent(externalId)}`, {
          method: 'GET',
        });
        if (!res.ok) return await classify(res);
        const page = (await res.json()) as { data?: { id?: unknown; externalId?: unknown }[] };
        const match = page.data?.find((b) => b.externalId === externalId);
        return typeof match?.id === 'number'
          ? { kind: 'found', bookingId: match.id, status: res.status }
          : { kind: 'not_found', status: res.status };
      } catch (err) {
        return failureOf(err);
      }
    },
    async create(payload) {
      try {
        const res = await call(endpoint, { method: 'POST', body: JSON.stringify(payload) });
        if (!res.ok) return await classify(res);
        const booking = (await res.json()) as { id?: unknown };
        if (typeof booking.id !== 'number') {
          return { kind: 'retryable', error: 'response without a booking id', status: res.status };
        }
        return { kind: 'sent', bookingId: booking.id, status: res.status };
      } catch (err) {
        return failureOf(err);
      }
    },
  };
}
