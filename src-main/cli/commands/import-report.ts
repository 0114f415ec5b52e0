import {
  COUNT_LABELS,
  figureValue,
  previewFigures,
  summaryFigures,
  summarySentences,
  type Figure,
} from '../../../src-shared/count-figures.ts';
import { isEstimate, type FolderCounts } from '../../../src-shared/counts.ts';
import { foldersToScan, type ImportProgress, type ImportSummary } from '../../../src-shared/domain.ts';
import type { CliContext } from '../context.ts';
import { formatBytes, formatDuration, table } from '../format.ts';

export function progressLine(p: ImportProgress): string {
  if (p.phase === 'planning') return `Scanning ${p.folder} (${p.folderIndex + 1}/${p.folderCount})…`;
  const eta = p.etaSeconds === null ? '' : `, ETA ${formatDuration(p.etaSeconds)}`;
  // Folders still being scanned add to the totals: until then they are a lower bound.
  const atLeast = foldersToScan(p) > 0 ? 'at least ' : '';
  return (
    `${p.folder} ${p.done}/${p.total} · all ${p.overallDone} of ${atLeast}${p.overallTotal} messages, ` +
    `${formatBytes(p.overallBytes)} of ${atLeast}${formatBytes(p.overallTotalBytes)} · ` +
    `${Math.round(p.messagesPerSecond)} msg/s, ${formatBytes(p.bytesPerSecond)}/s${eta}`
  );
}

export function report(
  context: CliContext,
  summary: ImportSummary,
  extra: Record<string, unknown> = {},
): void {
  const { out } = context;
  out.endProgress();
  out.result({ ...summary, ...extra }, () =>
    summary.dryRun ? renderDryRun(summary) : renderSummary(summary),
  );
  if (summary.parseFailed > 0) {
    out.info(
      `${summary.parseFailed} message(s) could not be parsed as MIME; they are stored raw and flagged.`,
    );
  }
  const badDates = summary.badInternalDates;
  if (badDates > 0) {
    out.info(
      `${badDates} message(s) came without a usable INTERNALDATE from the server; they are stored with the ` +
        'Date header (or the time of import) as their date and flagged (internalDateError in `mailtrove messages`).',
    );
  }
  for (const folder of summary.folders) {
    if (folder.error !== undefined) out.info(`Skipped ${folder.path}: ${folder.error}`);
  }
}

/** A row per folder and one for the total, with the columns the total shows (labels of counts.ts). */
function countsTable(s: ImportSummary, figures: Figure[], extra: [string, (c: FolderCounts) => string][]) {
  const keys = figures.map((f) => f.key);
  const row = (name: string, c: FolderCounts): string[] => [
    name,
    ...keys.map((k) => String(figureValue(c, k))),
    ...extra.map(([, value]) => value(c)),
  ];
  return table([
    ['FOLDER', ...keys.map((k) => COUNT_LABELS[k].toUpperCase()), ...extra.map(([head]) => head)],
    ...s.folders.map((f) => row(f.path, f)),
    row(isEstimate(s) ? 'TOTAL (so far)' : 'TOTAL', s),
  ]);
}

function renderDryRun(s: ImportSummary): string {
  return [
    countsTable(s, previewFigures(s), [['SIZE TO DOWNLOAD', (c) => formatBytes(c.toFetchBytes)]]),
    '',
    ...summarySentences(s, String).slice(0, 1),
    `Preview: ${s.toFetch} messages to download (${formatBytes(s.toFetchBytes)}), about ` +
      `${formatDuration(s.estimatedSeconds ?? 0)}. Nothing was written.`,
  ].join('\n');
}

function renderSummary(s: ImportSummary): string {
  return [
    countsTable(s, summaryFigures(s), [['BYTES DOWNLOADED', (c) => formatBytes(c.bytes)]]),
    '',
    ...summarySentences(s, String),
    `${formatBytes(s.bytes)} downloaded in ${formatDuration(s.seconds)}.`,
  ].join('\n');
}
