/**
 * @module
 * The Hono application: public routes (CORS for any origin, no credentials), operator routes
 * behind the admin bearer token (no CORS), one error shape for everything.
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requireAdmin } from './http/admin-auth.ts';
import { notFound, onError } from './http/errors.ts';
import { adminConnectionRoutes } from './handoff/routes/connections.ts';
import { adminLeadRoutes } from './leads/routes/admin.ts';
import { adminIntakeKeyRoutes } from './leads/routes/intake-keys.ts';
import { adminLifecycleRoutes } from './lifecycle/routes.ts';
import { adminOutcomeRoutes } from './outcomes/routes.ts';
import { adminReportRoutes } from './reports/routes.ts';
import { adminTenantRoutes } from './tenants/routes/admin.ts';
import { adminSyncJobRoutes } from './handoff/routes/sync-jobs.ts';
import { adminTitanMapRoutes } from './titan-map/routes/index.ts';
import { adminNotificationRoutes } from './notifications/routes.ts';
import { adminTokenRoutes } from './operators/routes.ts';
import { adminWebhookSecretRoutes } from './webhooks/routes/secrets.ts';
import { adminWebhookEventRoutes, adminWebhookRejectionRoutes } from './webhooks/routes/events.ts';
import { configRoutes } from './tenants/routes/config.ts';
import { formTokenRoutes } from './leads/routes/form-token.ts';
import { leadRoutes } from './leads/routes/intake.ts';
import { unfinishedRoutes } from './leads/routes/unfinished.ts';
import { webhookRoutes } from './webhooks/receive/route.ts';
import type { AppEnv } from './http/app-env.ts';
import { doc, errorRef } from './http/openapi.ts';
import { apiDocRoutes } from './api-docs/routes.ts';
import { describeRoute } from 'hono-openapi';

// Public routes carry no credentials, so any site may call them: a widget on a page the tenant
// forgot to list still works, and the lead is flagged for review instead.
const publicCors = cors({
  origin: '*',
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'If-None-Match'],
  exposeHeaders: ['ETag', 'Retry-After'],
  maxAge: 86_400,
});

// Every operator route: a bearer token (401 without one, 403 for another tenant's data).
const adminAuth = describeRoute({
  security: [{ adminBearer: [] }],
  responses: { 401: errorRef(401), 403: errorRef(403) },
});

const admin = new Hono<AppEnv>()
  .use(adminAuth, requireAdmin)
  .route('/tenants', adminTenantRoutes)
  .route('/leads', adminLeadRoutes)
  .route('/intake-keys', adminIntakeKeyRoutes)
  .route('/tokens', adminTokenRoutes)
  .route('/reports', adminReportRoutes)
  .route('/outcomes', adminOutcomeRoutes)
  .route('/lifecycle', adminLifecycleRoutes)
  .route('/sync-jobs', adminSyncJobRoutes)
  .route('/connections', adminConnectionRoutes)
  .route('/titan-map', adminTitanMapRoutes)
  .route('/webhook-events', adminWebhookEventRoutes)
  .route('/webhook-rejections', adminWebhookRejectionRoutes)
  .route('/webhook-secrets', adminWebhookSecretRoutes)
  .route('/notifications', adminNotificationRoutes);

export const app = new Hono<AppEnv>()
  .get('/healthz', doc('API reference', 'Liveness'), (c) => c.json({ ok: true }))
  .use('/v1/leads', publicCors)
  .use('/v1/leads/unfinished', publicCors)
  .use('/v1/openapi.json', publicCors)
  .use('/v1/tenants/*', publicCors)
  .route('/v1/leads/unfinished', unfinishedRoutes)
  .route('/v1/leads', leadRoutes)
  .route('/v1/tenants', configRoutes)
  .route('/v1/tenants', formTokenRoutes)
  // Server to server (signed by the sender): no CORS.
  .route('/v1/webhooks', webhookRoutes)
  .route('/v1/admin', admin)
  .notFound(notFound)
  .onError(onError);

// The API reference is generated from the routes above, so it is mounted on the finished app.
app.route('/', apiDocRoutes(app));

/** The route table's type, for the console's and the CLIs' typed client (`hc<AppType>`). */
export type AppType = typeof app;
