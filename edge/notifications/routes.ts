/**
 * @module
 * `/v1/admin/notifications`: a tenant's channels (create, list, read, edit, pause/resume, delete,
 * rotate the signing secret, send a test) and its delivery log (filter, redeliver one, redeliver a
 * channel's failures since a time). Tenant-scoped like the rest of `/v1/admin`: an operator token
 * reaches only its own tenant's channels and deliveries; another tenant's ids answer 404.
 */
import { type Context, Hono } from 'hono';
import {
  CreateChannelBodySchema,
  DEFAULT_EVENT_TYPES,
  DeliveryListQuerySchema,
  RedeliverFailedBodySchema,
  RotateChannelSecretBodySchema,
  UpdateChannelBodySchema,
} from '../../shared/notifications.ts';
import { audit } from '../audit/db/audit-log.ts';
import { assertTenantAccess } from '../http/admin-auth.ts';
import { limitBody } from '../http/body-limit.ts';
import { parseOptionalJsonObject } from '../http/body.ts';
import { decodeCursor, page } from '../http/cursor.ts';
import { ApiError } from '../http/errors.ts';
import { parseBody, parseQuery } from '../http/validate.ts';
import { pathTenant } from '../tenants/path-tenant.ts';
import { testEvent } from './catalog.ts';
import {
  channelToJson,
  getChannel,
  insertChannel,
  listChannels,
  updateChannelStatement,
  type ChannelChanges,
  type ChannelRow,
} from './db/channels.ts';
import {
  cancelStatement,
  deliveryToJson,
  getDelivery,
  listDeliveries,
  makeDueAgain,
  waitingDeliveryIds,
} from './db/deliveries.ts';
import { defaultNotifyDeps } from './policy.ts';
import { attemptNow, sendNotifyMessages, storeEvent } from './queue.ts';
import { newChannelSecret } from './signing.ts';
import { refuseUrl, urlIssue } from './url-safety.ts';
import type { AppEnv } from '../http/app-env.ts';
import { doc } from '../http/openapi.ts';

const BODY_LIMIT = 16 * 1024;

async function channelOf(c: Context<AppEnv>): Promise<ChannelRow> {
  const tenant = await pathTenant(c);
  const id = c.req.param('id') ?? '';
  const row = await getChannel(c.env.DB, tenant, id);
  if (!row) throw new ApiError(404, 'channel_not_found', `No notification channel "${id}".`);
  return row;
}

function checkUrl(env: Env, url: string): void {
  const refusal = refuseUrl(url, String(env.NOTIFY_ALLOW_LOCAL_HTTP) === 'true');
  if (refusal) {
    throw new ApiError(422, 'invalid_body', 'This URL cannot be used for a webhook.', {
      issues: [urlIssue(refusal)],
    });
  }
}

function auditChannel(c: Context<AppEnv>, tenant: string, action: string, id: string, detail = {}) {
  return audit(c.env.DB, {
    actor: c.get('actor'),
    tenant,
    action: `notification_channel.${action}`,
    subjectType: 'notification_channel',
    subjectId: id,
    detail,
  });
}

/** The delivery after an attempt made within this request. */
async function deliveryAfter(env: Env, tenant: string, id: string) {
  const row = await getDelivery(env.DB, tenant, id);
  return row && deliveryToJson(row);
}

