/**
 * The outbox (widget/src/outbox.ts) and the sender (transport.ts): written before sending,
 * removed only after a 2xx (or a 422 no resend can fix), retried with backoff, persisted across
 * page loads, handed to sendBeacon on pagehide.
 */
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  createOutbox,
  MAX_BACKOFF_MS,
  OUTBOX_KEY,
  type OutboxEntry,
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
  at: 1,
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
    const settled: [string, SendOutcome][] = [];
    outbox.add(entry('sub-00000002'));
    expect(await outbox.flush(false, (e, o) => settled.push([e.id, o]))).toBe(2000);
    expect(outbox.entries()[0]).toMatchObject({ tries: 1, next: clock.now + 2000 });

    // Not due yet: nothing is sent.
    clock.now += 1999;
    expect(await outbox.flush(false, () => {})).toBe(1);
    expect(sent).toHaveLength(1);

    // A 429/503 Retry-After longer than the backoff wins.
    clock.now += 1;
    expect(await outbox.flush(false, () => {})).toBe(30_000);
    expect(outbox.entries()[0]!.tries).toBe(2);

    // `online` and page loads flush regardless of the schedule.
    expect(await outbox.flush(true, (e, o) => settled.push([e.id, o]))).toBeNull();
    expect(outbox.entries()).toEqual([]);
    expect(settled).toEqual([['sub-00000002', { kind: 'sent', accepted: { leadId: 'ld_1' } }]]);
    expect(sent).toEqual(['sub-00000002', 'sub-00000002', 'sub-00000002']);
  });

  it('drops a 422 (the edge refused these exact bytes) and reports it', async () => {
    const issues = [{ path: ['contact', 'phone'], code: 'invalid_phone', message: 'x' }];
    const { outbox } = harness([{ kind: 'rejected', issues }]);
    outbox.add(entry('sub-00000003'));
    const settled: SendOutcome[] = [];
    await outbox.flush(true, (_e, o) => settled.push(o));
    expect(settled).toEqual([{ kind: 'rejected', issues }]);
    expect(outbox.entries()).toEqual([]);
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

  it('backs off exponentially up to five minutes', () => {
    expect([1, 2, 3, 4].map((tries) => backoffMs(tries))).toEqual([2000, 4000, 8000, 16000]);
    expect(backoffMs(20)).toBe(MAX_BACKOFF_MS);
    expect(backoffMs(1, 60_000)).toBe(60_000);
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
    expect(await createSender(respond(429, {}, { 'retry-after': '60' }))('u', 'b')).toEqual({
      kind: 'retry',
      retryAfterMs: 60_000,
    });
    expect(await createSender(respond(503, {}))('u', 'b')).toEqual({
      kind: 'retry',
      retryAfterMs: 0,
    });
    expect(await createSender(respond(404, { error: 'unknown_tenant' }))('u', 'b')).toMatchObject({
      kind: 'retry',
    });
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await createSender(offline)('u', 'b')).toEqual({ kind: 'retry' });
  });
});
