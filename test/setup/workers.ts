// Setup files run outside per-file storage isolation and may run more than once: both steps are
// idempotent (applyD1Migrations skips applied migrations, the seed keeps existing rows).
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { demoWebhookSecretStatements } from '../../edge/seed/demo-webhook-secret.ts';
import { demoSeedStatements } from '../../edge/seed/desert-peak.ts';
import { bindAll } from '../../edge/tenants/db/tenants.ts';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await env.DB.batch(bindAll(env.DB, demoSeedStatements()));
await env.DB.batch(bindAll(env.DB, await demoWebhookSecretStatements(env.WEBHOOK_SECRET_KEY)));
