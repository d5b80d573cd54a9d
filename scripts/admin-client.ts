/**
 * @module
 * What the admin CLIs (titan-map, tenant) share: where the admin token comes from and one JSON
 * (or CSV) request to `/v1/admin/*`. A refusal throws `AdminApiError` with the status and the
 * API's error body, so each CLI prints it and exits 1.
 */
import { readFile } from 'node:fs/promises';

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

export interface AdminCall {
  method: string;
  /** The path from `/v1/admin/` on, e.g. `/tenants/desert-peak`. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  csv?: Uint8Array<ArrayBuffer>;
}

export async function adminRequest(base: string, token: string, call: AdminCall): Promise<unknown> {
  const url = new URL(`/v1/admin${call.path}`, base);
  for (const [key, value] of Object.entries(call.query ?? {}))
    if (value) url.searchParams.set(key, value);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (call.csv) [headers['content-type'], body] = ['text/csv; charset=utf-8', call.csv];
  else if (call.body !== undefined)
    [headers['content-type'], body] = ['application/json', JSON.stringify(call.body)];
  const response = await fetch(url, { method: call.method, headers, body });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { error: 'not_json', message: text.slice(0, 200) };
  }
  if (!response.ok) throw new AdminApiError(response.status, json);
  return json;
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
