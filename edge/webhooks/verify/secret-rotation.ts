/**
 * @module
 * The rules of a tenant's webhook signing secrets, as operators manage them: the value is returned
 * once, when it is created; lists show id, label, fingerprint and expiry only. Rotation: several
 * secrets can be active at once (at most MAX_ACTIVE_SECRETS), so a sender can switch to a new
 * secret while the old one still verifies until its expiry; expiring never extends a secret; one
 * secret belongs to one tenant. Every change drops this isolate's cached keys (./key-cache.ts).
 */
import { ApiError } from '../../http/errors.ts';
import { seal } from '../../lib/crypto-box.ts';
import { invalidateKeys } from './key-cache.ts';
import { decodeSecret, generateSecret, secretContext, secretFingerprint } from './secret-format.ts';
import {
  expireForSuccessorStatement,
  heldByAnotherTenant,
  insertSecretStatement,
  isActive,
  readSecrets,
  setExpiryStatement,
  toInfo,
  type NewSecretRow,
  type SecretInfo,
  type SecretRow,
} from '../db/secrets.ts';

/** Enough for a current secret plus ones in their rotation grace period. */
export const MAX_ACTIVE_SECRETS = 3;

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

function createdInfo(row: NewSecretRow, now: Date): SecretInfo {
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
  const [insert] = await db.batch([insertSecretStatement(db, row, now, MAX_ACTIVE_SECRETS)]);
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
    insertSecretStatement(db, row, now, MAX_ACTIVE_SECRETS),
    // Only when the successor was inserted: a rotation that hit the cap changes nothing.
    expireForSuccessorStatement(db, input.tenant, input.id, expiresAt, row.id),
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
  await setExpiryStatement(db, input.tenant, input.id, expiresAt).run();
  invalidateKeys(input.tenant);
  return toInfo({ ...old, expires_at: expiresAt }, now);
}
