/**
 * The import's actions, stuck to the bottom of the window so the primary one is always in reach: the
 * live total of the selection, Preview, and "Import selection" (or "Start import" once a preview shows).
 */
import { formatBytes, formatCount } from '../../lib/format.ts';
import type { SelectionTotals } from './selection.ts';

interface Props {
  totals: SelectionTotals | null;
  problem: string | null;
  busy: 'preview' | 'start' | null;
  locked: boolean;
  previewShown: boolean;
  onPreview: () => void;
  onStart: () => void;
}

export function ImportActions({ totals, problem, busy, locked, previewShown, onPreview, onStart }: Props) {
  const disabled = locked || problem !== null;
  return (
    <div className="import-actions" role="group" aria-label="Import actions">
      <p className="selection-total" data-testid="selection-total" aria-live="polite">
        {problem ?? (totals === null ? 'Counting the folders…' : totalsText(totals))}
      </p>
      <button type="button" disabled={disabled} onClick={onPreview}>
        {busy === 'preview' ? 'Counting…' : 'Preview'}
      </button>
      <button type="button" className="primary" disabled={disabled} onClick={onStart}>
        {busy === 'start' ? 'Starting…' : previewShown ? 'Start import' : 'Import selection'}
      </button>
    </div>
  );
}

function totalsText(totals: SelectionTotals): string {
  const folders = `${formatCount(totals.folders)} folder${totals.folders === 1 ? '' : 's'}`;
  if (totals.messages === null) return `${folders} chosen`;
  const size = totals.bytes === null ? '' : `, ${formatBytes(totals.bytes)}`;
  return `${folders} chosen: ${formatCount(totals.messages)} messages${size} on the server, all dates`;
}
