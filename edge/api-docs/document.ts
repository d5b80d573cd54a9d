/**
 * @module
 * The OpenAPI 3.1 document of the whole app, generated from the `doc()` line each route carries
 * (edge/http/openapi.ts) by hono-openapi: paths, parameters and bodies from the routes' zod
 * schemas, and the one `ApiError` shape (shared/api.ts) behind every error response.
 */
import type { Env as HonoEnv, Hono, Schema } from 'hono';
import { generateSpecs, resolver } from 'hono-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';
import { ErrorBodySchema } from '../../shared/api.ts';
import { ERROR_RESPONSES, TAGS } from '../http/openapi.ts';

const DESCRIPTION = `PageToJob's HTTP API: the public intake the widget calls, signed webhooks in,
and the operator routes the console and CLIs use. What a schema cannot say (idempotency, the
flows, what each error code means) is in docs/api.md.`;

export async function openApiDocument<E extends HonoEnv, S extends Schema, P extends string>(
  app: Hono<E, S, P>,
): Promise<OpenAPIV3_1.Document> {
  const { schema: apiError } = await resolver(ErrorBodySchema).toOpenAPISchema();
  const responses = Object.fromEntries(
    Object.values(ERROR_RESPONSES).map(([name, description]) => [
      name,
      {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
      },
    ]),
  );
  const document = await generateSpecs(app, {
    // Paths like /v1/openapi.json and /reports/leads.csv are routes, not static files.
    excludeStaticFile: false,
    documentation: {
      info: {
        title: 'PageToJob API',
        version: '1',
        description: DESCRIPTION,
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      },
      servers: [{ url: '/', description: 'The worker serving this document' }],
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      components: {
        schemas: { ApiError: apiError },
        responses,
        securitySchemes: {
          adminBearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'The global admin token, or a tenant operator token (`ptj_op_…`).',
          },
          intakeKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'A tenant intake key (`ptj_in_…`), for server-to-server intake.',
          },
        },
      },
    },
  });
  return document as OpenAPIV3_1.Document;
}
