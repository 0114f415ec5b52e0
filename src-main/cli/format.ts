import { visibleText } from '../../src-shared/visible-text.ts';

/** Human-friendly numbers for the terminal. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit] ?? 'TB'}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}

const segmenter = new Intl.Segmenter();
/** East Asian wide and fullwidth characters take two terminal columns. */
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

/** Columns a string takes in a terminal (folder names may be Japanese). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of segmenter.segment(text)) width += WIDE.test(segment) ? 2 : 1;
  return width;
}

/**
 * Left-aligned columns; numbers are right-aligned by the caller with padStart where it matters. Cells
 * hold folder names and server texts: each is made visible (one line, no escapes) before it is measured.
 */
export function table(rawRows: string[][]): string {
  const rows = rawRows.map((row) => row.map((cell) => visibleText(cell)));
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  const pad = (cell: string, i: number, last: boolean): string =>
    last ? cell : cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell));
  return rows.map((row) => row.map((cell, i) => pad(cell, i, i === row.length - 1)).join('  ')).join('\n');
}
