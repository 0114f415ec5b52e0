/** Names an export gets, and the web server's download route for it. Runs anywhere. */

/** GET ?query=… (or ?folder=…): the export as one mbox file, for a browser to download. */
export const EXPORT_DOWNLOAD_PATH = '/api/export.mbox';

/** "mailtrove-export-2026-11-24.mbox" for one file, "mailtrove-export-2026-11-24" for a folder of .eml. */
export function exportName(format: 'mbox' | 'eml', today: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const day = `${today.getFullYear()}-${two(today.getMonth() + 1)}-${two(today.getDate())}`;
  return format === 'mbox' ? `mailtrove-export-${day}.mbox` : `mailtrove-export-${day}`;
}

/** The download address of the mbox of a search's results. */
export function exportDownloadUrl(query: string): string {
  return `${EXPORT_DOWNLOAD_PATH}?${new URLSearchParams({ query }).toString()}`;
}
