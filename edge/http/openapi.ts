/**
 * @module
 * What each route says about itself in the OpenAPI 3.1 document (`GET /v1/openapi.json`): one
 * `doc(tag, summary, {…})` line before the handler, with the zod schemas the handler already
 * validates with. Nothing here validates or changes a request: `doc` is hono-openapi's
 * `describeRoute` (a pass-through middleware carrying the description), and every schema is turned
 * into JSON Schema only when the document is generated, never when the isolate starts.
 */
import { describeRoute, resolver } from 'hono-openapi';
import type { MiddlewareHandler } from 'hono';
import type { OpenAPIV3_1 } from 'openapi-types';
import * as z from 'zod/mini';

/** The error responses routes can give, each a `#/components/responses/<name>` in the `ApiError` shape. */
export const ERROR_RESPONSES = {
  400: ['BadRequest', 'A query parameter, cursor or path value is invalid (`issues` names it).'],
  401: ['Unauthorized', 'The bearer token is missing, unknown or revoked.'],
  403: ['Forbidden', 'The token may not act on this tenant, or only the global admin may.'],
  404: ['NotFound', 'No such tenant, record or route.'],
  409: ['Conflict', 'The record is not in a state that allows this, or changed meanwhile.'],
  413: ['PayloadTooLarge', 'The body is over the route’s size cap.'],
  415: ['UnsupportedMediaType', 'The body is not of the content type this route reads.'],
  422: ['UnprocessableEntity', 'The body is not JSON, or some fields are invalid (`issues`).'],
  429: ['TooManyRequests', 'Too many requests from this client; see `Retry-After`.'],
  503: [
    'ServiceUnavailable',
    'Storage or a needed secret is unavailable; retry after `Retry-After`.',
  ],
} as const satisfies Record<number, readonly [string, string]>;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;

/** One tag per feature; the document lists them in this order, with these descriptions. */
export const TAGS = {
  Leads: 'Public lead intake, the widget’s config and form tokens.',
  Webhooks: 'Signed ServiceTitan events in (Standard Webhooks).',
  'API reference': 'This document and its rendered page.',
  Tenants: 'Tenants, their settings drafts, versions and widget config.',
  'Lead review': 'Operator reads of leads and the spam review.',
  'Intake keys': 'Server-to-server keys for the public intake.',
  'Operator tokens': 'Tenant-scoped console tokens.',
  Reports: 'Lead reports, the proof packet, exports and conversion files.',
  Outcomes: 'Imported job outcomes and their review.',
  Lifecycle: 'Retention, erasure of a lead or a contact.',
  Handoff: 'Sync jobs and ServiceTitan connections.',
  'Titan Map': 'Imports, published maps, bindings, suggestions and drift.',
  'Webhook admin': 'Received and rejected webhook events, webhook secrets.',
  Notifications: 'Office alerts and outbound webhook channels, their deliveries.',
} as const;

export type Tag = keyof typeof TAGS;

type Schema = z.ZodMiniType;
type Media = { media: string; description: string };

export interface RouteDoc {
  description?: string;
  /** The query schema the handler parses with `parseQuery` (each property one parameter). */
  query?: Schema;
  /** The JSON body schema the handler parses with `parseBody`/`readJson`, or a non-JSON body. */
  body?: Schema | Media;
  /** The success status (200 unless said). */
  status?: 200 | 201 | 202 | 204;
  /** The success body's schema where one exists, or its media type (e.g. CSV) and description. */
  ok?: Schema | Media | string;
  /** Error statuses beyond those implied: 400 with `query`, 413 and 422 with `body`. */
  errors?: ErrorStatus[];
  /** More responses (e.g. 304) or headers this route reads. */
  responses?: OpenAPIV3_1.ResponsesObject;
  headers?: OpenAPIV3_1.ParameterObject[];
  /** Who may call it; none (public) unless said. */
  security?: OpenAPIV3_1.SecurityRequirementObject[];
}

function isMedia(value: Schema | Media): value is Media {
  return 'media' in value;
}

/** Each property of a query schema as one `in: query` parameter (query strings are flat). */
export function queryParameters(schema: Schema): OpenAPIV3_1.ParameterObject[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, OpenAPIV3_1.SchemaObject>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      in: 'query',
      name,
      schema: rest as OpenAPIV3_1.ParameterObject['schema'],
      ...(description !== undefined && { description }),
      ...(json.required?.includes(name) && { required: true }),
    };
  });
}

export const errorRef = (status: ErrorStatus): OpenAPIV3_1.ReferenceObject => ({
  $ref: `#/components/responses/${ERROR_RESPONSES[status][0]}`,
});

const SUCCESS = { 200: 'OK.', 201: 'Created.', 202: 'Accepted.', 204: 'Done; no body.' } as const;

function successResponse(route: RouteDoc) {
  const { ok } = route;
  const description = SUCCESS[route.status ?? 200];
  if (ok === undefined || typeof ok === 'string') return { description: ok ?? description };
  if (isMedia(ok))
    return { description: ok.description, content: { [ok.media]: { schema: { type: 'string' } } } };
  return { description, content: { 'application/json': { schema: resolver(ok) } } };
}

function requestBody(body: Schema | Media) {
  if (isMedia(body)) {
    const schema = { type: 'string' as const };
    return { required: true, description: body.description, content: { [body.media]: { schema } } };
  }
  return { required: true, content: { 'application/json': { schema: resolver(body) } } };
}

/**
 * The route's description: `.get('/', doc('Reports', 'Lead report', { query: ReportQuerySchema }),
 * handler)`. The handler's types are untouched (the typed client reads them).
 */
export function doc(tag: Tag, summary: string, route: RouteDoc = {}): MiddlewareHandler {
  const errors = new Set<ErrorStatus>(route.errors);
  if (route.query) errors.add(400);
  if (route.body) errors.add(413).add(route.body && isMedia(route.body) ? 415 : 422);
  const responses: OpenAPIV3_1.ResponsesObject = {
    [route.status ?? 200]: successResponse(route),
    ...route.responses,
  };
  for (const status of [...errors].sort()) responses[status] = errorRef(status);
  const spec = {
    tags: [tag],
    summary,
    ...(route.description && { description: route.description }),
    // Public unless said (operator routes add their bearer in edge/app.ts).
    security: route.security ?? [],
    ...(route.body && { requestBody: requestBody(route.body) }),
    responses,
  };
  const { query, headers } = route;
  if (query || headers) {
    // A getter, so the query schema becomes parameters when the document is generated.
    Object.defineProperty(spec, 'parameters', {
      enumerable: true,
      get: () => [...(headers ?? []), ...(query ? queryParameters(query) : [])],
    });
  }
  return describeRoute(spec as Parameters<typeof describeRoute>[0]);
}

/** The body of the CSV imports (Titan Map exports, outcome exports). */
export const CSV_BODY: Media = {
  media: 'text/csv',
  description: 'The exported CSV file itself, with `Content-Type: text/csv`.',
};

/** The Standard Webhooks v1 headers every signed event carries. */
export const WEBHOOK_HEADERS: OpenAPIV3_1.ParameterObject[] = [
  ['webhook-id', 'The message id; the same id again is a duplicate.'],
  ['webhook-timestamp', 'Unix seconds; outside the tolerance window is refused.'],
  ['webhook-signature', 'Space-separated `v1,<base64 HMAC-SHA256>` of `id.timestamp.body`.'],
].map(([name, description]) => ({
  in: 'header',
  name: name as string,
  description,
  required: true,
  schema: { type: 'string' },
}));
