/**
 * The check both fuzz suites apply to every answer: never a 5xx, JSON, and a refusal only in the
 * one error shape with a reason the contract lists for its status. Remembers what it has seen,
 * so a suite can show its generators reached every documented answer.
 */
import { expect } from 'vitest';

export type Contract = Record<number, string[]>;

export function answerChecker(contract: Contract) {
  const seen = new Set<string>();
  return {
    seen,
    /** Returns the parsed body; refusals are checked here, acceptances by the caller. */
    async check(res: Response): Promise<Record<string, unknown>> {
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as Record<string, unknown>;
      if (res.status < 300) {
        seen.add(String(res.status));
        return body;
      }
      expect(contract[res.status], `undocumented status ${res.status}`).toBeDefined();
      expect(contract[res.status]).toContain(body.error);
      expect(typeof body.message).toBe('string');
      for (const key of Object.keys(body)) expect(['error', 'message', 'issues']).toContain(key);
      seen.add(body.error as string);
      return body;
    },
    /** Every reason of the contract, and `acceptedStatus`, was answered at least once. */
    unseen(acceptedStatus: number): string[] {
      const all = [String(acceptedStatus), ...Object.values(contract).flat()];
      return all.filter((answer) => !seen.has(answer));
    },
  };
}
