/** The dry run: what an import of this range would do, per folder, before anything is written. */
import { figureValue, previewFigures } from '../../../../src-shared/count-figures.ts';
import type { FolderCounts } from '../../../../src-shared/counts.ts';
import type { ImportSummary } from '../../../../src-shared/domain.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { formatBytes, formatCount, formatDuration } from '../../lib/format.ts';

export function PreviewTable({ summary }: { summary: ImportSummary }) {
  // The columns the total needs (a "left for later" column only with --max-messages), same in every row.
  const figures = previewFigures(summary);
  const cells = (counts: FolderCounts) => (
    <>
      {figures.map((f) => (
        <td key={f.key} data-count={f.key}>
          {formatCount(figureValue(counts, f.key))}
        </td>
      ))}
      <td data-count="toFetchBytes">{formatBytes(counts.toFetchBytes)}</td>
    </>
  );
  return (
    <div className="table-wrap">
      <table className="preview-table" aria-label="Import preview">
        <thead>
          <tr>
            <th scope="col">Folder</th>
            {figures.map((f) => (
              <th key={f.key} scope="col">
                {f.label}
              </th>
            ))}
            <th scope="col">Size to download</th>
          </tr>
        </thead>
        <tbody>
          {summary.folders.map((folder) => (
            <tr key={folder.path} data-folder={folder.path}>
              <th scope="row">{visibleText(folder.path)}</th>
              {cells(folder)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-folder="">
            <th scope="row">Total</th>
            {cells(summary)}
          </tr>
        </tfoot>
      </table>
      {summary.folders
        .filter((folder) => folder.error !== undefined)
        .map((folder) => (
          <p key={folder.path} className="error-message">
            Skipped {visibleText(folder.path)}: {visibleText(folder.error ?? '')}
          </p>
        ))}
      <p className="muted" data-testid="preview-estimate">
        Estimated time: {formatDuration(summary.estimatedSeconds)}. Nothing has been downloaded yet.
      </p>
    </div>
  );
}
