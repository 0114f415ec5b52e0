/** The dry run: what an import of this range would do, per folder, before anything is written. */
import type { ImportSummary } from '../../../../src-shared/domain.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { formatBytes, formatCount, formatDuration } from '../../lib/format.ts';

export function PreviewTable({ summary }: { summary: ImportSummary }) {
  const toFetch = summary.folders.reduce((sum, folder) => sum + (folder.toFetch ?? 0), 0);
  return (
    <div className="table-wrap">
      <table className="preview-table" aria-label="Import preview">
        <thead>
          <tr>
            <th scope="col">Folder</th>
            <th scope="col">In range</th>
            <th scope="col">Already archived</th>
            <th scope="col">To fetch</th>
            <th scope="col">Size</th>
          </tr>
        </thead>
        <tbody>
          {summary.folders.map((folder) => (
            <tr key={folder.path}>
              <th scope="row">{visibleText(folder.path)}</th>
              <td>{formatCount(folder.inRange)}</td>
              <td>{formatCount(folder.duplicates)}</td>
              <td>{formatCount(folder.toFetch ?? null)}</td>
              <td>{formatBytes(folder.bytes)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td>{formatCount(summary.inRange)}</td>
            <td>{formatCount(summary.duplicates)}</td>
            <td>{formatCount(toFetch)}</td>
            <td>{formatBytes(summary.bytes)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="muted" data-testid="preview-estimate">
        Estimated time: {formatDuration(summary.estimatedSeconds)}. Nothing has been downloaded yet.
      </p>
    </div>
  );
}