export const adminNotificationRoutes = new Hono<AppEnv>()
  .use(limitBody(BODY_LIMIT))
  .post(
    '/deliveries/:id/redeliver',
    doc('Notifications', 'Redeliver one delivery', { errors: [404, 409] }),
    async (c) => {
      const id = c.req.param('id');
      const row = await getDelivery(c.env.DB, undefined, id);
      if (!row) throw new ApiError(404, 'delivery_not_found', `No delivery "${id}".`);
      assertTenantAccess(c, row.tenant);
      const ids = await makeDueAgain(c.env.DB, { id }, new Date().toISOString());
      if (ids.length === 0) {
        throw new ApiError(
          409,
          'delivery_in_progress',
          `Delivery "${id}" is ${row.status}; it is already on its retry schedule.`,
        );
      }
      await attemptNow(c.env, ids, new Date());
      return c.json({ delivery: await deliveryAfter(c.env, row.tenant, id) });
    },
  )
  .get('/:tenant/channels', doc('Notifications', 'List channels', { errors: [404] }), async (c) => {
    const tenant = await pathTenant(c);
    return c.json({ channels: (await listChannels(c.env.DB, tenant)).map(channelToJson) });
  })
  .post(
    '/:tenant/channels',
    doc('Notifications', 'Create a channel', {
      body: CreateChannelBodySchema,
      status: 201,
      errors: [404],
    }),
    async (c) => {
      const tenant = await pathTenant(c);
      const body = parseBody(CreateChannelBodySchema, parseOptionalJsonObject(await c.req.text()));
      if (body.kind === 'webhook') checkUrl(c.env, body.url);
      const now = new Date().toISOString();
      const id = `nch_${crypto.randomUUID().replaceAll('-', '')}`;
      const signed =
        body.kind === 'webhook' && body.format === 'standard'
          ? await newChannelSecret(c.env.WEBHOOK_SECRET_KEY, tenant, id)
          : null;
      const row = {
        id,
        tenant,
        kind: body.kind,
        description: body.description ?? null,
        email_to: body.kind === 'email' ? JSON.stringify(body.to) : null,
        url: body.kind === 'webhook' ? body.url : null,
        format: body.kind === 'webhook' ? body.format : null,
        events: JSON.stringify(body.events ?? DEFAULT_EVENT_TYPES),
        include_test: body.includeTest ? 1 : 0,
        secret_ciphertext: signed?.ciphertext ?? null,
        secret_fingerprint: signed?.fingerprint ?? null,
        created_by: c.get('actor'),
        created_at: now,
        updated_at: now,
      };
      await insertChannel(c.env.DB, row);
      await auditChannel(c, tenant, 'created', id, { kind: row.kind, events: row.events });
      const created = await getChannel(c.env.DB, tenant, id);
      return c.json(
        { channel: created && channelToJson(created), ...(signed && { secret: signed.secret }) },
        201,
      );
    },
  )
  .get('/:tenant/channels/:id', doc('Notifications', 'One channel', { errors: [404] }), async (c) =>
    c.json({ channel: channelToJson(await channelOf(c)) }),
  )
  .patch(
    '/:tenant/channels/:id',
    doc('Notifications', 'Change a channel', { body: UpdateChannelBodySchema, errors: [404] }),
    async (c) => {
      const channel = await channelOf(c);
      const body = parseBody(UpdateChannelBodySchema, parseOptionalJsonObject(await c.req.text()));
      const wrongKind = (field: string) =>
        new ApiError(422, 'invalid_body', `A ${channel.kind} channel has no ${field}.`, {
          issues: [{ path: [field], code: 'not_allowed', message: `Not a ${channel.kind} field` }],
        });
      if (body.to && channel.kind !== 'email') throw wrongKind('to');
      if (body.url !== undefined) {
        if (channel.kind !== 'webhook') throw wrongKind('url');
        checkUrl(c.env, body.url);
      }
      const now = new Date().toISOString();
      const changes: ChannelChanges = {
        ...(body.to && { email_to: JSON.stringify(body.to) }),
        ...(body.url !== undefined && { url: body.url }),
        ...(body.events && { events: JSON.stringify(body.events) }),
        ...(body.description !== undefined && { description: body.description }),
        ...(body.includeTest !== undefined && { include_test: body.includeTest ? 1 : 0 }),
        // Resuming also re-enables an endpoint the system disabled, with a fresh failing clock.
        ...(body.paused === true && { paused_at: channel.paused_at ?? now }),
        ...(body.paused === false && {
          paused_at: null,
          disabled_at: null,
          disabled_reason: null,
          failing_since: null,
        }),
      };
      await updateChannelStatement(c.env.DB, channel.tenant, channel.id, changes, now).run();
      if (body.paused === false) {
        const waiting = await waitingDeliveryIds(c.env.DB, channel.id);
        await sendNotifyMessages(
          c.env.NOTIFY,
          waiting.map((id) => ({ body: { kind: 'delivery' as const, id } })),
        );
      }
      await auditChannel(c, channel.tenant, 'updated', channel.id, { fields: Object.keys(body) });
      const updated = await getChannel(c.env.DB, channel.tenant, channel.id);
      return c.json({ channel: updated && channelToJson(updated) });
    },
  )
  .delete(
    '/:tenant/channels/:id',
    doc('Notifications', 'Delete a channel', { status: 204, errors: [404] }),
    async (c) => {
      const channel = await channelOf(c);
      const now = new Date().toISOString();
      await c.env.DB.batch([
        updateChannelStatement(c.env.DB, channel.tenant, channel.id, { deleted_at: now }, now),
        cancelStatement(c.env.DB, { channelId: channel.id }, now),
      ]);
      await auditChannel(c, channel.tenant, 'deleted', channel.id);
      return c.body(null, 204);
    },
  )
  .post(
    '/:tenant/channels/:id/rotate-secret',
    doc('Notifications', 'Rotate a webhook channel’s secret', {
      body: RotateChannelSecretBodySchema,
      status: 201,
      errors: [404, 409],
    }),
    async (c) => {
      const channel = await channelOf(c);
      if (channel.format !== 'standard') {
        throw new ApiError(409, 'not_signed', 'Only standard webhook channels have a secret.');
      }
      const body = parseBody(
        RotateChannelSecretBodySchema,
        parseOptionalJsonObject(await c.req.text()),
      );
      const now = new Date();
      const signed = await newChannelSecret(c.env.WEBHOOK_SECRET_KEY, channel.tenant, channel.id);
      const graceEnds = new Date(now.getTime() + body.graceSeconds * 1000).toISOString();
      await updateChannelStatement(
        c.env.DB,
        channel.tenant,
        channel.id,
        {
          secret_ciphertext: signed.ciphertext,
          secret_fingerprint: signed.fingerprint,
          previous_secret_ciphertext: channel.secret_ciphertext,
          previous_secret_expires_at: graceEnds,
        },
        now.toISOString(),
      ).run();
      await auditChannel(c, channel.tenant, 'secret_rotated', channel.id, {
        fingerprint: signed.fingerprint,
        previousExpiresAt: graceEnds,
      });
      const updated = await getChannel(c.env.DB, channel.tenant, channel.id);
      return c.json({ channel: updated && channelToJson(updated), secret: signed.secret }, 201);
    },
  )
  .post(
    '/:tenant/channels/:id/test',
    doc('Notifications', 'Send a test notification', { status: 201, errors: [404, 409] }),
    async (c) => {
      const channel = await channelOf(c);
      const now = new Date();
      const { deliveryIds } = await storeEvent(
        c.env,
        testEvent(channel.tenant, channel.id, now),
        now,
        defaultNotifyDeps,
      );
      await attemptNow(c.env, deliveryIds, now);
      const [id] = deliveryIds;
      return c.json({ delivery: id ? await deliveryAfter(c.env, channel.tenant, id) : null }, 201);
    },
  )
  .post(
    '/:tenant/channels/:id/redeliver-failed',
    doc('Notifications', 'Redeliver failed deliveries', {
      body: RedeliverFailedBodySchema,
      status: 202,
      errors: [404],
    }),
    async (c) => {
      const channel = await channelOf(c);
      const body = parseBody(
        RedeliverFailedBodySchema,
        parseOptionalJsonObject(await c.req.text()),
      );
      const since = new Date(body.since).toISOString();
      const ids = await makeDueAgain(
        c.env.DB,
        { channelId: channel.id, since },
        new Date().toISOString(),
      );
      await sendNotifyMessages(
        c.env.NOTIFY,
        ids.map((id) => ({ body: { kind: 'delivery' as const, id } })),
      );
      await auditChannel(c, channel.tenant, 'redelivered_failed', channel.id, {
        since,
        count: ids.length,
      });
      return c.json({ redelivering: ids.length }, 202);
    },
  )
  .get(
    '/:tenant/deliveries',
    doc('Notifications', 'List deliveries', { query: DeliveryListQuerySchema, errors: [404] }),
    async (c) => {
      const tenant = await pathTenant(c);
      const query = parseQuery(DeliveryListQuerySchema, c.req.query());
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await listDeliveries(c.env.DB, { ...query, tenant, before: cursor });
      return c.json({
        deliveries: rows.map(deliveryToJson),
        ...page(rows, query.limit, (row) => ({ at: row.created_at, id: row.id })),
      });
    },
  );
