/**
 * Two projects: `workers` runs inside workerd through @cloudflare/vitest-plugin (D1, Queues and the
 * rate limiter are miniflare's, migrations applied in test/setup/workers.ts); `node` runs Node-side
 * tests (CLIs, build checks, real-browser suites against `wrangler dev`).
 */
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const migrations = await readD1Migrations('edge/migrations');

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: { TEST_MIGRATIONS: migrations, ADMIN_TOKEN: 'test-admin-token' },
            },
          }),
        ],
        test: {
          name: 'workers',
          include: ['test/edge/**/*.test.ts', 'test/shared/**/*.test.ts'],
          setupFiles: ['./test/setup/workers.ts'],
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.ts', 'test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
