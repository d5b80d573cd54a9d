import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { widgetBuild } from './widget/vite.config.ts';
import { restEs, restFile } from './widget/src/i18n-rest.ts';
const cfg: any = widgetBuild('000000000000'); cfg.build.write = false;
const out = await build(cfg) as any;
const first = gzipSync((Array.isArray(out) ? out[0] : out).output[0].code, { level: 9 }).length;
const es = gzipSync(JSON.stringify(restFile(restEs)), { level: 9 }).length;
console.log(`first ${first} es ${es} total ${first + es} over ${first + es - 14336}`);
