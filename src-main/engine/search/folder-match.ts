/**
 * Which folders `folder:NAME` means, compared as people read names: accents and case folded (as the
 * text index folds words), the folder itself or any below it, or a folder whose name holds NAME's words
 * in a row. So folder:Unicode finds "Ünïcode Ordner", folder:old finds "Old Mail"; folder:Arch finds
 * nothing (a word is never cut).
 */

/** "Ünïcode" → "unicode": marks removed after canonical decomposition, then lower case. */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

function words(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return false;
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, j) => haystack[i + j] === w)) return true;
  }
  return false;
}

export interface FolderName {
  id: number;
  path: string;
  /** the server's hierarchy delimiter; null in a flat namespace */
  delimiter: string | null;
}

/** The ids of the folders `folder:query` matches. */
export function matchFolders(folders: readonly FolderName[], query: string): number[] {
  const wanted = foldName(query);
  const wantedWords = words(wanted);
  return folders
    .filter((f) => {
      const path = foldName(f.path);
      if (path === wanted) return true;
      if (f.delimiter !== null && path.startsWith(wanted + foldName(f.delimiter))) return true;
      return containsRun(words(path), wantedWords);
    })
    .map((f) => f.id);
}
