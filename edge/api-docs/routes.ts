/**
 * @module
 * `GET /v1/openapi.json` (the OpenAPI 3.1 document, public and cacheable) and `GET /docs/api` (it,
 * rendered). Both come from the app's routes, generated once per isolate on the first request.
 */
import { Hono, type Env as HonoEnv, type Schema } from 'hono';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { AppEnv } from '../http/app-env.ts';
import { doc } from '../http/openapi.ts';
import { openApiDocument } from './document.ts';
import { apiReferencePage } from './page.ts';

/** The document changes only with a deploy; caches may keep it for a while. */
const CACHE = 'public, max-age=300, stale-while-revalidate=3600';

// Typed as a plain Hono app: the document's type is too large for the declarations the typed
// admin client is built from (tsconfig.api.json), and no client calls these two routes.
export function apiDocRoutes<E extends HonoEnv, S extends Schema, P extends string>(
  app: Hono<E, S, P>,
): Hono<AppEnv> {
  let document: Promise<OpenAPIV3_1.Document> | undefined;
  const load = () =>
    (document ??= openApiDocument(app).catch((err: unknown) => {
      document = undefined; // the next request tries again
      throw err;
    }));
  return new Hono<AppEnv>()
    .get('/v1/openapi.json', doc('API reference', 'This OpenAPI 3.1 document'), async (c) =>
      c.json(await load(), 200, { 'Cache-Control': CACHE }),
    )
    .get(
      '/docs/api',
      doc('API reference', 'This document rendered as HTML', {
        ok: { media: 'text/html', description: 'The API reference page.' },
      }),
      async (c) => {
        const { html, csp } = await apiReferencePage(await load());
        return c.html(html, 200, {
          'Cache-Control': CACHE,
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
        });
      },
    );
}
