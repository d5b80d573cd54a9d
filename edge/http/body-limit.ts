/**
 * @module
 * Body size caps. Hono's bodyLimit enforces the cap while streaming, so a chunked body without
 * Content-Length is cut off too; we only replace its error with our own shape.
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
