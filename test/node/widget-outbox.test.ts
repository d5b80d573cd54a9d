/**
 * The outbox (widget/src/outbox.ts) and the sender (transport.ts): written before sending,
 * removed only after a 2xx or an answer no resend can change (400, 404 unknown tenant, 413, 422),
 * retried with backoff on anything else, kept at most 7 days, persisted across page loads,
 * handed to sendBeacon on pagehide.
 */
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  createOutbox,
  MAX_AGE_MS,
  MAX_BACKOFF_MS,
  OUTBOX_KEY,
  type OutboxEntry,
  type Settled,
} from '../../widget/src/outbox.ts';
import type { StorageLike } from '../../widget/src/storage.ts';
import { createSender, type SendOutcome } from '../../widget/src/transport.ts';

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

const entry = (id: string) => ({
  id,
  url: 'https://w.example/v1/leads',
  body: `{"tenant":"t","submissionId":"${id}"}`,
  // Submitted when the harness clock starts.
  at: 1_000_000,
});

function harness(outcomes: SendOutcome[], storage: StorageLike | null = memoryStorage()) {
  const clock = { now: 1_000_000 };
  const sent: string[] = [];
  const outbox = createOutbox({
    storage,
    now: () => clock.now,
    send: async (_url, body) => {
      sent.push(JSON.parse(body).submissionId);
      return outcomes.shift() ?? { kind: 'retry' };
    },
  });
  return { outbox, clock, sent, storage };
}

