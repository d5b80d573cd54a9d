/**
 * @module
 * Sending a lead to `POST /v1/leads`. The body goes as `text/plain` (the default for a string
 * body): a CORS "simple request", so no preflight, and byte-identical to the sendBeacon path.
 */
import type { Issue, LeadAccepted } from '../../shared/api.ts';

export type SendOutcome =
  | { kind: 'sent'; accepted: Partial<LeadAccepted> }
  /** 422: the edge refused these exact bytes (no way to contact the person); resending cannot help. */
  | { kind: 'rejected'; issues: Issue[] }
  /** Network failure, 5xx, 429 or anything else: keep it and try again later. */
  | { kind: 'retry'; retryAfterMs?: number };

export type Send = (url: string, body: string) => Promise<SendOutcome>;

export function leadsUrl(api: string): string {
  return `${api}/v1/leads`;
}

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
    if (response.ok) return { kind: 'sent', accepted: json };
    if (response.status === 422)
      return { kind: 'rejected', issues: (json.issues as Issue[]) ?? [] };
    // Retry-After in seconds (429/503); NaN for a missing header becomes 0.
    return { kind: 'retry', retryAfterMs: Number(response.headers.get('retry-after')) * 1000 || 0 };
  };
}
