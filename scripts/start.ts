/**
 * @module
 * `npm start`: everything needed to run PageToJob locally, in order — local secrets, the widget
 * build, D1 migrations and the demo seed — then `wrangler dev` on 127.0.0.1:8787.
 */
import { spawn } from 'node:child_process';
import { ensureDevVars } from './dev-vars.ts';
import { run, toolEnv } from './run.ts';
import { migrateAndSeed } from './seed.ts';

const HOST = '127.0.0.1';
const PORT = process.env.PORT ?? '8787';
const origin = `http://${HOST}:${PORT}`;

// Local only: webhook channels may target `npm run notify -- listen` on http://127.0.0.1:<port>.
ensureDevVars('.', { NOTIFY_ALLOW_LOCAL_HTTP: 'true' });
run('npm', ['run', 'build']);
await migrateAndSeed();

// Alerts link to this server's console, whatever the port.
const consoleVar = `CONSOLE_URL:${origin}/ops/`;
const dev = spawn('npx', ['wrangler', 'dev', '--ip', HOST, '--port', PORT, '--var', consoleVar], {
  stdio: 'inherit',
  env: toolEnv,
});
dev.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal));

async function announceWhenUp(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`
PageToJob is running:
  Demo contractor page   ${origin}/demo/
  Operator console       ${origin}/ops/  (sign in with ADMIN_TOKEN from .dev.vars)
  Widget config          ${origin}/v1/tenants/desert-peak/config
  Leads (admin)          curl -H "Authorization: Bearer $(grep ADMIN_TOKEN .dev.vars | cut -d= -f2-)" ${origin}/v1/admin/leads
  Health                 ${origin}/healthz
  Office email (demo)    simulated: each alert is written under .wrangler/tmp/email/ (text and HTML)
  Webhook receiver       npm run notify -- listen   (see docs/notifications.md)
`);
}
void announceWhenUp();
