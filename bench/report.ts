/**
 * @module
 * Benchmark figures as one list: each with its value, the reference it is compared to, the ratio
 * and the goal, and whether the goal is met (`null` for figures that are reported, not judged).
 * Printed as a Markdown table (readable in a terminal, pasted as-is into docs/bench.md).
 */

export interface Figure {
  name: string;
  value: number;
  unit: string;
  reference?: { name: string; value: number; unit: string };
  /** value ÷ reference value. */
  ratio?: number;
  goal: string;
  met: boolean | null;
  note?: string;
}

/** The middle value (the upper one of the two middles for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const digits =
    Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

const quantity = (value: number, unit: string) => `${formatNumber(value)} ${unit}`.trim();

function row(figure: Figure): string[] {
  return [
    figure.name,
    quantity(figure.value, figure.unit),
    figure.reference
      ? `${figure.reference.name}: ${quantity(figure.reference.value, figure.reference.unit)}`
      : '—',
    figure.ratio === undefined ? '—' : `${figure.ratio.toFixed(2)}×`,
    figure.goal,
    figure.met === null ? 'reported' : figure.met ? 'met' : 'NOT MET',
  ];
}

export function markdownTable(figures: Figure[]): string {
  return plainTable(['Figure', 'Value', 'Reference', 'Ratio', 'Goal', 'Result'], figures.map(row));
}

export function notes(figures: Figure[]): string {
  return figures
    .filter((f) => f.note)
    .map((f) => `- ${f.name}: ${f.note}`)
    .join('\n');
}

/**
 * `doc` with everything between the lines `<!-- name -->` and `<!-- /name -->` replaced by
 * `content` (the markers stay, so the next run finds them again). Only a marker alone on its
 * line counts: prose may mention the markers.
 */
export function replaceBetweenMarkers(doc: string, content: string, name = 'bench-table'): string {
  const open = `\n<!-- ${name} -->\n`;
  const close = `\n<!-- /${name} -->\n`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close, start);
  if (start < 0 || end < 0) {
    throw new Error(`the doc has no <!-- ${name} --> … <!-- /${name} --> lines in that order`);
  }
  return `${doc.slice(0, start + open.length)}\n${content.trim()}\n${doc.slice(end)}`;
}

/** A Markdown table from a header and rows of cells, laid out as prettier lays it out. */
export function plainTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((r) => r[col]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const rule = line(widths.map((w) => '-'.repeat(w)));
  return [line(header), rule, ...rows.map(line)].join('\n');
}
