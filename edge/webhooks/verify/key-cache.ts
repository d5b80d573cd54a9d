/**
 * @module
 * Verification keys for a tenant's active webhook secrets, through a short per-isolate cache of
 * imported, non-extractable CryptoKeys: the request path then makes no D1 call and no key import
 * for the secrets. A change made through ./secret-rotation.ts drops this isolate's copy at once;
 * other isolates pick it up within SECRET_CACHE_TTL_MS. Expiry needs no refresh: it is checked
 * against the clock on every request.
 */
import { open } from '../../lib/crypto-box.ts';
import { importHmacKey, secretContext } from './secret-format.ts';
import { isActive, readSecrets } from '../db/secrets.ts';
import type { VerifyKey } from './standard-webhooks.ts';

const SECRET_CACHE_TTL_MS = 30_000;

interface CachedKey extends VerifyKey {
  ciphertext: string;
  expiresAt: string | null;
}

interface CacheEntry {
  keys: Promise<CachedKey[]>;
  masterKey: string;
  loadedAt: number;
}

const keyCache = new Map<string, CacheEntry>();

async function loadKeys(
  db: D1Database,
  masterKey: string,
  tenant: string,
  now: Date,
  previous: CachedKey[],
): Promise<CachedKey[]> {
  const rows = (await readSecrets(db, tenant)).filter((row) => isActive(row.expires_at, now));
  const keys: CachedKey[] = [];
  for (const row of rows) {
    // An unchanged secret keeps its CryptoKey: each one is decrypted and imported once.
    const known = previous.find((k) => k.id === row.id && k.ciphertext === row.ciphertext);
    if (known) {
      keys.push({ ...known, expiresAt: row.expires_at });
      continue;
    }
    try {
      const bytes = await open(masterKey, row.ciphertext, secretContext(tenant, row.id));
      const key = await importHmacKey(bytes, 'verify');
      keys.push({ id: row.id, key, ciphertext: row.ciphertext, expiresAt: row.expires_at });
    } catch (err) {
      // One unreadable row must not take the tenant's webhooks down; all unreadable is a
      // configuration fault (wrong WEBHOOK_SECRET_KEY) and must not look like a forged request.
      console.error('webhook secret could not be decrypted', row.id, (err as Error).message);
    }
  }
  if (rows.length > 0 && keys.length === 0) throw new Error('no webhook secret could be decrypted');
  return keys;
}

/** The tenant's secrets that are active at `now`, as HMAC verify keys. */
export async function activeVerifyKeys(
  db: D1Database,
  masterKey: string,
  tenant: string,
  now: Date,
): Promise<VerifyKey[]> {
  let cached = keyCache.get(tenant);
  if (
    !cached ||
    cached.masterKey !== masterKey ||
    Date.now() - cached.loadedAt > SECRET_CACHE_TTL_MS
  ) {
    const previous = cached?.masterKey === masterKey ? await cached.keys.catch(() => []) : [];
    const entry: CacheEntry = {
      keys: loadKeys(db, masterKey, tenant, now, previous),
      masterKey,
      loadedAt: Date.now(),
    };
    keyCache.set(tenant, entry);
    // A failed load must not be served from the cache to the next request.
    entry.keys.catch(() => keyCache.get(tenant) === entry && keyCache.delete(tenant));
    cached = entry;
  }
  const keys = await cached.keys;
  return keys.filter((key) => isActive(key.expiresAt, now)).map(({ id, key }) => ({ id, key }));
}

/** Makes the next verification re-read the tenant's secrets (keeping imported keys). */
export function invalidateKeys(tenant: string): void {
  const cached = keyCache.get(tenant);
  if (cached) cached.loadedAt = 0;
}
