import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { widgetBuild } from './widget/vite.config.ts';
const g = async (cfg: any) => { cfg.build.write = false; const out = await build(cfg) as any; const code = (Array.isArray(out) ? out[0] : out).output[0].code; return gzipSync(code, { level: 9 }).length; };
for (const [name, mod] of Object.entries({
  base: (c: any) => c,
  esnext: (c: any) => { c.build.target = 'esnext'; return c; },
  noSideEffects: (c: any) => { c.build.rolldownOptions.treeshake = { moduleSideEffects: false }; return c; },
  es2020: (c: any) => { c.build.target = 'es2020'; return c; },
}) as [string, (c: any) => any][]) {
  const first = await g(mod(widgetBuild({ rest: { en: 'widget.rest.en.000000000000.js', es: 'widget.rest.es.000000000000.js' } })));
  const es = await g(mod(widgetBuild({ locale: 'es' })));
  console.log(name, first, es, first + es);
}
