/**
 * @module
 * The typed client of `/v1/admin/*` that the console and the CLIs share: `hc<AppType>` from
 * `hono/client`, so paths, path params and response bodies come from the edge's route table
 * (`AppType`, emitted as declarations by `tsconfig.api.json`) and a caller reading a field the
 * edge does not send fails the typecheck. Each caller brings its `fetch`: the token and how a
 * refusal is reported (the console's `ApiFailure` with a hint, the CLIs' exit status).
 *
 * Request bodies and query strings are not in the types: the edge validates them inside each
 * handler with the shared zod schemas (its own error shape, body limits), not with Hono's
 * validator middleware, so `withJson` and `withQuery` pass them through (decision 0082).
 */
import { hc, parseResponse, type ClientRequestOptions } from 'hono/client';
import type { AppType } from '../dist/api-types/edge/app.d.ts';

/** Filters as callers hold them: a blank, null or undefined value means "no filter". */
export type Query = Record<string, string | number | undefined | null>;

function searchParams(query: Query): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  return params;
}

/** `/v1/admin` of the server at `base` (`'/'`: this origin), every call through `fetch`. */
export function adminApi(base: string, fetch: typeof globalThis.fetch) {
  return hc<AppType>(base, {
    fetch,
    buildSearchParams: (query) => searchParams(query as Query),
  }).v1.admin;
}

export type AdminApi = ReturnType<typeof adminApi>;

/**
 * The body of a call that succeeded, typed by the route (`undefined` for a 204). The caller's
 * `fetch` has already thrown for a refusal, so this only parses.
 */
export const read = parseResponse;

/** A call's args with filters (the types list no query: see the module note). */
export function withQuery<A extends object>(args: A, query: Query): A {
  return { ...args, query };
}

/** Call options for a CSV upload (a ServiceTitan export), sent as it is. */
export function withCsv(csv: Blob | Uint8Array<ArrayBuffer>): ClientRequestOptions {
  return { headers: { 'content-type': 'text/csv; charset=utf-8' }, init: { body: csv } };
}

/** Call options for a JSON body (the edge validates it with the route's shared schema). */
export function withJson(body: unknown): ClientRequestOptions {
  return { headers: { 'content-type': 'application/json' }, init: { body: JSON.stringify(body) } };
}
