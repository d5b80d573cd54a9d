/**
 * @module
 * A tenant's webhook signing secrets: `GET /v1/admin/webhook-secrets/:tenant` (list, never the
 * values), `POST …/:tenant` (create or import; the value is in this response only),
 * `POST …/:tenant/:id/rotate` (successor + grace period for the old one) and
 * `POST …/:tenant/:id/expire`. Creating and rotating need the global admin token: a secret minted
 * with a leaked operator token would outlive the token's revocation. Listing and expiring are
 * open to the tenant's operators, so they can cut off a leaked secret themselves.
 */
import { Hono } from 'hono';
import {
  CreateWebhookSecretBodySchema,
  ExpireWebhookSecretBodySchema,
  RotateWebhookSecretBodySchema,
} from '../../../shared/webhook-admin.ts';
import { audit } from '../../audit/db/audit-log.ts';
import { requireGlobalAdmin } from '../../http/admin-auth.ts';
import { parseOptionalJsonObject } from '../../http/body.ts';
import { limitBody } from '../../http/body-limit.ts';
import { parseBody } from '../../http/validate.ts';
import { pathTenant } from '../../tenants/path-tenant.ts';
import {
  createSecret,
  expireSecret,
  listSecrets,
  rotateSecret,
} from '../verify/secret-rotation.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { doc } from '../../http/openapi.ts';

const ADMIN_BODY_LIMIT = 8 * 1024;

export const adminWebhookSecretRoutes = new Hono<AppEnv>()
  .use(limitBody(ADMIN_BODY_LIMIT))
  .get(
    '/:tenant',
    doc('Webhook admin', 'List a tenant’s webhook secrets', { errors: [404] }),
    async (c) => {
      const tenant = await pathTenant(c);
      return c.json({ secrets: await listSecrets(c.env.DB, tenant, new Date()) });
    },
  )
  .post(
    '/:tenant',
    doc('Webhook admin', 'Create a webhook secret (shown once)', {
      body: CreateWebhookSecretBodySchema,
      status: 201,
      errors: [404, 409],
    }),
    async (c) => {
      requireGlobalAdmin(c);
      const tenant = await pathTenant(c);
      const body = parseBody(
        CreateWebhookSecretBodySchema,
        parseOptionalJsonObject(await c.req.text()),
      );
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
    },
  )
  .post(
    '/:tenant/:id/rotate',
    doc('Webhook admin', 'Rotate a webhook secret', {
      body: RotateWebhookSecretBodySchema,
      status: 201,
      errors: [404, 409],
    }),
    async (c) => {
      requireGlobalAdmin(c);
      const tenant = await pathTenant(c);
      const body = parseBody(
        RotateWebhookSecretBodySchema,
        parseOptionalJsonObject(await c.req.text()),
      );
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
        detail: {
          successor: info.id,
          fingerprint: info.fingerprint,
          expiresAt: previous.expiresAt,
        },
      });
      return c.json({ ...info, secret, previous }, 201);
    },
  )
  .post(
    '/:tenant/:id/expire',
    doc('Webhook admin', 'Expire a webhook secret', {
      body: ExpireWebhookSecretBodySchema,
      errors: [404, 409],
    }),
    async (c) => {
      const tenant = await pathTenant(c);
      const body = parseBody(
        ExpireWebhookSecretBodySchema,
        parseOptionalJsonObject(await c.req.text()),
      );
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
    },
  );
