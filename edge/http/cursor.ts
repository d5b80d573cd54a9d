/**
 * @module
 * Opaque keyset cursors for admin lists: base64url of the last row's position (time, id), the
 * `Cursor` the newest-first queries continue after (edge/lib/newest-first.ts).
 */
import { base64url, fromBase64url } from '../lib/encoding.ts';
import type { Cursor } from '../lib/newest-first.ts';
import { ApiError } from './errors.ts';

/** A page's key as issued: the id is always text (numeric ids are converted by their route). */
type IssuedCursor = Cursor & { id: string };

export function encodeCursor(key: IssuedCursor): string {
  return base64url(new TextEncoder().encode(JSON.stringify([key.at, key.id])));
}

export function decodeCursor(cursor: string): IssuedCursor {
  try {
    const bytes = fromBase64url(cursor);
    const [at, id] = (bytes ? JSON.parse(new TextDecoder().decode(bytes)) : []) as unknown[];
    if (typeof at === 'string' && typeof id === 'string') return { at, id };
  } catch {
    // fall through to the typed error below
  }
  throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this API issued.', {
    issues: [{ path: ['query', 'cursor'], code: 'invalid_cursor', message: 'Invalid cursor' }],
  });
}

/** The page plus the cursor for the next one (null on the last page). */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => IssuedCursor) {
  const last = rows.length === limit ? rows.at(-1) : undefined;
  return { nextCursor: last ? encodeCursor(keyOf(last)) : null };
}
