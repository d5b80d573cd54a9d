/**
 * @module
 * The Titan Map admin API, mounted at `/v1/admin/titan-map`: per-tenant imports, review, draft
 * bindings, suggestions, publish, versions, taxonomy and coverage under `/tenants/:tenant`, and
 * drift-finding review under `/drift-findings`. The handlers live in edge/titan-map/routes/.
 */
import { Hono } from 'hono';
import { bindingRoutes, suggestionRoutes } from '../titan-map/routes/bindings.ts';
import { findingRoutes } from '../titan-map/routes/findings.ts';
import { importRoutes } from '../titan-map/routes/imports.ts';
import { versionRoutes } from '../titan-map/routes/versions.ts';
import type { AppEnv } from '../types.ts';

const tenantRoutes = new Hono<AppEnv>()
  .route('/imports', importRoutes)
  .route('/bindings', bindingRoutes)
  .route('/suggestions', suggestionRoutes)
  .route('/', versionRoutes);

export const adminTitanMapRoutes = new Hono<AppEnv>()
  .route('/tenants/:tenant', tenantRoutes)
  .route('/drift-findings', findingRoutes);
