/**
 * @module
 * A tenant's webhook signing secrets in D1, encrypted at rest (edge/lib/crypto-box.ts). The value is
 * returned once, when it is created; lists show id, label, fingerprint and expiry only.
 *
 * Rotation: several secrets can be active at once, so a sender can switch to a new secret while the
 * old one still verifies until its expiry. Verification reads the active secrets through a short
 * per-isolate cache of imported, non-extractable CryptoKeys: the request path then makes no D1
 * call and no key import for the secrets. A change made here drops this isolate's copy at once;
 * other isolates pick it up within SECRET_CACHE_TTL_MS. Expiry needs no refresh: it is checked
 * against the clock on every request.
 */
import { ApiError } from '../../http/errors.ts';
import { open, seal } from '../../lib/crypto-box.ts';
import {
  decodeSecret,
  generateSecret,
  importHmacKey,
  secretContext,
  secretFingerprint,
} from './secret-format.ts';
import type { VerifyKey } from './standard-webhooks.ts';

/** Enough for a current secret plus ones in their rotation grace period. */
export const MAX_ACTIVE_SECRETS = 3;
const SECRET_CACHE_TTL_MS = 30_000;

export interface SecretInfo {
  id: string;
  tenant: string;
  label: string | null;
  fingerprint: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  active: boolean;
}

interface SecretRow {
  id: string;
  tenant: string;
  label: string | null;
  ciphertext: string;
  fingerprint: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
}

const isActive = (expiresAt: string | null, now: Date) =>
  expiresAt === null || expiresAt > now.toISOString();

function toInfo(row: SecretRow, now: Date): SecretInfo {
  return {
    id: row.id,
    tenant: row.tenant,
    label: row.label,
    fingerprint: row.fingerprint,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    active: isActive(row.expires_at, now),
  };
}

async function readSecrets(db: D1Database, tenant: string): Promise<SecretRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM webhook_secrets WHERE tenant = ? ORDER BY created_at, id')
    .bind(tenant)
    .all<SecretRow>();
  return results;
}

// --- verification keys (cached) ----------------------------------------------------------------

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
function invalidateKeys(tenant: string): void {
  const cached = keyCache.get(tenant);
  if (cached) cached.loadedAt = 0;
}

// --- operator actions --------------------------------------------------------------------------

export async function listSecrets(
  db: D1Database,
  tenant: string,
  now: Date,
): Promise<SecretInfo[]> {
  return (await readSecrets(db, tenant)).map((row) => toInfo(row, now));
}

export interface NewSecret {
  tenant: string;
  label: string | null;
  /** A sender-issued `whsec_…` secret to import; a new random one when absent. */
  secret: string | undefined;
  actor: string;
}

function insertSecretStatement(
  db: D1Database,
  row: Omit<SecretRow, 'created_at' | 'expires_at'>,
  now: Date,
): D1PreparedStatement {
  // The cap and the one-tenant rule are part of the insert, so two concurrent creates cannot
  // both pass a stale check.
  return db
    .prepare(
      `INSERT INTO webhook_secrets (id, tenant, label, ciphertext, fingerprint, created_by, created_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
        WHERE (SELECT count(*) FROM webhook_secrets
                WHERE tenant = ?2 AND (expires_at IS NULL OR expires_at > ?7)) < ?8
          AND NOT EXISTS (SELECT 1 FROM webhook_secrets WHERE fingerprint = ?5 AND tenant <> ?2)`,
    )
    .bind(
      row.id,
      row.tenant,
      row.label,
      row.ciphertext,
      row.fingerprint,
      row.created_by,
      now.toISOString(),
      MAX_ACTIVE_SECRETS,
    );
}

/**
 * Whether another tenant holds a secret with this fingerprint (active or not). The same secret on
 * two tenants would let one tenant's deliveries, signed for it, verify at the other's endpoint.
 * The fingerprint is 64 bits of SHA-256 of the key bytes: an accidental match between two random
 * secrets is out of reach, and rows stored before this rule have one too.
 */
async function heldByAnotherTenant(
  db: D1Database,
  fingerprint: string,
  tenant: string,
): Promise<boolean> {
  const row = await db
    .prepare('SELECT 1 AS held FROM webhook_secrets WHERE fingerprint = ? AND tenant <> ? LIMIT 1')
    .bind(fingerprint, tenant)
    .first<{ held: number }>();
  return row !== null;
}

function secretInUse(): ApiError {
  return new ApiError(
    409,
    'secret_in_use',
    'This secret is registered for another tenant. Ask the sender for a separate secret per tenant.',
    { issues: [{ path: ['secret'], code: 'secret_in_use', message: 'One secret, one tenant' }] },
  );
}

/** Why a guarded insert changed nothing: the secret is another tenant's, or the cap was hit. */
async function refusal(db: D1Database, row: { fingerprint: string; tenant: string }) {
  return (await heldByAnotherTenant(db, row.fingerprint, row.tenant))
    ? secretInUse()
    : tooManyActive();
}

