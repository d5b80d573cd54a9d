/**
 * Two projects: `workers` runs inside workerd through @cloudflare/vitest-plugin (D1, Queues and the
 * rate limiter are miniflare's, migrations applied in test/setup/workers.ts); `node` runs Node-side
 * tests (CLIs, build checks, real-browser suites against `wrangler dev`).
 */
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { fakeServiceTitan } from './test/fakes/servicetitan.ts';
import { FAKE_TURNSTILE_SECRET, fakeTurnstile } from './test/fakes/turnstile.ts';
import { fakeReceiver } from './test/fakes/webhook-receiver.ts';

const migrations = await readD1Migrations('edge/migrations');

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: migrations,
                ADMIN_TOKEN: 'test-admin-token-0123456789abcdef',
                // Test-only AES key (base64 of 32 bytes) for webhook secrets at rest.
                WEBHOOK_SECRET_KEY: 'dGVzdC1vbmx5LXdlYmhvb2stc2VjcmV0LWtleS0zMmI=',
                // Test-only HMAC key for form tokens (edge/leads/form-token.ts).
                FORM_TOKEN_KEY: 'test-form-token-key-0123456789abcdef',
                // The secret the stand-in siteverify (test/fakes/turnstile.ts) accepts.
                TURNSTILE_SECRET: FAKE_TURNSTILE_SECRET,
                // A local .dev.vars (npm start) may say true; tests decide it themselves.
                NOTIFY_ALLOW_LOCAL_HTTP: 'false',
              },
              // Fetches to https://servicetitan.fake/… reach a local fake ServiceTitan, to
              // https://receiver.fake/… a webhook receiver, to https://challenges.cloudflare.com
              // a stand-in siteverify; others pass.
              outboundService: (request) =>
                fakeTurnstile(request, (next) => fakeReceiver(next, fakeServiceTitan)),
            },
          }),
        ],
        test: {
          name: 'workers',
          include: ['test/edge/**/*.test.ts', 'test/resilience/workers/**/*.test.ts'],
          setupFiles: ['./test/setup/workers.ts'],
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'test/node/**/*.test.ts',
            'test/browser/**/*.test.ts',
            'test/resilience/http/**/*.test.ts',
          ],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
