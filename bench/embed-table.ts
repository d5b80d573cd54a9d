/**
 * @module
 * The embeds side by side (ours and the peers' loaders), one row each, every figure added to
 * the demo page without any embed: printed by `npm run bench` under the figures table.
 */
import type { EmbedCost } from './figures.ts';
import { plainTable } from './report.ts';

export function embedTable(costs: EmbedCost[]): string {
  const header = [
    'Embed',
    'Measured on',
    'gzip bytes',
    'Requests',
    'Total blocking time',
    'Script evaluation',
    'CLS',
  ];
  const rows = costs.map((c) => [
    c.name,
    c.loaderOnly ? 'loader alone (iframe blocked offline)' : 'the whole working form',
    `${c.gzipBytes.toLocaleString('en-US')} B`,
    `${c.requests}${c.blocked.length > 0 ? ` (${c.blocked.length} blocked)` : ''}`,
    `${c.tbtMs.toFixed(0)} ms`,
    `${c.scriptMs.toFixed(0)} ms`,
    c.cls.toFixed(3),
  ]);
  return plainTable(header, rows);
}
