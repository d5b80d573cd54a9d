import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { widgetBuild } from '/work/wt-c1/widget/vite.config.ts';
const g = async (cfg: any) => { cfg.build.write = false; const out = await build(cfg) as any; const code = (Array.isArray(out) ? out[0] : out).output[0].code; return gzipSync(code, { level: 9 }).length; };
const en = await g(widgetBuild({ locale: 'en' })), es = await g(widgetBuild({ locale: 'es' }));
const first = await g(widgetBuild({ rest: { en: 'widget.rest.en.000000000000.js', es: 'widget.rest.es.000000000000.js' } }));
console.log(`first ${first} en ${en} es ${es} total ${first + Math.max(en, es)} over ${first + Math.max(en, es) - 14336}`);
