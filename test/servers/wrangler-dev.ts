/**
 * @module
 * Starts the worker under `wrangler dev` on 127.0.0.1 with its own local state directory (D1
 * migrated and seeded with the demo tenant), for the HTTP and browser suites and the benchmarks.
 *
 * The worker runs from a snapshot of the source taken at start (edge/, shared/, the config and
 * the built assets, copied into a temp dir with node_modules linked): `wrangler dev` hot-reloads
 * on every source edit, and a reload mid-run answers in-flight requests with "Your worker
 * restarted mid-request" — a measurement of the editor, not of the worker. The snapshot gets
 * fresh local secrets from `.dev.vars.example`, exactly as `npm start` makes them.
 *
 * The server runs in its own process group so `stop` ends npx, wrangler and workerd, and nothing
 * else.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ensureDevVars } from '../../scripts/dev-vars.ts';
import { toolEnv } from '../../scripts/run.ts';

const SNAPSHOT_PATHS = ['edge', 'shared', 'wrangler.toml', 'package.json'];

export interface DevServer {
  origin: string;
  persistTo: string;
  /** The source snapshot it runs from; pass it back to restart the same build. */
  appDir: string;
  /** `authorization` header for the admin API of this server. */
  admin: { authorization: string };
  /** Wrangler's inspector port (Chrome DevTools protocol) for the user worker's isolate. */
  inspectorPort: number;
  /** Ends the server; `SIGKILL` simulates a crash (no graceful shutdown of pending work). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the server and deletes its state directory and snapshot. */
  dispose(): Promise<void>;
}

export interface DevServerOptions {
  /** Reuse a state directory (e.g. to restart on what a killed server left); seeded when new. */
  persistTo?: string;
  /** Reuse a snapshot (and so its secrets) instead of taking a new one. */
  appDir?: string;
  /** Queues whose consumer is left out of the snapshot's config (see `snapshotApp`). */
  detachConsumers?: string[];
  /** Another worker entry (a repo path, copied with its directory) instead of wrangler.toml's. */
  main?: string;
  /** Local settings written to `.dev.vars` beside the secrets (e.g. NOTIFY_ALLOW_LOCAL_HTTP). */
  devVars?: Record<string, string>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no free port')),
      );
    });
  });
}

/**
 * The config without the `[[queues.consumers]]` table of `queue`: its messages are still sent,
 * but nothing in this process consumes them (a benchmark of the request path alone).
 */
function withoutConsumer(toml: string, queue: string): string {
  const table = /\[\[queues\.consumers\]\]\n(?:(?!\[)[^\n]*\n)*/g;
  return toml.replace(table, (block) => (block.includes(`queue = "${queue}"`) ? '' : block));
}

/**
 * Migrates and seeds a new state directory with scripts/seed.ts (`migrateAndSeed`), run as a child
 * so its wrangler output is shown only when it fails. The demo webhook secret is sealed with the
 * key the server will run with.
 */
function seedState(persistTo: string, webhookSecretKey: string): void {
  const args = [
    'scripts/seed.ts',
    '--persist-to',
    persistTo,
    '--webhook-secret-key',
    webhookSecretKey,
  ];
  const seed = spawnSync(process.execPath, args, { env: toolEnv, encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`seeding failed:\n${seed.stdout}\n${seed.stderr}`);
}

/** The config with `main` pointing at another entry. */
function withMain(toml: string, main: string): string {
  const entry = /^main = ".*"$/m;
  if (!entry.test(toml)) throw new Error('wrangler.toml has no `main = "…"` line to replace');
  return toml.replace(entry, `main = ${JSON.stringify(main)}`);
}

/** Copies what `wrangler dev` builds from into a temp dir; returns that dir. */
function snapshotApp({ detachConsumers = [], main }: DevServerOptions): string {
  const appDir = mkdtempSync(join(tmpdir(), 'pagetojob-app-'));
  for (const path of [...SNAPSHOT_PATHS, ...(main ? [dirname(main)] : [])])
    cpSync(path, join(appDir, path), { recursive: true });
  // Fresh local secrets are made from this at start, as `npm start` makes them. The suites
  // create what they sign with themselves, through the admin API.
  cpSync('.dev.vars.example', join(appDir, '.dev.vars.example'));
  const config = join(appDir, 'wrangler.toml');
  const toml = detachConsumers.reduce(withoutConsumer, readFileSync(config, 'utf8'));
  writeFileSync(config, main ? withMain(toml, main) : toml);
  if (existsSync('dist/public'))
    cpSync('dist/public', join(appDir, 'dist/public'), { recursive: true });
  symlinkSync(resolve('node_modules'), join(appDir, 'node_modules'));
  return appDir;
}

async function waitUntilUp(origin: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log()}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not come up at ${origin}:\n${log()}`);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Signals the whole process group (npx, wrangler, workerd) and waits until every member is gone,
 * so a restart on the same state directory never overlaps with the old workerd.
 */
async function endGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined || !groupAlive(pgid)) return;
  process.kill(-pgid, signal);
  const start = Date.now();
  let killed = signal === 'SIGKILL';
  while (groupAlive(pgid)) {
    if (!killed && Date.now() - start > 15_000) {
      process.kill(-pgid, 'SIGKILL');
      killed = true;
    }
    if (Date.now() - start > 30_000) throw new Error(`process group ${pgid} did not exit`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const appDir = options.appDir ?? snapshotApp(options);
  const secrets = ensureDevVars(appDir, options.devVars);
  const persistTo = resolve(options.persistTo ?? mkdtempSync(join(tmpdir(), 'pagetojob-state-')));
  if (!options.persistTo) seedState(persistTo, secrets.WEBHOOK_SECRET_KEY!);
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--inspector-port', String(inspectorPort), '--persist-to', persistTo);
  args.push('--show-interactive-dev-session=false', '--log-level', 'warn');

  const child = spawn('npx', args, { cwd: appDir, env: toolEnv, detached: true, stdio: 'pipe' });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(origin, child, () => output);
  } catch (err) {
    await endGroup(child, 'SIGKILL');
    throw err;
  }
  return {
    origin,
    persistTo,
    appDir,
    admin: { authorization: `Bearer ${secrets.ADMIN_TOKEN}` },
    inspectorPort,
    stop: (signal = 'SIGTERM') => endGroup(child, signal),
    async dispose() {
      await endGroup(child, 'SIGTERM');
      for (const dir of [persistTo, appDir]) rmSync(dir, { recursive: true, force: true });
    },
  };
}