describe('outbox', () => {
  it('persists an entry before anything is sent, and a new page load sees it', () => {
    const { outbox, storage, sent } = harness([]);
    outbox.add(entry('sub-00000001'));
    expect(sent).toEqual([]);
    const reloaded = createOutbox({ storage, now: () => 0, send: async () => ({ kind: 'retry' }) });
    expect(reloaded.entries().map((e) => e.id)).toEqual(['sub-00000001']);
  });

  it('removes an entry only after a 2xx, keeping it with backoff on failure', async () => {
    const { outbox, clock, sent } = harness([
      { kind: 'retry' },
      { kind: 'retry', retryAfterMs: 30_000 },
      { kind: 'sent', accepted: { leadId: 'ld_1' } },
    ]);
    const settled: [string, Settled][] = [];
    outbox.add(entry('sub-00000002'));
    expect(await outbox.flush(false, (e, o) => settled.push([e.id, o]))).toBe(2000);
    expect(outbox.entries()[0]).toMatchObject({ next: clock.now + 2000 });

    // Not due yet: nothing is sent.
    clock.now += 1999;
    expect(await outbox.flush(false, () => {})).toBe(1);
    expect(sent).toHaveLength(1);

    // A 429/503 Retry-After longer than the backoff wins.
    clock.now += 1;
    expect(await outbox.flush(false, () => {})).toBe(30_000);
    expect(outbox.entries()[0]!.next).toBe(clock.now + 30_000);

    // `online` and page loads flush regardless of the schedule.
    expect(await outbox.flush(true, (e, o) => settled.push([e.id, o]))).toBe(Infinity);
    expect(outbox.entries()).toEqual([]);
    expect(settled).toEqual([['sub-00000002', { kind: 'sent', accepted: { leadId: 'ld_1' } }]]);
    expect(sent).toEqual(['sub-00000002', 'sub-00000002', 'sub-00000002']);
  });

  it('drops an answer no resend can change (400, 404, 413, 422) and reports it', async () => {
    const issues = [{ path: ['contact', 'phone'], code: 'invalid_phone', message: 'x' }];
    const { outbox } = harness([
      { kind: 'rejected', issues },
      { kind: 'rejected', issues: [] },
    ]);
    outbox.add(entry('sub-00000003'));
    outbox.add(entry('sub-00000013'));
    const settled: [string, Settled][] = [];
    await outbox.flush(true, (e, o) => settled.push([e.id, o]));
    expect(settled).toEqual([
      ['sub-00000003', { kind: 'rejected', issues }],
      ['sub-00000013', { kind: 'rejected', issues: [] }],
    ]);
    expect(outbox.entries()).toEqual([]);
  });

  it('drops an entry 7 days after submit without sending it, and reports it', async () => {
    const { outbox, clock, sent } = harness([]);
    outbox.add({ ...entry('sub-00000020'), at: clock.now - MAX_AGE_MS });
    outbox.add({ ...entry('sub-00000021'), at: clock.now - MAX_AGE_MS + 1 });
    const settled: [string, Settled][] = [];
    await outbox.flush(true, (e, o) => settled.push([e.id, o]));
    expect(settled).toEqual([['sub-00000020', { kind: 'expired' }]]);
    expect(sent).toEqual(['sub-00000021']);
    expect(outbox.entries().map((e) => e.id)).toEqual(['sub-00000021']);
    // Still failing a millisecond later: it is past its age on the next flush.
    clock.now += 1;
    await outbox.flush(false, (e, o) => settled.push([e.id, o]));
    expect(settled.at(-1)).toEqual(['sub-00000021', { kind: 'expired' }]);
    expect(sent).toHaveLength(1);
    expect(outbox.entries()).toEqual([]);
  });

  it('counts a stored entry without a submit time as expired', async () => {
    const storage = memoryStorage();
    const { at: _at, ...timeless } = entry('sub-00000022');
    storage.setItem(OUTBOX_KEY, JSON.stringify([{ ...timeless, tries: 3, next: 0 }]));
    const { outbox, sent } = harness([], storage);
    const settled: Settled[] = [];
    await outbox.flush(true, (_e, o) => settled.push(o));
    expect(settled).toEqual([{ kind: 'expired' }]);
    expect(sent).toEqual([]);
  });

  it('delivers one entry directly and leaves the others alone', async () => {
    const { outbox } = harness([{ kind: 'sent', accepted: {} }]);
    outbox.add(entry('sub-0000000a'));
    outbox.add(entry('sub-0000000b'));
    const direct = outbox.entries().find((e) => e.id === 'sub-0000000b')!;
    expect(await outbox.deliver(direct)).toEqual({ kind: 'sent', accepted: {} });
    expect(outbox.entries().map((e) => e.id)).toEqual(['sub-0000000a']);
  });

  it('replaces an older copy of the same submission instead of adding a second', () => {
    const { outbox } = harness([]);
    outbox.add(entry('sub-00000004'));
    outbox.add({ ...entry('sub-00000004'), body: '{"submissionId":"sub-00000004","v":2}' });
    expect(outbox.entries()).toHaveLength(1);
    expect(outbox.entries()[0]!.body).toContain('"v":2');
  });

  it('hands every pending entry to the beacon on pagehide and keeps them', () => {
    const { outbox } = harness([]);
    outbox.add(entry('sub-00000005'));
    outbox.add(entry('sub-00000006'));
    const beacons: string[] = [];
    outbox.beaconAll(
      (url, body) => (beacons.push(`${url} ${JSON.parse(body).submissionId}`), true),
    );
    expect(beacons).toEqual([
      'https://w.example/v1/leads sub-00000005',
      'https://w.example/v1/leads sub-00000006',
    ]);
    expect(outbox.entries()).toHaveLength(2);
  });

  it('ignores corrupted or foreign storage content', () => {
    const storage = memoryStorage();
    storage.setItem(OUTBOX_KEY, '{oops');
    expect(harness([], storage).outbox.entries()).toEqual([]);
    storage.setItem(
      OUTBOX_KEY,
      JSON.stringify([null, 3, { id: 7 }, { ...entry('sub-00000007'), tries: 0, next: 0 }]),
    );
    expect(
      harness([], storage)
        .outbox.entries()
        .map((e: OutboxEntry) => e.id),
    ).toEqual(['sub-00000007']);
  });

  it('keeps working in memory when storage is blocked or full', async () => {
    const full: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    for (const storage of [full, null]) {
      const { outbox } = harness([{ kind: 'retry' }, { kind: 'sent', accepted: {} }], storage);
      outbox.add(entry('sub-00000008'));
      await outbox.flush(true, () => {});
      expect(outbox.entries()).toHaveLength(1);
      await outbox.flush(true, () => {});
      expect(outbox.entries()).toHaveLength(0);
    }
  });

  it('backs off exponentially from the submit time up to five minutes', async () => {
    expect(backoffMs(0)).toBe(2000);
    expect(backoffMs(3000)).toBe(3000);
    expect(backoffMs(60 * 60_000)).toBe(MAX_BACKOFF_MS);
    expect(backoffMs(2000, 60_000)).toBe(60_000);
    // Failing all along: attempts 2 s, 4 s, 8 s, 16 s … after submit, then every 5 minutes.
    const { outbox, clock } = harness([]);
    const start = clock.now;
    outbox.add(entry('sub-00000009'));
    const attempts: number[] = [];
    for (let i = 0; i < 12; i++) {
      attempts.push(clock.now - start);
      clock.now += await outbox.flush(false, () => {});
    }
    expect(attempts.slice(0, 6)).toEqual([0, 2000, 4000, 8000, 16_000, 32_000]);
    expect(attempts[11]! - attempts[10]!).toBe(MAX_BACKOFF_MS);
  });
});

