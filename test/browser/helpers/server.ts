/**
 * @module
 * A real worker for the browser suites: the shared `wrangler dev` test server (its own temporary
 * D1 state, migrated and seeded) serving the already-built dist/public. Builds nothing: `npm test`
 * runs `npm run build` first; run it yourself before running a suite alone.
 */
import { existsSync } from 'node:fs';
import { startDevServer } from '../../servers/wrangler-dev.ts';

export interface TestWorker {
  origin: string;
  adminToken: string;
  /** `GET` an admin route (JSON). */
  admin(path: string): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startWorker(): Promise<TestWorker> {
  if (!existsSync('dist/public/widget.js')) {
    throw new Error(
      'dist/public/widget.js is missing: run `npm run build` before the browser suites',
    );
  }
  const server = await startDevServer();
  return {
    origin: server.origin,
    adminToken: server.admin.authorization.replace(/^Bearer /, ''),
    async admin(path) {
      const response = await fetch(`${server.origin}${path}`, { headers: server.admin });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    stop: () => server.dispose(),
  };
}
