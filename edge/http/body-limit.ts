/**
 * @module
 * Body size caps, the one place every route gets its cap from, all enforced while streaming: a
 * declared Content-Length over the cap is refused before reading, and a chunked body without one
 * is cut off as soon as the running count passes it.
 * - `limitBody`: middleware for routes that read JSON or CSV (Hono's bodyLimit, answering 413
 *   `payload_too_large` in our shape);
 * - `readCappedBody`: the raw bytes, for the webhook receiver, which must hash exactly what was
 *   sent before anything is parsed and records its own rejection (`body_too_large`).
 */
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.ts';

/** The cap for small operator actions (notes, settings, a token label): far above any real one. */
export const ADMIN_ACTION_BODY_LIMIT = 16 * 1024;

export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `The body is over ${maxBytes / 1024} KiB.`);
    },
  });
}

/** The body's bytes, or null when it is larger than `maxBytes`. */
export async function readCappedBody(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array | null> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await request.body?.cancel();
    return null;
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
