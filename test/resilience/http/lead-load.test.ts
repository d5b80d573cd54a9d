/**
 * Load over HTTP against `wrangler dev`: 2,000 leads from 16 concurrent clients, a fifth of them
 * resubmissions of a submission id already sent (often while the original is in flight). Every
 * distinct submission must be stored exactly once, with zero errors. First, the premise of
 * simulating many visitors from one machine: `wrangler dev` passes the client's
 * `CF-Connecting-IP` through, so the per-address rate limit sees each visitor on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLead } from '../../helpers/leads.ts';
import { inPool, listAllLeads, postLeadTo, visitorIp, type LeadAnswer } from './lead-client.ts';
import { startDevServer, type DevServer } from '../../servers/wrangler-dev.ts';

const DISTINCT = 1_600;
const RESUBMISSIONS = 400;
const CLIENTS = 16;

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer();
});
afterAll(() => server?.dispose());

describe('client addresses under wrangler dev', () => {
  it('passes a client-supplied CF-Connecting-IP through: limits apply per simulated visitor', async () => {
    // 30 per (tenant, address) per 60 s (wrangler.toml), in windows aligned to the minute
    // (miniflare's limiter): start well inside one, so the 31 requests share a window.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
    // One address is cut off after 30...
    const one = await inPool(
      Array.from({ length: 31 }, () => demoLead()),
      4,
      (lead) => postLeadTo(server.origin, lead, '203.0.113.7'),
    );
    expect(one.filter((a) => a.status === 202)).toHaveLength(30);
    expect(one.filter((a) => a.status === 429).map((a) => a.body.error)).toEqual(['rate_limited']);
    // ...while another address, from the same machine, is not.
    expect((await postLeadTo(server.origin, demoLead(), '203.0.113.8')).status).toBe(202);
  });
});

describe('lead intake under load', () => {
  it('stores every distinct submission exactly once, with zero errors', async () => {
    const originals = Array.from({ length: DISTINCT }, (_, visitor) => ({
      visitor,
      lead: demoLead(),
    }));
    // A resubmission comes from the same visitor (same address), as a widget's retry does.
    const resubmissions = Array.from(
      { length: RESUBMISSIONS },
      () => originals[Math.floor(Math.random() * DISTINCT)]!,
    );
    const submissions = [...originals, ...resubmissions].sort(() => Math.random() - 0.5);

    const answers = await inPool(submissions, CLIENTS, ({ visitor, lead }) =>
      postLeadTo(server.origin, lead, visitorIp(visitor)),
    );

    const errors = answers.filter((a) => a.status !== 202);
    expect(errors, JSON.stringify(errors.slice(0, 3))).toEqual([]);

    const bySubmission = new Map<string, LeadAnswer[]>();
    submissions.forEach(({ lead }, i) => {
      const list = bySubmission.get(lead.submissionId) ?? [];
      bySubmission.set(lead.submissionId, [...list, answers[i]!]);
    });
    expect(bySubmission.size).toBe(DISTINCT);
    for (const list of bySubmission.values()) {
      expect(new Set(list.map((a) => a.body.leadId)).size).toBe(1);
      expect(list.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    }

    const stored = (await listAllLeads(server)).filter((l) => bySubmission.has(l.submissionId));
    expect(stored).toHaveLength(DISTINCT);
    expect(new Set(stored.map((l) => l.submissionId))).toEqual(new Set(bySubmission.keys()));
    const acknowledgedIds = [...bySubmission.values()].map((list) => list[0]!.body.leadId);
    expect(new Set(stored.map((l) => l.id))).toEqual(new Set(acknowledgedIds));
  }, 300_000);
});
