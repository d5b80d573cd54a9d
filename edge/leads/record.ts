/**
 * @module
 * Lead ids: derived from (tenant, submissionId), so a retried or fallback-stored lead keeps its id.
 */
import { sha256Hex } from '../lib/encoding.ts';

/** Stable id for a (tenant, submissionId): a retried or fallback-stored lead keeps its id. */
export async function leadIdFor(tenant: string, submissionId: string): Promise<string> {
  return `ld_${await sha256Hex(`${tenant}\n${submissionId}`, 12)}`;
}
