import { foldersToScan, type ImportProgress, type ImportSummary } from '../../../src-shared/domain.ts';
import type { CliContext } from '../context.ts';
import { formatBytes, formatDuration, table } from '../format.ts';

export function progressLine(p: ImportProgress): string {
  if (p.phase === 'planning') return `Scanning ${p.folder} (${p.folderIndex + 1}/${p.folderCount})…`;
  const eta = p.etaSeconds === null ? '' : `, ETA ${formatDuration(p.etaSeconds)}`;
  // Folders still being scanned add to the totals: until then they are a lower bound.
  const more = foldersToScan(p) > 0 ? '+' : '';
  return (
    `${p.folder} ${p.done}/${p.total} · all ${p.overallDone}/${p.overallTotal}${more} messages, ` +
    `${formatBytes(p.overallBytes)}/${formatBytes(p.overallTotalBytes)}${more} · ` +
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
  const badDates = summary.badInternalDates ?? 0;
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

function renderDryRun(s: ImportSummary): string {
  const rows = s.folders.map((f) => [
    f.path,
    String(f.inRange),
    String(f.duplicates),
    String(f.toFetch ?? 0),
    formatBytes(f.bytes),
    formatDuration(f.estimatedSeconds ?? 0),
  ]);
  const toFetch = s.folders.reduce((n, f) => n + (f.toFetch ?? 0), 0);
  return [
    table([['FOLDER', 'IN RANGE', 'ARCHIVED', 'TO FETCH', 'SIZE', 'ESTIMATE'], ...rows]),
    '',
    `Dry run: ${toFetch} of ${s.inRange} messages to fetch (${formatBytes(s.bytes)}), about ${formatDuration(s.estimatedSeconds ?? 0)}. Nothing was written.`,
  ].join('\n');
}

function renderSummary(s: ImportSummary): string {
  const rows = s.folders.map((f) => [
    f.path,
    String(f.inRange),
    String(f.fetched),
    String(f.new),
    String(f.duplicates),
    String(f.failed),
    formatBytes(f.bytes),
  ]);
  return [
    table([['FOLDER', 'IN RANGE', 'FETCHED', 'NEW', 'ALREADY ARCHIVED', 'FAILED', 'DOWNLOADED'], ...rows]),
    '',
    `${s.new} new, ${s.duplicates} already archived, ${s.failed} failed, ${s.vanished} vanished; ` +
      `${s.fetched} fetched (${formatBytes(s.bytes)}) in ${formatDuration(s.seconds)}.`,
  ].join('\n');
}
