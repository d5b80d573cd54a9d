/**
 * @module
 * Sending a lead to `POST /v1/leads`. The body goes as `text/plain` (the default for a string
 * body): a CORS "simple request", so no preflight, and byte-identical to the sendBeacon path.
 */
import type { Issue, LeadAccepted } from '../../shared/api.ts';

export type SendOutcome =
  | { kind: 'sent'; accepted: Partial<LeadAccepted> }
  /**
   * An answer no resend of these exact bytes can change: 422 (no way to contact the person, with
   * the field issues), 400 (not a lead at all), 404 `unknown_tenant`, 413 (too large).
   */
  | { kind: 'rejected'; issues: Issue[] }
  /**
   * Network failure, 408, 429, 5xx, or any other answer (a proxy's or captive portal's 404, 403
   * or 2xx page says nothing about the lead): keep it and try again later, within the outbox's
   * max age. (`accepted` is never set: it lets the form read a sent-or-queued outcome as one.)
   */
  | { kind: 'retry'; retryAfterMs?: number; accepted?: undefined };

export type Send = (url: string, body: string) => Promise<SendOutcome>;

export function createSender(fetchImpl: typeof fetch): Send {
  return async (url, body) => {
    let response: Response;
    try {
      // keepalive lets a send started just before navigation finish (browsers cap it at 64 KiB;
      // the contract's field limits keep a lead far below that).
      response = await fetchImpl(url, {
        method: 'POST',
        body,
        credentials: 'omit',
        keepalive: true,
      });
    } catch {
      return { kind: 'retry' };
    }
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    // A 2xx without a lead id is not the edge's answer (a captive portal's or proxy's page):
    // treating it as delivered would lose the lead, so it is retried like any other answer.
    if (response.ok && json.leadId) return { kind: 'sent', accepted: json };
    // `unknown_tenant` comes with a 404 only; a 404 without it is not the edge's (a proxy's).
    if ([400, 413, 422].includes(response.status) || json.error === 'unknown_tenant')
      return { kind: 'rejected', issues: (json.issues as Issue[]) ?? [] };
    // Retry-After in seconds (429/503); an HTTP-date form is NaN, which becomes 0.
    return { kind: 'retry', retryAfterMs: +(response.headers.get('retry-after') ?? 0) * 1000 || 0 };
  };
}
