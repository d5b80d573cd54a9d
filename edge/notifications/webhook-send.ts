/**
 * @module
 * One HTTP attempt at a webhook endpoint: POST the body, follow no redirect, give up after the
 * timeout, read at most 4 KiB of the answer (kept as text, shown escaped, never rendered). Any 2xx
 * is a success; the caller decides what the status means for the schedule.
 */

export const RESPONSE_EXCERPT_BYTES = 4096;

export interface HttpAttempt {
  ok: boolean;
  status: number | null;
  error: string | null;
  excerpt: string | null;
  retryAfter: string | null;
}

/** The first `max` bytes of a body as text; the rest is never read. */
async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.subarray(0, max - size));
      size += Math.min(value.length, max - size);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}

export async function postWebhook(
  fetcher: typeof fetch,
  url: string,
  headers: Record<string, string>,
  body: Uint8Array,
  timeoutMs: number,
): Promise<HttpAttempt> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetcher(url, { method: 'POST', headers, body, redirect: 'manual', signal });
    const excerpt = await readCapped(res.body, RESPONSE_EXCERPT_BYTES);
    const ok = res.status >= 200 && res.status < 300;
    const redirect = res.status >= 300 && res.status < 400;
    return {
      ok,
      status: res.status,
      error: ok ? null : redirect ? 'redirect not followed' : `HTTP ${res.status}`,
      excerpt: excerpt || null,
      retryAfter: res.headers.get('retry-after'),
    };
  } catch (err) {
    const timedOut = signal.aborted;
    return {
      ok: false,
      status: null,
      error: timedOut
        ? `no answer within ${timeoutMs} ms`
        : `network error: ${(err as Error).message}`.slice(0, 300),
      excerpt: null,
      retryAfter: null,
    };
  }
}
