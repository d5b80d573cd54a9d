/**
 * @module
 * Figures measured inside workerd (through @cloudflare/vitest-plugin): the D1 round trips of the
 * lead request path and the verify race. The suites that measure them are part of `npm test`
 * (test/resilience/workers/); here they run once more and their numbers are read back from
 * vitest's JSON report, where each test left them in `task.meta`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolEnv } from '../scripts/run.ts';
import type { VerifyRace } from './verify-race.ts';

export interface RoundTripCase {
  title: string;
  requests: number;
  requestPath: { min: number; max: number };
  afterResponse: { min: number; max: number };
  meanMs: { request: number; d1: number; rateLimiter: number };
}

export interface WorkerdFigures {
  roundTrips: RoundTripCase[];
  verifyRace: VerifyRace;
}

const SUITES = [
  'test/resilience/workers/d1-round-trips.test.ts',
  'test/resilience/workers/verify-race.test.ts',
];

interface JsonReport {
  testResults: {
    assertionResults: {
      title: string;
      status: string;
      meta: { d1?: Omit<RoundTripCase, 'title'>; verifyRace?: VerifyRace };
    }[];
  }[];
}

export function measureInWorkerd(): WorkerdFigures {
  const dir = mkdtempSync(join(tmpdir(), 'pagetojob-bench-'));
  const report = join(dir, 'report.json');
  try {
    const args = ['vitest', 'run', '--project', 'workers', '--reporter=json'];
    const vitest = spawnSync('npx', [...args, `--outputFile.json=${report}`, ...SUITES], {
      env: toolEnv,
      encoding: 'utf8',
    });
    if (vitest.status !== 0) {
      throw new Error(`the workerd suites failed:\n${vitest.stdout}\n${vitest.stderr}`);
    }
    const tests = (JSON.parse(readFileSync(report, 'utf8')) as JsonReport).testResults.flatMap(
      (file) => file.assertionResults,
    );
    const roundTrips = tests.flatMap((t) => (t.meta.d1 ? [{ title: t.title, ...t.meta.d1 }] : []));
    const verifyRace = tests.find((t) => t.meta.verifyRace)?.meta.verifyRace;
    if (roundTrips.length === 0 || !verifyRace) throw new Error('the suites reported no figures');
    return { roundTrips, verifyRace };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
