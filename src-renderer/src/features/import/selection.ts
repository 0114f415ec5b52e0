/**
 * What an import takes, as one object: the folders and the date range. A preset such as "last year"
 * fills it; the preview, the totals and "Import selection" all read the same object.
 */
import type { DateRange, FolderInfo, ImportOptions } from '../../../../src-shared/domain.ts';
import { defaultSelection } from '../folders/tree.ts';
import { presetRange } from './dates.ts';
import { importOptions } from './options.ts';

export interface Selection {
  folders: ReadonlySet<string>;
  range: DateRange;
}

/** "Last year": every folder but Junk and Trash, the last 365 days. */
export function lastYearSelection(folders: readonly FolderInfo[], today: Date): Selection {
  return { folders: defaultSelection(folders), range: presetRange('year', today) };
}

/** Every folder that can hold messages. */
export function allFolders(folders: readonly FolderInfo[]): Set<string> {
  return new Set(folders.filter((f) => f.selectable).map((f) => f.path));
}

export interface SelectionTotals {
  folders: number;
  /** null when the server reported no count for a chosen folder */
  messages: number | null;
  bytes: number | null;
}

/** What the chosen folders hold on the server, all dates (the preview counts the range). */
export function selectionTotals(selection: Selection, folders: readonly FolderInfo[]): SelectionTotals {
  let messages: number | null = 0;
  let bytes: number | null = 0;
  let count = 0;
  for (const folder of folders) {
    if (!selection.folders.has(folder.path) || !folder.selectable) continue;
    count += 1;
    messages = messages === null || folder.messages === null ? null : messages + folder.messages;
    bytes = bytes === null || folder.bytes === null ? null : bytes + folder.bytes;
  }
  return { folders: count, messages, bytes };
}

/** The options the engine is asked for; see importOptions for when the folder list is sent. */
export function selectionOptions(selection: Selection, folders: readonly FolderInfo[]): ImportOptions {
  return importOptions(selection.folders, defaultSelection(folders), selection.range, false);
}
