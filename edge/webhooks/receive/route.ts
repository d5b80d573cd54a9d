/**
 * @module
 * `POST /v1/webhooks/:tenant`: signed ServiceTitan-shaped events (Standard Webhooks v1). Server to
 * server, so no CORS. The pipeline (edge/webhooks/receive/pipeline.ts) decides; this route records every
 * rejection, answers it in the common error shape with the reason as `error`, and processes an
 * accepted event after the response (a quarantined one waits for an operator).
 */
import { Hono } from 'hono';
import { ApiError } from '../../http/errors.ts';
import { clientAddressKey } from '../../lib/client-address.ts';
import { processInBackground } from '../apply/process.ts';
import { STORAGE_RETRY_AFTER_S, receiveWebhook } from './pipeline.ts';
import { recordRejection } from '../db/rejections.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { WEBHOOK_HEADERS, doc } from '../../http/openapi.ts';

export const webhookRoutes = new Hono<AppEnv>().post(
  '/:tenant',
  doc('Webhooks', 'Receive a signed event', {
    description:
      'Standard Webhooks v1: the raw body is HMAC-checked before anything is parsed; every rejection is recorded with its reason as `error`.',
    headers: WEBHOOK_HEADERS,
    body: {
      media: 'application/json',
      description: 'A CloudEvents 1.0 ServiceTitan event (the exact bytes that were signed).',
    },
    status: 202,
    ok: 'Accepted (or a duplicate of an accepted event).',
    errors: [400, 401, 404, 409, 503],
  }),
  async (c) => {
    const tenant = c.req.param('tenant');
    const verdict = await receiveWebhook(c.req.raw, tenant, c.env, new Date());
    if (verdict.kind === 'accepted') {
      if (verdict.claimed) c.executionCtx.waitUntil(processInBackground(c.env, verdict.claimed));
      const { eventId, webhookId, type, state, issues } = verdict;
      return c.json(
        {
          status: 'accepted',
          eventId,
          webhookId,
          type,
          state,
          ...(issues.length > 0 && { issues }),
        },
        202,
      );
    }
    // Recorded before answering, so a tester who reads the rejection list next finds it.
    const client = clientAddressKey(c.req.header('cf-connecting-ip') ?? 'unknown');
    await recordRejection(
      c.env.DB,
      {
        tenant,
        client,
        status: verdict.status,
        reason: verdict.reason,
        webhookId: verdict.webhookId,
        eventType: verdict.eventType,
        detail: verdict.detail,
      },
      new Date(),
    );
    throw new ApiError(verdict.status, verdict.reason, verdict.message, {
      ...(verdict.issues && { issues: verdict.issues }),
      ...(verdict.status === 503 && { headers: { 'Retry-After': String(STORAGE_RETRY_AFTER_S) } }),
    });
  },
);
