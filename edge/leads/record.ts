/**
 * @module
 * Lead ids: derived from (tenant, submissionId), so a retried or fallback-stored lead keeps its id.
 */

/** Stable id for a (tenant, submissionId): a retried or fallback-stored lead keeps its id. */
export async function leadIdFor(tenant: string, submissionId: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${tenant}\n${submissionId}`);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hex = Array.from(hash.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
  return `ld_${hex}`;
}
