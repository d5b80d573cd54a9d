/**
 * @module
 * The one error shape every route answers with: `{"error": "<code>", "message": "…", "issues"?: [...]}`.
 * Handlers throw `ApiError`; `onError` (below) turns it, Hono's own `HTTPException`s and anything
 * unexpected into that shape, so no route can leak a stack trace or answer bad input with a 500.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Issue } from '../../shared/api.ts';

export class ApiError extends HTTPException {
  readonly code: string;
  readonly issues: Issue[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    extra: { issues?: Issue[]; headers?: Record<string, string> } = {},
  ) {
    super(status, { message });
    this.code = code;
    this.issues = extra.issues;
    this.headers = extra.headers;
  }
}

// Codes for statuses that Hono or the platform raise without our ApiError (e.g. bodyLimit's 413).
const CODE_BY_STATUS: Partial<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export function onError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    const body = {
      error: err.code,
      message: err.message,
      ...(err.issues && { issues: err.issues }),
    };
    return c.json(body, err.status, err.headers);
  }
  if (err instanceof HTTPException) {
    const code = CODE_BY_STATUS[err.status] ?? 'http_error';
    return c.json({ error: code, message: err.message || code.replaceAll('_', ' ') }, err.status);
  }
  // Unexpected: log the type and message only (never request bodies), answer without internals.
  console.error('unhandled error', err.name, err.message);
  return c.json({ error: 'internal_error', message: 'Something went wrong on our side.' }, 500);
}

export function notFound(c: Context): Response {
  return c.json({ error: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` }, 404);
}
