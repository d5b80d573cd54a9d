import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { widgetBuild } from './widget/vite.config.ts';
const code = async (cfg: any) => { cfg.build.write = false; const out = await build(cfg) as any; return (Array.isArray(out) ? out[0] : out).output[0].code as string; };
const es = await code(widgetBuild({ locale: 'es' }));
const en = await code(widgetBuild({ locale: 'en' }));
const first = await code(widgetBuild({ rest: { en: 'widget.rest.en.000000000000.js', es: 'widget.rest.es.000000000000.js' } }));
const g = (s: string) => gzipSync(s, { level: 9 }).length;
console.log(`first ${g(first)} en ${g(en)} es ${g(es)} total ${g(first) + Math.max(g(en), g(es))} joint(first+es) ${g(first + es)}`);
