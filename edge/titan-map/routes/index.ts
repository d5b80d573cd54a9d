/**
 * @module
 * The Titan Map admin API, mounted at `/v1/admin/titan-map`: per-tenant imports, review, draft
 * bindings, suggestions, publish, versions, taxonomy and coverage under `/tenants/:tenant`, and
 * drift-finding review under `/drift-findings`. The handlers live in edge/titan-map/routes/.
 */
import { Hono } from 'hono';
import { bindingRoutes, suggestionRoutes } from './bindings.ts';
import { findingRoutes } from './findings.ts';
import { importRoutes } from './imports.ts';
import { versionRoutes } from './versions.ts';
import type { AppEnv } from '../../http/app-env.ts';

const tenantRoutes = new Hono<AppEnv>()
  .route('/imports', importRoutes)
  .route('/bindings', bindingRoutes)
  .route('/suggestions', suggestionRoutes)
  .route('/', versionRoutes);

export const adminTitanMapRoutes = new Hono<AppEnv>()
  .route('/tenants/:tenant', tenantRoutes)
  .route('/drift-findings', findingRoutes);
