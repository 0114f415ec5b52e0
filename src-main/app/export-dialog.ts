/**
 * "Export…" in the app: the destination comes from the native save dialog, shown by main (the window
 * cannot). Pure apart from the dialog function it is given, so tests drive it with a fake.
 */
import path from 'node:path';
import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { parseRequest, type Replies, type Reply } from '../../src-shared/ipc/contract.ts';
import { exportName } from '../../src-shared/export-names.ts';

/** Electron's dialog.showSaveDialog, bound to the window it belongs to. */
export type ShowSaveDialog = (options: SaveDialogOptions) => Promise<SaveDialogReturnValue>;

export function isExportChooseChannel(channel: unknown): channel is 'export:choose' {
  return channel === 'export:choose';
}

/**
 * The dialog for one export. It asks before replacing an existing file (always on macOS and Windows,
 * by `showOverwriteConfirmation` on Linux), which is the confirmation the window passes on as
 * `overwrite: true`. For .eml the name is a folder the export creates.
 */
export function exportDialogOptions(
  format: 'mbox' | 'eml',
  directory: string,
  today: Date,
): SaveDialogOptions {
  const defaultPath = path.join(directory, exportName(format, today));
  return format === 'mbox'
    ? {
        title: 'Export as mbox',
        defaultPath,
        buttonLabel: 'Export',
        filters: [{ name: 'mbox', extensions: ['mbox'] }],
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      }
    : {
        title: 'Export as .eml files',
        defaultPath,
        buttonLabel: 'Export',
        nameFieldLabel: 'New folder:',
        message: 'MailTrove creates this folder and writes one .eml file per message into it.',
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      };
}

/** Answers 'export:choose': the chosen path, or null when the user cancelled. Nothing is written here. */
export async function answerExportChoose(
  showSaveDialog: ShowSaveDialog,
  request: unknown,
  defaults: { directory: string; today?: Date },
): Promise<Reply<Replies['export:choose']>> {
  const parsed = parseRequest('export:choose', request);
  if (!parsed.ok) return parsed;
  const options = exportDialogOptions(parsed.value.format, defaults.directory, defaults.today ?? new Date());
  let chosen: SaveDialogReturnValue;
  try {
    chosen = await showSaveDialog(options);
  } catch {
    return { ok: false, error: { code: 'internal', message: 'The save dialog could not be shown.' } };
  }
  const picked = !chosen.canceled && chosen.filePath !== '' && path.isAbsolute(chosen.filePath);
  return { ok: true, value: { path: picked ? chosen.filePath : null } };
}
