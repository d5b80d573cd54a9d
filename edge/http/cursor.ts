/**
 * @module
 * Opaque keyset cursors for admin lists: base64url of the last row's (time, id).
 */
import { base64url, fromBase64url } from '../lib/encoding.ts';
import { ApiError } from './errors.ts';

export interface CursorKey {
  at: string;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return base64url(new TextEncoder().encode(JSON.stringify([key.at, key.id])));
}

export function decodeCursor(cursor: string): CursorKey {
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
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey) {
  const last = rows.length === limit ? rows.at(-1) : undefined;
  return { nextCursor: last ? encodeCursor(keyOf(last)) : null };
}
