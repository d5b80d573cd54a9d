/**
 * @module
 * Coalesced queue sends. Each lead queues one handoff message after its response; under load an
 * isolate serves many requests at once, and one `send` per request costs a binding call each.
 * Messages enqueued in the same turn of the isolate's event loop go out in one `sendBatch`
 * (Queues takes up to 100 messages a call), and each caller's promise settles with that batch,
 * so `waitUntil` still covers its own message.
 */

/** Queues' documented limit on messages per `sendBatch` call. */
export const MAX_BATCH_MESSAGES = 100;

interface Waiting<Body> {
  body: Body;
  settle: { resolve: () => void; reject: (error: unknown) => void };
}

const pending = new WeakMap<Queue<never>, Waiting<unknown>[]>();

async function flush<Body>(queue: Queue<Body>, waiting: Waiting<Body>[]): Promise<void> {
  for (let start = 0; start < waiting.length; start += MAX_BATCH_MESSAGES) {
    const chunk = waiting.slice(start, start + MAX_BATCH_MESSAGES);
    try {
      await queue.sendBatch(chunk.map(({ body }) => ({ body })));
      for (const { settle } of chunk) settle.resolve();
    } catch (error) {
      for (const { settle } of chunk) settle.reject(error);
    }
  }
}

/** Sends `body` on `queue` together with every other message enqueued in this turn. */
export function sendCoalesced<Body>(queue: Queue<Body>, body: Body): Promise<void> {
  const key = queue as unknown as Queue<never>;
  let waiting = pending.get(key) as Waiting<Body>[] | undefined;
  if (!waiting) {
    const batch: Waiting<Body>[] = [];
    waiting = batch;
    pending.set(key, batch as Waiting<unknown>[]);
    // A timer, not a microtask: requests being served concurrently get to add their messages.
    setTimeout(() => {
      pending.delete(key);
      void flush(queue, batch);
    }, 0);
  }
  return new Promise<void>((resolve, reject) =>
    waiting.push({ body, settle: { resolve, reject } }),
  );
}
