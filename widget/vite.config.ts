/**
 * Vite build of widget.js: one self-contained IIFE (no chunks, no CSS file, no globals besides
 * window.PageToJob). scripts/build.ts runs it after writing the form's second files (the later
 * steps' strings, widget.rest.<locale>.<hash>.json), passing their hash, then adds the versioned
 * copy, the demo pages, `_headers` and the size check. `vite build -c widget/vite.config.ts`
 * alone builds a widget.js naming second files that do not exist (hash "dev").
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type InlineConfig } from 'vite';

export function widgetBuild(restHash: string): InlineConfig {
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    // Not this file's default export as well (build() would merge it in).
    configFile: false,
    publicDir: false,
    logLevel: 'warn',
    oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
    define: { __PTJ_REST__: JSON.stringify(restHash) },
    build: {
      outDir: fileURLToPath(new URL('../dist/public', import.meta.url)),
      emptyOutDir: false,
      target: 'es2022',
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: fileURLToPath(new URL('src/main.ts', import.meta.url)),
        output: { format: 'iife', entryFileNames: 'widget.js' },
      },
    },
  };
}

export default defineConfig(widgetBuild('dev'));
