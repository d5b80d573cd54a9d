/**
 * Fixtures for the outcome-proof tests: a tenant copied from the demo tenant, leads received at a
 * fixed time, webhook-style outcome links, and export uploads through the admin API.
 */
import { env } from 'cloudflare:workers';
import { ADMIN, call, postLead } from '../../helpers/api.ts';
import { contact } from '../../helpers/ops.ts';

export async function leadAt(
  tenant: string,
  receivedAt: string,
  phone: string,
  email: string,
  source: Record<string, unknown> = {},
): Promise<string> {
  const id = await postLead({ tenant, source, ...contact(phone, email) });
  await env.DB.prepare('UPDATE leads SET received_at = ? WHERE id = ?').bind(receivedAt, id).run();
  return id;
}

/** What a signed webhook leaves behind once it linked a job to a lead. */
export async function linkJob(tenant: string, leadId: string, values: Record<string, unknown>) {
  const columns = Object.keys(values);
  await env.DB.prepare(
    `INSERT INTO lead_outcomes (lead_id, tenant, ${columns.join(', ')}, updated_at)
     VALUES (?, ?, ${columns.map(() => '?').join(', ')}, ?)`,
  )
    .bind(leadId, tenant, ...Object.values(values), new Date().toISOString())
    .run();
}

export async function postedInvoice(
  tenant: string,
  leadId: string,
  invoice: { id: number; jobId: number; total: string; postedAt: string },
) {
  await env.DB.prepare(
    `INSERT INTO lead_invoices (tenant, invoice_id, lead_id, job_id, total, posted_at, event_at,
       updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      tenant,
      invoice.id,
      leadId,
      invoice.jobId,
      invoice.total,
      invoice.postedAt,
      invoice.postedAt,
      invoice.postedAt,
    )
    .run();
}

export function upload(
  tenant: string,
  kind: 'jobs' | 'invoices',
  csv: string | Uint8Array,
  headers: Record<string, string> = ADMIN,
) {
  return call(`/v1/admin/outcomes/${tenant}/imports?kind=${kind}&fileName=${kind}.csv`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv' },
    body: csv,
  });
}

export type ImportResult = {
  batch: {
    id: string;
    rowsRead: number;
    rowsAccepted: number;
    rowsRejected: number;
    rejectedRows: { row: number; code: string }[];
    matches: Record<string, number>;
    ignoredColumns: string[];
  };
  outcomes: {
    recordId: number;
    leadId: string | null;
    quality: string;
    reason: string | null;
    review: string | null;
    source: string;
    total: string | null;
  }[];
  unchanged: boolean;
};
