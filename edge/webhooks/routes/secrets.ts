/**
 * @module
 * A tenant's webhook signing secrets: `GET /v1/admin/webhook-secrets/:tenant` (list, never the
 * values), `POST …/:tenant` (create or import; the value is in this response only),
 * `POST …/:tenant/:id/rotate` (successor + grace period for the old one) and
 * `POST …/:tenant/:id/expire`. Creating and rotating need the global admin token: a secret minted
 * with a leaked operator token would outlive the token's revocation. Listing and expiring are
 * open to the tenant's operators, so they can cut off a leaked secret themselves.
 */
import { type Context, Hono } from 'hono';
import {
  CreateWebhookSecretBodySchema,
  ExpireWebhookSecretBodySchema,
  RotateWebhookSecretBodySchema,
} from '../../../shared/webhook-admin.ts';
import { audit } from '../../audit/db/audit-log.ts';
import { assertTenantAccess, requireGlobalAdmin } from '../../http/admin-auth.ts';
import { parseJsonObject } from '../../http/body.ts';
import { limitBody } from '../../http/body-limit.ts';
import { ApiError } from '../../http/errors.ts';
import { parseBody } from '../../http/validate.ts';
import { getTenantContext } from '../../tenants/context.ts';
import { createSecret, expireSecret, listSecrets, rotateSecret } from '../verify/secret-store.ts';
import type { AppEnv } from '../../http/app-env.ts';

const ADMIN_BODY_LIMIT = 8 * 1024;

/** The path's tenant, if the caller may act on it and it exists. */
async function tenantOf(c: Context<AppEnv>): Promise<string> {
  const tenant = c.req.param('tenant') ?? '';
  assertTenantAccess(c, tenant);
  if (!(await getTenantContext(c.env.DB, tenant))) {
    throw new ApiError(404, 'unknown_tenant', `No tenant "${tenant}".`);
  }
  return tenant;
}

/** An empty body means "all defaults". */
async function jsonBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  return text.trim() === '' ? {} : parseJsonObject(text);
}

export const adminWebhookSecretRoutes = new Hono<AppEnv>()
  .use(limitBody(ADMIN_BODY_LIMIT))
  .get('/:tenant', async (c) => {
    const tenant = await tenantOf(c);
    return c.json({ secrets: await listSecrets(c.env.DB, tenant, new Date()) });
  })
  .post('/:tenant', async (c) => {
    requireGlobalAdmin(c);
    const tenant = await tenantOf(c);
    const body = parseBody(CreateWebhookSecretBodySchema, await jsonBody(c));
    const actor = c.get('actor');
    const { secret, info } = await createSecret(
      c.env.DB,
      c.env.WEBHOOK_SECRET_KEY,
      { tenant, label: body.label ?? null, secret: body.secret, actor },
      new Date(),
    );
    await audit(c.env.DB, {
      actor,
      tenant,
      action: body.secret ? 'webhook_secret.imported' : 'webhook_secret.created',
      subjectType: 'webhook_secret',
      subjectId: info.id,
      detail: { fingerprint: info.fingerprint, label: info.label },
    });
    return c.json({ ...info, secret }, 201);
  })
  .post('/:tenant/:id/rotate', async (c) => {
    requireGlobalAdmin(c);
    const tenant = await tenantOf(c);
    const body = parseBody(RotateWebhookSecretBodySchema, await jsonBody(c));
    const actor = c.get('actor');
    const { secret, info, previous } = await rotateSecret(
      c.env.DB,
      c.env.WEBHOOK_SECRET_KEY,
      {
        tenant,
        id: c.req.param('id'),
        label: body.label ?? null,
        secret: body.secret,
        graceSeconds: body.graceSeconds,
        actor,
      },
      new Date(),
    );
    await audit(c.env.DB, {
      actor,
      tenant,
      action: 'webhook_secret.rotated',
      subjectType: 'webhook_secret',
      subjectId: previous.id,
      detail: { successor: info.id, fingerprint: info.fingerprint, expiresAt: previous.expiresAt },
    });
    return c.json({ ...info, secret, previous }, 201);
  })
  .post('/:tenant/:id/expire', async (c) => {
    const tenant = await tenantOf(c);
    const body = parseBody(ExpireWebhookSecretBodySchema, await jsonBody(c));
    const info = await expireSecret(
      c.env.DB,
      { tenant, id: c.req.param('id'), at: body.at ? new Date(body.at) : undefined },
      new Date(),
    );
    await audit(c.env.DB, {
      actor: c.get('actor'),
      tenant,
      action: 'webhook_secret.expired',
      subjectType: 'webhook_secret',
      subjectId: info.id,
      detail: { expiresAt: info.expiresAt },
    });
    return c.json(info);
  });