function tooManyActive(): ApiError {
  return new ApiError(
    409,
    'too_many_active_secrets',
    `A tenant has at most ${MAX_ACTIVE_SECRETS} active secrets; expire one first.`,
  );
}

/** Validates and seals a new secret: the row to insert and the value to show once. */
async function prepareSecret(
  db: D1Database,
  masterKey: string,
  input: NewSecret,
  existing: SecretRow[],
  now: Date,
) {
  const value = input.secret ?? generateSecret();
  const bytes = decodeSecret(value);
  if (!bytes) {
    throw new ApiError(
      422,
      'invalid_body',
      'The secret must be "whsec_" + base64 of 24 to 64 bytes.',
      {
        issues: [{ path: ['secret'], code: 'invalid_secret', message: 'Expected whsec_<base64>' }],
      },
    );
  }
  const fingerprint = await secretFingerprint(bytes);
  const active = existing.filter((row) => isActive(row.expires_at, now));
  if (active.some((row) => row.fingerprint === fingerprint)) {
    throw new ApiError(409, 'secret_exists', 'This secret is already active for the tenant.');
  }
  if (active.length >= MAX_ACTIVE_SECRETS) throw tooManyActive();
  if (await heldByAnotherTenant(db, fingerprint, input.tenant)) throw secretInUse();
  const id = `whs_${crypto.randomUUID().replaceAll('-', '')}`;
  const row = {
    id,
    tenant: input.tenant,
    label: input.label,
    ciphertext: await seal(masterKey, bytes, secretContext(input.tenant, id)),
    fingerprint,
    created_by: input.actor,
  };
  return { row, value };
}

function createdInfo(row: Omit<SecretRow, 'created_at' | 'expires_at'>, now: Date): SecretInfo {
  return toInfo({ ...row, created_at: now.toISOString(), expires_at: null }, now);
}

export async function createSecret(
  db: D1Database,
  masterKey: string,
  input: NewSecret,
  now: Date,
): Promise<{ secret: string; info: SecretInfo }> {
  const { row, value } = await prepareSecret(
    db,
    masterKey,
    input,
    await readSecrets(db, input.tenant),
    now,
  );
  const [insert] = await db.batch([insertSecretStatement(db, row, now)]);
  if (insert?.meta.changes !== 1) throw await refusal(db, row);
  invalidateKeys(input.tenant);
  return { secret: value, info: createdInfo(row, now) };
}

function findActive(rows: SecretRow[], id: string, now: Date): SecretRow {
  const row = rows.find((r) => r.id === id);
  if (!row)
    throw new ApiError(404, 'secret_not_found', `No webhook secret "${id}" for this tenant.`);
  if (!isActive(row.expires_at, now)) {
    throw new ApiError(409, 'secret_expired', `Webhook secret "${id}" has already expired.`);
  }
  return row;
}

/** The earlier of the current expiry and `at`: expiring never extends a secret's life. */
function earlier(current: string | null, at: string): string {
  return current !== null && current < at ? current : at;
}

/**
 * Creates a successor of secret `id` and makes `id` expire after `graceSeconds`, in one batch:
 * during the grace period both verify, so the sender can switch without a failed delivery.
 */
export async function rotateSecret(
  db: D1Database,
  masterKey: string,
  input: NewSecret & { id: string; graceSeconds: number },
  now: Date,
): Promise<{ secret: string; info: SecretInfo; previous: SecretInfo }> {
  const existing = await readSecrets(db, input.tenant);
  const old = findActive(existing, input.id, now);
  const { row, value } = await prepareSecret(db, masterKey, input, existing, now);
  const expiresAt = earlier(
    old.expires_at,
    new Date(now.getTime() + input.graceSeconds * 1000).toISOString(),
  );
  const [insert] = await db.batch([
    insertSecretStatement(db, row, now),
    // Only when the successor was inserted: a rotation that hit the cap changes nothing.
    db
      .prepare(
        `UPDATE webhook_secrets SET expires_at = ?
          WHERE tenant = ? AND id = ? AND EXISTS (SELECT 1 FROM webhook_secrets WHERE id = ?)`,
      )
      .bind(expiresAt, input.tenant, input.id, row.id),
  ]);
  if (insert?.meta.changes !== 1) throw await refusal(db, row);
  invalidateKeys(input.tenant);
  return {
    secret: value,
    info: createdInfo(row, now),
    previous: toInfo({ ...old, expires_at: expiresAt }, now),
  };
}

/** Sets secret `id` to expire at `at` (default now), never later than it already would. */
export async function expireSecret(
  db: D1Database,
  input: { tenant: string; id: string; at: Date | undefined },
  now: Date,
): Promise<SecretInfo> {
  const old = findActive(await readSecrets(db, input.tenant), input.id, now);
  const requested = input.at && input.at > now ? input.at : now;
  const expiresAt = earlier(old.expires_at, requested.toISOString());
  await db
    .prepare('UPDATE webhook_secrets SET expires_at = ? WHERE tenant = ? AND id = ?')
    .bind(expiresAt, input.tenant, input.id)
    .run();
  invalidateKeys(input.tenant);
  return toInfo({ ...old, expires_at: expiresAt }, now);
}
