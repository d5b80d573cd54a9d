/**
 * @module
 * The persistent outbox that makes "never lose a lead" true in the browser. A submission is
 * written here before its first request and removed only after a 2xx (or a 422, which no resend
 * can change). Everything else is retried with backoff, on the next page load and on `online`;
 * on `pagehide` pending entries go out with sendBeacon (they stay until a later 2xx confirms them).
 * The edge is idempotent by submissionId, so a resend — or two overlapping sends of one entry, as
 * when `online` fires during a send — is harmless: it answers `duplicate: true`, never a new row.
 */
import { readJson, writeJson, type StorageLike } from './storage.ts';
import type { Send, SendOutcome } from './transport.ts';

export interface OutboxEntry {
  /** The submissionId: the edge's idempotency key. */
  id: string;
  url: string;
  body: string;
  /** When the visitor pressed submit (ms since epoch). */
  at: number;
  tries: number;
  /** Earliest time of the next automatic attempt (ms since epoch). */
  next: number;
}

export const OUTBOX_KEY = 'pagetojob:outbox';
export const MAX_BACKOFF_MS = 5 * 60_000;

/** 2 s, 4 s, 8 s … capped at 5 min; a server's Retry-After wins when it is longer. */
export function backoffMs(tries: number, retryAfterMs = 0): number {
  return Math.max(retryAfterMs, Math.min(1000 * 2 ** tries, MAX_BACKOFF_MS));
}

export interface OutboxDeps {
  storage: StorageLike | null;
  send: Send;
  now: () => number;
}

export function createOutbox({ storage, send, now }: OutboxDeps) {
  // Used when storage is blocked: the lead still survives until the page goes away.
  let memory: OutboxEntry[] = [];

  // Anything else in the stored array (another version's format, tampering) is not ours to send.
  const isEntry = (e: OutboxEntry) => typeof e?.id === 'string' && typeof e.body === 'string';

  // Re-read on every operation: another tab may have sent or added entries meanwhile.
  const load = (): OutboxEntry[] => {
    const stored = storage && readJson<OutboxEntry[]>(storage, OUTBOX_KEY);
    return (Array.isArray(stored) ? stored : memory).filter(isEntry);
  };
  const save = (entries: OutboxEntry[]) => {
    memory = entries;
    if (!writeJson(storage, OUTBOX_KEY, entries)) storage = null;
  };
  const update = (id: string, change: (entry: OutboxEntry) => OutboxEntry | null) => {
    const entries: OutboxEntry[] = [];
    for (const entry of load()) {
      const next = entry.id === id ? change(entry) : entry;
      if (next) entries.push(next);
    }
    save(entries);
  };

  /** Sends one entry now and records the outcome (removed, or rescheduled with backoff). */
  async function deliver(entry: OutboxEntry): Promise<SendOutcome> {
    const outcome = await send(entry.url, entry.body);
    update(entry.id, (stored) =>
      outcome.kind === 'retry'
        ? {
            ...stored,
            tries: stored.tries + 1,
            next: now() + backoffMs(stored.tries + 1, outcome.retryAfterMs),
          }
        : null,
    );
    return outcome;
  }

  return {
    entries: load,
    /** Persists the entry before anything is sent, replacing an older copy with the same id. */
    add(entry: Omit<OutboxEntry, 'tries' | 'next'>) {
      save([...load().filter((e) => e.id !== entry.id), { ...entry, tries: 0, next: 0 }]);
    },
    deliver,
    /**
     * Sends every entry that is due (all of them when `force`), reporting each settled one.
     * Returns the delay until the next entry falls due, or null when the outbox is empty.
     */
    async flush(force: boolean, settled: (entry: OutboxEntry, outcome: SendOutcome) => void) {
      for (const entry of load()) {
        if (!force && entry.next > now()) continue;
        const outcome = await deliver(entry);
        if (outcome.kind !== 'retry') settled(entry, outcome);
      }
      const pending = load();
      return pending.length ? Math.max(0, Math.min(...pending.map((e) => e.next)) - now()) : null;
    },
    /** For pagehide: hand every pending entry to the browser, which sends it after we are gone. */
    beaconAll(beacon: (url: string, body: string) => boolean) {
      for (const entry of load()) beacon(entry.url, entry.body);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
