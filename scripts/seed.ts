/**
 * @module
 * `npm run seed`: applies local D1 migrations and seeds the demo tenant (idempotent: existing rows
 * are kept), its office email channel and its sandbox webhook signing secret (re-encrypted with the local
 * WEBHOOK_SECRET_KEY on every run, so it still opens after `.dev.vars` changes).
 * `--persist-to DIR` targets another local state directory and `--webhook-secret-key KEY` the key
 * that directory's worker runs with (test servers pass their own).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { demoNotificationStatements } from '../edge/seed/demo-notifications.ts';
import { demoWebhookSecretStatements } from '../edge/seed/demo-webhook-secret.ts';
import { ensureDevVars } from './dev-vars.ts';
import { demoSeedSql, renderSql } from './seed-sql.ts';
import { run } from './run.ts';

export async function migrateAndSeed(
  options: { persistTo?: string | undefined; webhookSecretKey?: string | undefined } = {},
): Promise<void> {
  const persist = options.persistTo ? ['--persist-to', options.persistTo] : [];
  const key = options.webhookSecretKey ?? ensureDevVars().WEBHOOK_SECRET_KEY;
  if (!key) throw new Error('no WEBHOOK_SECRET_KEY to seal the demo webhook secret with');
  run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', ...persist]);
  mkdirSync('.wrangler', { recursive: true });
  const file = `.wrangler/seed-${process.pid}.sql`;
  const secret = renderSql(await demoWebhookSecretStatements(key));
  const notifications = renderSql(demoNotificationStatements());
  writeFileSync(file, `${demoSeedSql()}\n${secret}\n${notifications}\n`);
  run('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', ...persist, '--file', file]);
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { 'persist-to': { type: 'string' }, 'webhook-secret-key': { type: 'string' } },
  });
  await migrateAndSeed({
    persistTo: values['persist-to'],
    webhookSecretKey: values['webhook-secret-key'],
  });
}
