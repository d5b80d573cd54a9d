/**
 * @module
 * A real worker for the browser suites: `wrangler dev` on a free port with its own temporary D1
 * state (migrations applied, demo tenant seeded), serving the already-built dist/public. Builds
 * nothing: `npm test` runs `npm run build` first; run it yourself before running a suite alone.
 */
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { demoSeedSql } from '../../../scripts/seed-sql.ts';

const run = promisify(execFile);
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' };

export interface TestWorker {
  origin: string;
  adminToken: string;
  /** `GET` an admin route (JSON). */
  admin(path: string): Promise<unknown>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function wrangler(args: string[]): Promise<void> {
  await run('npx', ['wrangler', ...args], { env, maxBuffer: 16 * 1024 * 1024 });
}

export async function startWorker(): Promise<TestWorker> {
  if (!existsSync('dist/public/widget.js')) {
    throw new Error(
      'dist/public/widget.js is missing: run `npm run build` before the browser suites',
    );
  }
  const state = mkdtempSync(join(tmpdir(), 'pagetojob-browser-'));
  await wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state]);
  const seed = join(state, 'seed.sql');
  writeFileSync(seed, demoSeedSql());
  await wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', state, '--file', seed]);

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const adminToken = `browser-test-${port}`;
  const child = spawn(
    'npx',
    [
      'wrangler',
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--persist-to',
      state,
      '--var',
      `ADMIN_TOKEN:${adminToken}`,
      '--show-interactive-dev-session=false',
    ],
    // Own process group: stop() ends wrangler and the workerd it starts, nothing else.
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(
        () => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'),
        5000,
      );
      await exited;
      clearTimeout(timer);
    }
    rmSync(state, { recursive: true, force: true });
  };

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output}`);
    }
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer /healthz within 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  return {
    origin,
    adminToken,
    async admin(path) {
      const response = await fetch(`${origin}${path}`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    stop,
  };
}