describe('createSender', () => {
  const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    (async () =>
      new Response(JSON.stringify(body), { status, headers })) as unknown as typeof fetch;

  it('sends text/plain (a CORS simple request, like sendBeacon) with keepalive and no credentials', async () => {
    let init: RequestInit | undefined;
    const send = createSender((async (_url: string, i: RequestInit) => {
      init = i;
      return new Response('{"leadId":"ld_1","status":"received","duplicate":false}', {
        status: 202,
      });
    }) as unknown as typeof fetch);
    expect(await send('https://w.example/v1/leads', '{"a":1}')).toEqual({
      kind: 'sent',
      accepted: { leadId: 'ld_1', status: 'received', duplicate: false },
    });
    expect(init).toMatchObject({
      method: 'POST',
      body: '{"a":1}',
      credentials: 'omit',
      keepalive: true,
    });
    expect(new Request('https://w.example', init).headers.get('content-type')).toBe(
      'text/plain;charset=UTF-8',
    );
  });

  it('classifies refusals, rate limits, outages and network errors', async () => {
    const issues = [{ path: ['contact', 'email'], code: 'invalid_email', message: 'x' }];
    expect(
      await createSender(respond(422, { error: 'contact_required', issues }))('u', 'b'),
    ).toEqual({ kind: 'rejected', issues });
    // Answers no resend of the same bytes can change.
    for (const [status, error] of [
      [400, 'bad_request'],
      [404, 'unknown_tenant'],
      [413, 'payload_too_large'],
    ] as const) {
      expect(await createSender(respond(status, { error }))('u', 'b')).toEqual({
        kind: 'rejected',
        issues: [],
      });
    }
    // A 2xx without a lead id is a captive portal's or a proxy's page, not a delivery.
    expect(await createSender(respond(200, {}))('u', 'b')).toEqual({
      kind: 'retry',
      retryAfterMs: 0,
    });
    // A 404 that is not the edge's (a proxy, a captive portal), timeouts and anything else: retry.
    for (const status of [404, 408, 401, 403, 500, 502, 504]) {
      expect(await createSender(respond(status, {}))('u', 'b')).toEqual({
        kind: 'retry',
        retryAfterMs: 0,
      });
    }
    expect(await createSender(respond(429, {}, { 'retry-after': '60' }))('u', 'b')).toEqual({
      kind: 'retry',
      retryAfterMs: 60_000,
    });
    expect(await createSender(respond(503, {}))('u', 'b')).toEqual({
      kind: 'retry',
      retryAfterMs: 0,
    });
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await createSender(offline)('u', 'b')).toEqual({ kind: 'retry' });
  });
});
