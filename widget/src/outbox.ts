/**
 * @module
 * The persistent outbox that makes "never lose a lead" true in the browser. A submission is
 * written here before its first request and removed after a 2xx, or after an answer no resend
 * can change (transport.ts `rejected`: 400, 404 unknown tenant, 413, 422). Everything else is
 * retried with backoff, on the next page load and on `online`; on `pagehide` pending entries go
 * out with sendBeacon (they stay until a later 2xx confirms them). An entry is kept at most 7 days
 * after the visitor pressed submit: a lead is personal data in the site's storage, and a request
 * a week old is no longer one an office can act on as sent. Dropped entries are reported (the
 * widget's `error` event), never silently lost.
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
  /** When the visitor pressed submit (ms since epoch): its max age and its backoff count from it. */
  at: number;
  /** Earliest time of the next automatic attempt (ms since epoch). */
  next: number;
}

export const OUTBOX_KEY = 'pagetojob:outbox';
export const MAX_BACKOFF_MS = 5 * 60_000;
export const MAX_AGE_MS = 7 * 86_400_000;

/** Why an entry left the outbox: its final answer, or its max age ran out. */
export type Settled = Exclude<SendOutcome, { kind: 'retry' }> | { kind: 'expired' };

/**
 * The wait after a failed attempt: as long as the entry has waited since submit, at least 2 s and
 * at most 5 min (attempts at 2 s, 4 s, 8 s, 16 s … after submit, then every 5 min: exponential
 * backoff without a counter to store); a server's Retry-After wins when it is longer.
 */
export function backoffMs(ageMs: number, retryAfterMs = 0): number {
  return Math.max(retryAfterMs, Math.min(Math.max(2000, ageMs), MAX_BACKOFF_MS));
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
  // Written so that an entry without a usable `at` (another version's format) counts as expired.
  const fresh = (e: OutboxEntry) => now() - e.at < MAX_AGE_MS;

  // Re-read on every operation: another tab may have sent or added entries meanwhile.
  const load = (): OutboxEntry[] => {
    const stored = storage && readJson<OutboxEntry[]>(storage, OUTBOX_KEY);
    return (Array.isArray(stored) ? stored : memory).filter(isEntry);
  };
  const save = (entries: OutboxEntry[]) => {
    memory = entries;
    if (!writeJson(storage, OUTBOX_KEY, entries)) storage = null;
  };
  /** Removes entry `id` and stores `entry` in its place, at the end (none when falsy). */
  const put = (id: string, entry?: OutboxEntry | false | 0) =>
    save([...load().filter((e) => e.id !== id), ...(entry ? [entry] : [])]);

  /** Sends one entry now and records the outcome (removed, or rescheduled with backoff). */
  async function deliver(entry: Omit<OutboxEntry, 'next'>): Promise<SendOutcome> {
    const outcome = await send(entry.url, entry.body);
    // Gone already when another tab delivered it meanwhile: nothing to record.
    const stored = load().find((e) => e.id === entry.id);
    const wait = outcome.kind === 'retry' && backoffMs(now() - entry.at, outcome.retryAfterMs);
    if (stored) put(entry.id, wait && { ...stored, next: now() + wait });
    return outcome;
  }

  return {
    entries: load,
    /** Persists the entry before anything is sent, replacing an older copy with the same id. */
    add(entry: Omit<OutboxEntry, 'next'>) {
      put(entry.id, { ...entry, next: 0 });
    },
    deliver,
    /**
     * Drops and reports entries past their max age, then sends every entry that is due (all of
     * them when `force`), reporting each settled one. Returns the delay until the next entry
     * falls due: Infinity when the outbox is empty.
     */
    async flush(force: boolean, settled: (entry: OutboxEntry, outcome: Settled) => void) {
      for (const entry of load()) {
        if (!fresh(entry)) {
          put(entry.id);
          settled(entry, { kind: 'expired' });
        } else if (force || entry.next <= now()) {
          const outcome = await deliver(entry);
          if (outcome.kind !== 'retry') settled(entry, outcome);
        }
      }
      return Math.max(0, Math.min(...load().map((e) => e.next)) - now());
    },
    /**
     * For pagehide: hand every pending entry to the browser, which sends it after we are gone.
     * (One past its max age is dropped by the flush that runs at load and on every retry.)
     */
    beaconAll(beacon: (url: string, body: string) => unknown) {
      for (const entry of load()) beacon(entry.url, entry.body);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
