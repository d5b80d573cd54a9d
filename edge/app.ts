/**
 * @module
 * The Hono application: public routes (CORS for any origin, no credentials), operator routes
 * behind the admin bearer token (no CORS), one error shape for everything.
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requireAdmin } from './http/admin-auth.ts';
import { notFound, onError } from './http/errors.ts';
import { adminLeadRoutes } from './routes/admin-leads.ts';
import { configRoutes } from './routes/config.ts';
import { leadRoutes } from './routes/leads.ts';
import type { AppEnv } from './types.ts';

// Public routes carry no credentials, so any site may call them: a widget on a page the tenant
// forgot to list still works, and the lead is flagged for review instead.
const publicCors = cors({
  origin: '*',
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'If-None-Match'],
  exposeHeaders: ['ETag', 'Retry-After'],
  maxAge: 86_400,
});

const admin = new Hono<AppEnv>().use(requireAdmin).route('/leads', adminLeadRoutes);

export const app = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ ok: true }))
  .use('/v1/leads', publicCors)
  .use('/v1/tenants/*', publicCors)
  .route('/v1/leads', leadRoutes)
  .route('/v1/tenants', configRoutes)
  .route('/v1/admin', admin)
  .notFound(notFound)
  .onError(onError);
