import { describe, expect, it } from 'vitest';
import { MAX_BATCH_MESSAGES, sendCoalesced } from '../../../edge/lib/batched-send.ts';

function recordingQueue(fail = false) {
  const calls: unknown[][] = [];
  const queue = {
    sendBatch: async (messages: { body: unknown }[]) => {
      calls.push(messages.map((m) => m.body));
      if (fail) throw new Error('queue down');
    },
  } as unknown as Queue<number>;
  return { queue, calls };
}

describe('coalesced queue sends', () => {
  it('sends the messages of one turn in one batch, and later ones in the next', async () => {
    const { queue, calls } = recordingQueue();
    await Promise.all([1, 2, 3].map((n) => sendCoalesced(queue, n)));
    await sendCoalesced(queue, 4);
    expect(calls).toEqual([[1, 2, 3], [4]]);
  });

  it('splits a turn over the per-call limit, and keeps queues apart', async () => {
    const a = recordingQueue();
    const b = recordingQueue();
    const many = Array.from({ length: MAX_BATCH_MESSAGES + 5 }, (_, n) => n);
    await Promise.all([...many.map((n) => sendCoalesced(a.queue, n)), sendCoalesced(b.queue, -1)]);
    expect(a.calls.map((call) => call.length)).toEqual([MAX_BATCH_MESSAGES, 5]);
    expect(b.calls).toEqual([[-1]]);
  });

  it('rejects every caller of a batch that failed, so each can fall back', async () => {
    const { queue } = recordingQueue(true);
    const results = await Promise.allSettled([sendCoalesced(queue, 1), sendCoalesced(queue, 2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
