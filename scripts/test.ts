/**
 * @module
 * `npm test`: every check CI runs — formatting, type checks (including that the committed Env types
 * match wrangler.toml), the widget build with its size budget, the OpenAPI document's lint
 * (scripts/openapi.ts), then all vitest projects (workerd, Node and real-browser suites). Ends with one summary line: "N passed, N failed".
 */
import { readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { run, toolEnv } from './run.ts';

run('npm', ['run', '--silent', 'format:check']);
run('npm', ['run', '--silent', 'types:check']);
run('npm', ['run', '--silent', 'typecheck']);
run('npm', ['run', '--silent', 'build']);
run('npm', ['run', '--silent', 'openapi']);

const report = '.wrangler/vitest-report.json';
rmSync(report, { force: true });
const vitest = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: toolEnv },
);

let summary = 'no test report was written';
try {
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
  };
  summary = `${json.numPassedTests} passed, ${json.numFailedTests} failed, ${json.numPendingTests} skipped`;
} catch {
  // keep the message above: vitest crashed before reporting
}
console.log(`\nTests: ${summary}`);
process.exit(vitest.status ?? 1);
