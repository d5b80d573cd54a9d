/**
 * @module
 * What the admin CLIs (titan-map, tenant) share: where the admin token comes from and the typed
 * client of `/v1/admin/*` (the console's, shared/admin-api.ts). A refusal throws `AdminApiError`
 * with the status and the API's error body, so each CLI prints it and exits 1.
 */
import { readFile } from 'node:fs/promises';
import { adminApi, type AdminApi } from '../shared/admin-api.ts';

export class UsageError extends Error {}

export class AdminApiError extends Error {
  readonly status: number;
  readonly json: unknown;

  // Plain fields, not parameter properties: Node runs these scripts with type stripping only.
  constructor(status: number, json: unknown) {
    super('api');
    this.status = status;
    this.json = json;
  }
}

/** `--token`, else $PAGETOJOB_ADMIN_TOKEN, else ADMIN_TOKEN in ./.dev.vars. */
export async function adminToken(flag: string | undefined): Promise<string> {
  if (flag) return flag;
  if (process.env.PAGETOJOB_ADMIN_TOKEN) return process.env.PAGETOJOB_ADMIN_TOKEN;
  const vars = await readFile('.dev.vars', 'utf8').catch(() => '');
  const token = /^ADMIN_TOKEN=(.*)$/m
    .exec(vars)?.[1]
    ?.trim()
    .replace(/^["']|["']$/g, '');
  if (!token)
    throw new UsageError(
      'no admin token: pass --token, set PAGETOJOB_ADMIN_TOKEN or create .dev.vars',
    );
  return token;
}

/**
 * `/v1/admin` of the server at `base` as the typed client (shared/admin-api.ts) with `token`: a
 * refusal throws `AdminApiError` with the status and the API's error body.
 */
export function adminClient(base: string, token: string): AdminApi {
  return adminApi(base, async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    const response = await fetch(input, { ...init, headers });
    if (response.ok) return response;
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { error: 'not_json', message: text.slice(0, 200) };
    }
    throw new AdminApiError(response.status, json);
  });
}

/** Prints why a CLI command failed and returns its exit status: 2 bad usage, 1 refused or down. */
export function reportFailure(error: unknown, usage: string, url: string): number {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${usage}`);
    return 2;
  }
  if (!(error instanceof AdminApiError)) {
    console.error(`cannot reach ${url}: ${(error as Error).message}`);
    return 1;
  }
  const body = (error.json ?? {}) as {
    error?: string;
    message?: string;
    issues?: { path: (string | number)[]; message: string }[];
  };
  console.error(`HTTP ${error.status} ${body.error ?? ''}: ${body.message ?? ''}`);
  for (const issue of body.issues ?? [])
    console.error(`  ${issue.path.join('.')}: ${issue.message}`);
  return 1;
}
