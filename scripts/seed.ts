/**
 * @module
 * `npm run seed`: applies local D1 migrations and seeds the demo tenant (idempotent: existing rows
 * are kept). `--persist-to DIR` targets another local state directory (used by test servers).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { demoSeedSql } from './seed-sql.ts';
import { run } from './run.ts';

export function migrateAndSeed(persistTo?: string): void {
  const persist = persistTo ? ['--persist-to', persistTo] : [];
  run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', ...persist]);
  mkdirSync('.wrangler', { recursive: true });
  const file = '.wrangler/seed.sql';
  writeFileSync(file, demoSeedSql());
  run('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', ...persist, '--file', file]);
}

if (import.meta.main) {
  const at = process.argv.indexOf('--persist-to');
  migrateAndSeed(at > 0 ? process.argv[at + 1] : undefined);
}
