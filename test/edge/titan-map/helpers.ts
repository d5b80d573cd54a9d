/**
 * Calls of the Titan Map admin API for the demo tenant, shared by the titan-map tests.
 */
import { ADMIN, call, sendJson } from '../../helpers/api.ts';
import { invalidateTenantContext } from '../../../edge/tenants/context.ts';

export const TENANT = 'desert-peak';
export const TM = `/v1/admin/titan-map/tenants/${TENANT}`;

export type Json = Record<string, any>;

export async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

export function importCsv(
  kind: string,
  csv: string | Uint8Array<ArrayBuffer>,
  fileName = `${kind}.csv`,
) {
  return call(`${TM}/imports?kind=${kind}&fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'text/csv' },
    body: csv,
  });
}

/** Imports a file that must be accepted and returns the response body. */
export async function importOk(kind: string, csv: string): Promise<Json> {
  const res = await importCsv(kind, csv);
  const body = await json(res);
  if (res.status !== 201)
    throw new Error(`import ${kind} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

export async function acceptAll(batchId: string): Promise<Json> {
  return json(
    await sendJson('POST', `${TM}/imports/${batchId}/review`, { decision: 'accept', all: true }),
  );
}

/** The widget config as a visitor's browser gets it (this isolate's tenant cache dropped first). */
export async function widgetConfig(): Promise<Json> {
  invalidateTenantContext(TENANT);
  const res = await call(`/v1/tenants/${TENANT}/config`);
  return json(res);
}

export function serviceBinding(config: Json, key: string): Json | null {
  return (config.services as Json[]).find((s) => s.key === key)?.titanBinding ?? null;
}
