/**
 * @module
 * Bearer-token guard for `/v1/admin/*` and the tenant scoping every admin route applies.
 *
 * Two kinds of token are accepted: the global `ADMIN_TOKEN` secret (sees every tenant), compared
 * as SHA-256 digests with `timingSafeEqual` so neither its content nor its length leaks through
 * timing; and operator tokens (`ptj_op_…`, one tenant each), stored only as their SHA-256 and
 * looked up by that hash — the lookup key is a digest of 256 random bits, so its timing reveals
 * nothing usable about a token. The middleware sets `principal` (what the caller may see) and
 * `actor` (who they are, for the audit log).
 *
 * A deployment whose `ADMIN_TOKEN` is unset or shorter than 32 characters answers every admin route
 * with 503 `admin_token_too_short` (operator tokens included): a guessable global token is worse
 * than no admin API, and a clear refusal beats a silently weak one (docs/security.md).
 *
 * Tenant scoping: an operator token that names, reads or changes another tenant's data gets
 * 403 `forbidden_tenant`, on every route, always the same status (docs/console.md).
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { findActiveOperatorToken, touchOperatorToken } from '../operators/db/operator-tokens.ts';
import { ApiError } from './errors.ts';
import type { AppEnv, Principal } from './app-env.ts';
import { sha256Hex } from '../lib/encoding.ts';

const encoder = new TextEncoder();

/** Every operator token starts with this, so other strings never cost a D1 lookup. */
export const OPERATOR_TOKEN_PREFIX = 'ptj_op_';

/** The shortest `ADMIN_TOKEN` the admin routes run with (`npm start` generates 44 characters). */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

function weakAdminToken(): never {
  throw new ApiError(
    503,
    'admin_token_too_short',
    `Admin routes are off: the ADMIN_TOKEN secret is unset or shorter than ${MIN_ADMIN_TOKEN_LENGTH} characters. Set a long random value (wrangler secret put ADMIN_TOKEN).`,
  );
}

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', encoder.encode(text));
}

export async function tokensMatch(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(presented), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** Lower-case hex SHA-256: how operator tokens are stored and looked up. */
export async function hashToken(token: string): Promise<string> {
  return sha256Hex(token);
}

function unauthorized(): never {
  throw new ApiError(401, 'unauthorized', 'A valid admin or operator bearer token is required.', {
    headers: { 'WWW-Authenticate': 'Bearer realm="pagetojob-admin"' },
  });
}

/** Only the holder of the token learns it expired (they have it anyway): say so, to act on it. */
function expired(at: string): never {
  throw new ApiError(
    401,
    'token_expired',
    `This operator token expired at ${at}; ask for a new one.`,
    {
      headers: { 'WWW-Authenticate': 'Bearer realm="pagetojob-admin", error="invalid_token"' },
    },
  );
}

async function operatorPrincipal(c: Context<AppEnv>, token: string): Promise<Principal | null> {
  if (!token.startsWith(OPERATOR_TOKEN_PREFIX)) return null;
  const row = await findActiveOperatorToken(c.env.DB, await hashToken(token));
  if (!row) return null;
  if (row.expires_at !== null && row.expires_at <= new Date().toISOString())
    expired(row.expires_at);
  const touch = touchOperatorToken(c.env.DB, row.id, new Date()).catch((err: Error) =>
    console.error('operator token touch failed', err.message),
  );
  c.executionCtx.waitUntil(touch);
  return { kind: 'operator', tenant: row.tenant, tokenId: row.id, label: row.label };
}

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.ADMIN_TOKEN ?? '';
  if (expected.length < MIN_ADMIN_TOKEN_LENGTH) weakAdminToken();
  const match = /^Bearer (\S+)$/i.exec(c.req.header('authorization') ?? '');
  const token = match?.[1];
  if (!token) unauthorized();
  const principal: Principal | null = (await tokensMatch(token, expected))
    ? { kind: 'admin' }
    : await operatorPrincipal(c, token);
  if (!principal) unauthorized();
  c.set('principal', principal);
  c.set('actor', principal.kind === 'admin' ? 'admin' : `operator:${principal.tokenId}`);
  await next();
});

function forbiddenTenant(): never {
  throw new ApiError(403, 'forbidden_tenant', "This token cannot access another tenant's data.");
}

/**
 * The tenant a list or report must be filtered by. The global admin gets what it asked for
 * (undefined = every tenant); an operator always gets its own tenant, and 403 when it asks for
 * another one.
 */
export function tenantScope(c: Context<AppEnv>, requested?: string | null): string | undefined {
  const principal = c.get('principal');
  if (principal.kind === 'admin') return requested ?? undefined;
  if (requested && requested !== principal.tenant) forbiddenTenant();
  return principal.tenant;
}

/** Throws 403 unless the caller may read and change data of `tenant` (a row's tenant). */
export function assertTenantAccess(c: Context<AppEnv>, tenant: string | null | undefined): void {
  const principal = c.get('principal');
  if (principal.kind === 'admin') return;
  if (tenant !== principal.tenant) forbiddenTenant();
}

/** Throws 403 unless the caller holds the global admin token (e.g. minting operator tokens). */
export function requireGlobalAdmin(c: Context<AppEnv>): void {
  if (c.get('principal').kind !== 'admin') {
    throw new ApiError(403, 'admin_only', 'Only the global admin token can do this.');
  }
}
