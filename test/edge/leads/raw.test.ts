/**
 * What a lead keeps of its request in `raw` (edge/leads/raw.ts): the parts that failed validation,
 * nothing else, at most 8 KiB of JSON with the cut marked.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { RAW_LIMIT, rawForReview, TRUNCATED_KEY } from '../../../edge/leads/raw.ts';
import { ADMIN, call, postJson } from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';

async function post(body: Record<string, unknown>) {
  const res = await postJson('/v1/leads', body);
  expect(res.status).toBe(202);
  const { leadId } = (await res.json()) as { leadId: string };
  const stored = await env.DB.prepare(
    'SELECT raw, length(CAST(raw AS BLOB)) AS bytes, review_reasons FROM leads WHERE id = ?',
  )
    .bind(leadId)
    .first<{ raw: string; bytes: number; review_reasons: string }>();
  return { leadId, raw: JSON.parse(stored!.raw) as Record<string, any>, bytes: stored!.bytes };
}

const bytesOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

describe('POST /v1/leads: raw', () => {
  it('keeps nothing of a valid lead, unknown keys included', async () => {
    const { raw } = await post({ ...demoLead(), padding: 'x'.repeat(50_000), extra: { a: 1 } });
    expect(raw).toEqual({});
  });

  it('keeps the parts that failed, as sent, and drops the rest', async () => {
    const { leadId, raw } = await post({
      ...demoLead(),
      notes: 42,
      urgency: 'whenever',
      submissionId: 'x',
      padding: 'x'.repeat(1000),
    });
    expect(raw).toEqual({ notes: 42, urgency: 'whenever', submissionId: 'x' });
    // The lead's own page shows it to the reviewer.
    const res = await call(`/v1/admin/leads/${leadId}`, { headers: ADMIN });
    expect(((await res.json()) as any).lead.raw).toEqual(raw);
  });

  it('caps what it keeps at 8 KiB, keeping small parts whole and marking the cut', async () => {
    const notes = 'n'.repeat(60_000);
    const { raw, bytes } = await post({ ...demoLead(), notes, urgency: 'whenever' });
    expect(bytes).toBeLessThanOrEqual(RAW_LIMIT);
    expect(raw.urgency).toBe('whenever');
    expect(raw[TRUNCATED_KEY]).toEqual({
      parts: ['notes'],
      bytes: bytesOf({ urgency: 'whenever', notes }),
    });
    // What is left of the cut part is the start of its JSON text.
    expect(JSON.stringify(notes).startsWith(raw.notes)).toBe(true);
    expect(raw.notes.length).toBeGreaterThan(RAW_LIMIT / 2);
  });
});

describe('rawForReview', () => {
  it('stays within the limit when the kept text escapes to more bytes than it has', async () => {
    // Quotes and line breaks double when escaped; é is two bytes; 😀 is a surrogate pair.
    const body = { notes: '"é\n😀'.repeat(5_000), address: { street: '\\'.repeat(9_000) } };
    const raw = rawForReview(body, ['notes', 'address']);
    expect(bytesOf(raw)).toBeLessThanOrEqual(RAW_LIMIT);
    expect(raw[TRUNCATED_KEY]).toEqual({ parts: ['notes', 'address'], bytes: bytesOf(body) });
    const notes = raw.notes as string;
    expect(JSON.stringify(body.notes).startsWith(notes)).toBe(true);
    // Cut between code points, never inside a surrogate pair.
    expect(notes).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('keeps everything when it fits', async () => {
    const body = { notes: 'short', urgency: 'x' };
    expect(rawForReview(body, ['notes', 'urgency'])).toEqual(body);
  });
});
