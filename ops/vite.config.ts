/**
 * Vite build of the operator console: a small Preact app under /ops/, built into dist/public/ops
 * and served by the worker's static assets (wrangler.toml `[assets]`). Hash routing (#/leads/…)
 * keeps every page on /ops/index.html, so the assets need no single-page-app fallback.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ops/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/public/ops', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
