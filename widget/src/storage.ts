/**
 * @module
 * localStorage access that never throws: storage can be missing, blocked (privacy settings,
 * sandboxed frames) or full, and the widget must keep working in memory when it is.
 */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

/** `window.localStorage`, or null when the browser refuses it. */
export function localStore(): StorageLike | null {
  try {
    // Reading the property throws (SecurityError) where storage is blocked.
    return window.localStorage;
  } catch {
    return null;
  }
}

export function readJson<T>(storage: StorageLike | null, key: string): T | null {
  try {
    return JSON.parse(storage?.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

/** False when the value could not be stored (blocked or quota exceeded). */
export function writeJson(storage: StorageLike | null, key: string, value: unknown): boolean {
  try {
    storage?.setItem(key, JSON.stringify(value));
    return !!storage;
  } catch {
    return false;
  }
}
