/**
 * Duplicate deliveries: the unique constraints in D1 decide, so concurrent copies of one delivery
 * or one occurrence end as exactly one stored (and processed) event, whatever the interleaving.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { deliver, envelope, exampleData, signedHeaders, uniqueId } from '../../helpers/webhooks.ts';

async function storedCount(column: 'webhook_id' | 'occurrence_id', value: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM webhook_events WHERE ${column} = ?`)
    .bind(value)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function statusAndReason(response: Response) {
  const body = (await response.json()) as { error?: string };
  return `${response.status} ${body.error ?? 'accepted'}`;
}

describe('duplicates', () => {
  it('20 concurrent copies of one delivery store one event; the other 19 get 409', async () => {
    const body = JSON.stringify(envelope('tn.jpm.job-updated', exampleData('tn.jpm.job-updated')));
    const headers = await signedHeaders(body);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => deliver({ body, headers })),
    );
    const outcomes = await Promise.all(responses.map(statusAndReason));
    expect(outcomes.filter((o) => o === '202 accepted')).toHaveLength(1);
    expect(outcomes.filter((o) => o === '409 duplicate_webhook_id')).toHaveLength(19);
    expect(await storedCount('webhook_id', headers['webhook-id'] as string)).toBe(1);
  });

  it('20 concurrent deliveries of one occurrence under different webhook-ids store one event', async () => {
    const event = envelope('tn.jpm.job-updated', exampleData('tn.jpm.job-updated'));
    const responses = await Promise.all(
      Array.from({ length: 20 }, async () => {
        // ServiceTitan may redeliver an occurrence with a new CloudEvents id and a new delivery id.
        const body = JSON.stringify({ ...event, id: crypto.randomUUID() });
        return deliver({ body, headers: await signedHeaders(body) });
      }),
    );
    const outcomes = await Promise.all(responses.map(statusAndReason));
    expect(outcomes.filter((o) => o === '202 accepted')).toHaveLength(1);
    expect(outcomes.filter((o) => o === '409 duplicate_occurrence')).toHaveLength(19);
    expect(await storedCount('occurrence_id', event.userassignedid)).toBe(1);
  });

  it('the same webhook-id with a different body is refused as a reused id, not stored', async () => {
    const id = uniqueId();
    const first = JSON.stringify(envelope('tn.jpm.job-updated', exampleData('tn.jpm.job-updated')));
    expect(
      (await deliver({ body: first, headers: await signedHeaders(first, { id }) })).status,
    ).toBe(202);
    const other = JSON.stringify(
      envelope('tn.jpm.job-completed', exampleData('tn.jpm.job-completed')),
    );
    const res = await deliver({ body: other, headers: await signedHeaders(other, { id }) });
    expect(await statusAndReason(res)).toBe('409 webhook_id_reused');
    const { results } = await env.DB.prepare('SELECT type FROM webhook_events WHERE webhook_id = ?')
      .bind(id)
      .all<{ type: string }>();
    expect(results).toEqual([{ type: 'tn.jpm.job-updated' }]);
  });

  it('a duplicate is not processed again', async () => {
    const body = JSON.stringify(
      envelope('tn.crm.lead-created', exampleData('tn.crm.lead-created')),
    );
    const headers = await signedHeaders(body);
    await deliver({ body, headers });
    await deliver({ body, headers });
    const row = await env.DB.prepare(
      'SELECT attempts, state FROM webhook_events WHERE webhook_id = ?',
    )
      .bind(headers['webhook-id'])
      .first<{ attempts: number; state: string }>();
    expect(row).toEqual({ attempts: 1, state: 'unmatched' });
  });
});
