/**
 * @module
 * Opaque keyset cursors for admin lists: base64url of the last row's (time, id).
 */
import { ApiError } from './errors.ts';

export interface CursorKey {
  at: string;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return btoa(JSON.stringify([key.at, key.id]))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const [at, id] = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/'))) as unknown[];
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
