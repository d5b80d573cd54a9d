/**
 * @module
 * Body size caps. Hono's bodyLimit enforces the cap while streaming, so a chunked body without
 * Content-Length is cut off too; we only replace its error with our own shape.
 */
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.ts';

export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `The body is over ${maxBytes / 1024} KiB.`);
    },
  });
}
