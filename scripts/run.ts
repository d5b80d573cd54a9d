/**
 * @module
 * Runs a command with inherited output and fails loudly (exit code, command line) when it fails.
 */
import { spawnSync } from 'node:child_process';

// No tool phones home: wrangler's metrics and redocly's telemetry and update check are off.
export const toolEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

export function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env: toolEnv });
  if (result.status !== 0) {
    console.error(`\n✗ ${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
    process.exit(result.status ?? 1);
  }
}
