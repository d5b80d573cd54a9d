/**
 * Vite builds of the widget's two files (scripts/build.ts runs both, then adds the versioned copy,
 * the demo pages, `_headers` and the size check; `vite build -c widget/vite.config.ts` alone
 * builds the second file only):
 * - `rest`: widget.rest.js, an ES module with everything after the first step (steps 2-4, the
 *   review, validation, the submission, the schedule). It brings no Preact of its own: `preact`
 *   resolves to ui/late-preact.ts, which the first file fills in when it loads this one.
 * - `first`: widget.js, one self-contained IIFE (no CSS file, no globals besides
 *   window.PageToJob) that renders the first step and then imports `restFile` from its own origin.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type InlineConfig } from 'vite';
import type { Locale } from './src/i18n.ts';

const src = (path: string) => fileURLToPath(new URL(`src/${path}`, import.meta.url));

/** `rest` given: widget.js, with the hash its second files are named by; else `locale`'s second file. */
export function widgetBuild(build: { rest: string } | { locale: Locale }): InlineConfig {
  const first = 'rest' in build;
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    // Not this file's default export as well (build() would merge it in).
    configFile: false,
    publicDir: false,
    logLevel: 'warn',
    oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
    define: first
      ? { __PTJ_REST__: JSON.stringify(build.rest) }
      : { __PTJ_LOCALE__: JSON.stringify(build.locale) },
    build: {
      outDir: fileURLToPath(new URL('../dist/public', import.meta.url)),
      emptyOutDir: false,
      target: 'es2022',
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: src(first ? 'main.ts' : 'ui/rest.ts'),
        preserveEntrySignatures: first ? false : 'strict',
        output: first
          ? { format: 'iife', entryFileNames: 'widget.js' }
          : { format: 'es', entryFileNames: `widget.rest.${build.locale}.js` },
      },
    },
  };
}

export default defineConfig(widgetBuild({ locale: 'en' }));
