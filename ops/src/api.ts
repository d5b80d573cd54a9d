/**
 * @module
 * The console's only way to the edge: the typed client of `/v1/admin/*` (shared/admin-api.ts)
 * with the operator's bearer token. Failures become `ApiFailure` carrying the API's error code
 * and field issues plus a hint that tells the operator what to do next (the API's message says
 * what is wrong; the hint says how to fix it).
 */
import type { ClientRequestOptions } from 'hono/client';
import { adminApi } from '../../shared/admin-api.ts';
import type { Issue } from '../../shared/api.ts';
import { currentToken, signOut } from './session.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

const HINTS: Record<string, string> = {
  unauthorized: 'Sign in again with a valid operator or admin token.',
  token_expired: 'This operator token has expired. Ask a PageToJob admin for a new one.',
  admin_token_too_short:
    'The deployment has no usable ADMIN_TOKEN (32+ characters). Set one, then sign in again.',
  secret_in_use: 'Another tenant already has this secret. Ask the sender for one per tenant.',
  forbidden_tenant: 'This token belongs to another tenant. Sign in with a token for this tenant.',
  admin_only: 'Only the global admin token can do this. Ask a PageToJob admin.',
  job_busy: 'A worker is drafting or sending this job right now. Wait a minute and retry.',
  job_changed: 'The job changed while you acted. Reload the page and try again.',
  job_closed: 'Nothing is left to do on this job.',
  invalid_body: 'Correct the highlighted fields and submit again.',
  invalid_query: 'Correct the filters and try again.',
  storage_unavailable: 'The database is briefly unavailable. Retry in a few seconds.',
};

function hintFor(status: number, code: string): string {
  if (HINTS[code]) return HINTS[code];
  if (status === 404) return 'It may have been removed, or the link is wrong. Go back to the list.';
  if (status >= 500)
    return 'Retry. If it keeps failing, check the worker logs (`npm start` output).';
  return 'Check the input and try again.';
}

/**
 * Every call's transport: adds the session's token unless the call brings its own (sign-in
 * trying a new one), and turns a refusal or an unreachable server into `ApiFailure`.
 */
async function adminFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const ownToken = headers.has('authorization');
  if (!ownToken) headers.set('authorization', `Bearer ${currentToken() ?? ''}`);
  let res: Response;
  try {
    res = await fetch(input, { ...init, headers });
  } catch {
    throw new ApiFailure(
      0,
      'network_error',
      'The PageToJob server could not be reached.',
      'Check your connection and that the server is running (`npm start`), then retry.',
    );
  }
  if (res.ok) return res;
  let body: { error?: string; message?: string; issues?: Issue[] } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not our JSON error shape (e.g. a proxy page): fall back to the status
  }
  const code = body.error ?? `http_${res.status}`;
  // A token that stopped working (revoked) ends the session rather than failing every page.
  if (res.status === 401 && !ownToken) signOut();
  throw new ApiFailure(
    res.status,
    code,
    body.message ?? `The server answered ${res.status}.`,
    hintFor(res.status, code),
    body.issues,
  );
}

/** `/v1/admin` as a typed client: `api.leads[':id'].$get({ param: { id } })`. */
export const api = adminApi('/', adminFetch);

/** Call options trying `token` instead of the session's (sign-in). */
export function withToken(token: string): ClientRequestOptions {
  return { headers: { authorization: `Bearer ${token}` } };
}

/** Downloads an admin CSV (a typed client call), named as the server says. */
export async function downloadCsv(
  call: Promise<{ headers: Headers; blob(): Promise<Blob> }>,
  fallbackName: string,
) {
  const res = await call;
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = name ?? fallbackName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

export { read, withCsv, withJson, withQuery, type Query } from '../../shared/admin-api.ts';
