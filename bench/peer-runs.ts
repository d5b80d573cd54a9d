/**
 * @module
 * Our route against its peer on the same server, in alternating runs: the order flips every run
 * (ours first, then the peer first, …) so that whatever the machine does over time touches both
 * alike, and every run is judged on its own: a goal "in each of 3 runs" holds only if it holds
 * in every one.
 */
import type { Request } from 'autocannon';
import type { LoadFigure } from './http-load.ts';

export const PEER_RUNS = 3;

export interface PeerRun {
  ours: LoadFigure;
  peer: LoadFigure;
}

/**
 * `measure` runs one route; `afterOurs` lets the background work our route leaves (handoff
 * drafts) finish before the next measurement starts.
 */
export async function racePeer(
  measure: (request: Request) => Promise<LoadFigure>,
  ours: () => Request,
  peer: () => Request,
  afterOurs: () => Promise<unknown> = async () => {},
  runs = PEER_RUNS,
): Promise<PeerRun[]> {
  const results: PeerRun[] = [];
  for (let run = 0; run < runs; run += 1) {
    const measureOurs = async () => {
      const figure = await measure(ours());
      await afterOurs();
      return figure;
    };
    if (run % 2 === 0) {
      const o = await measureOurs();
      results.push({ ours: o, peer: await measure(peer()) });
    } else {
      const p = await measure(peer());
      results.push({ ours: await measureOurs(), peer: p });
    }
  }
  return results;
}
