import type Database from 'better-sqlite3';

/** A folder's entry in the error log: the server described it with a value that cannot be right. */
export interface FolderError {
  code: string;
  message: string;
  attempts: number;
  /** epoch ms of the last run that met it */
  at: number;
}

/**
 * Records what a scan found wrong with a folder: a problem met again counts one more attempt. With
 * `clearOthers` (a scan that looked at the whole folder), problems it no longer has are removed. Writes
 * nothing when there is nothing to record or clear (hasFolderProblemsToRecord asks first, so a clean
 * folder costs one read on the run's connection, never a wait behind the writer thread).
 */
export function recordFolderProblems(
  db: Database.Database,
  entry: {
    runId: number;
    folderId: number;
    problems: readonly { code: string; message: string }[];
    clearOthers: boolean;
  },
): void {
  const { runId, folderId, problems } = entry;
  const stale = staleProblems(db, entry);
  if (problems.length === 0 && stale.length === 0) return;
  const remove = db.prepare('DELETE FROM folder_errors WHERE folder_id = ? AND code = ?');
  const upsert = db.prepare(
    `INSERT INTO folder_errors (run_id, folder_id, code, message, attempts, at) VALUES (?, ?, ?, ?, 1, ?)
     ON CONFLICT (folder_id, code) DO UPDATE SET
       run_id = excluded.run_id, message = excluded.message, attempts = attempts + 1, at = excluded.at`,
  );
  db.transaction(() => {
    for (const code of stale) remove.run(folderId, code);
    for (const problem of problems) upsert.run(runId, folderId, problem.code, problem.message, Date.now());
  })();
}

/** Whether recordFolderProblems would write anything (read on the run's own connection). */
export function hasFolderProblemsToRecord(
  db: Database.Database,
  entry: { folderId: number; problems: readonly { code: string }[]; clearOthers: boolean },
): boolean {
  return entry.problems.length > 0 || staleProblems(db, entry).length > 0;
}

function staleProblems(
  db: Database.Database,
  entry: { folderId: number; problems: readonly { code: string }[]; clearOthers: boolean },
): string[] {
  if (!entry.clearOthers) return [];
  const recorded = db
    .prepare('SELECT code FROM folder_errors WHERE folder_id = ?')
    .pluck()
    .all(entry.folderId) as string[];
  return recorded.filter((code) => !entry.problems.some((p) => p.code === code));
}

/** The folder's entries in the error log, newest first. */
export function folderErrors(db: Database.Database, folderId: number): FolderError[] {
  return db
    .prepare(
      'SELECT code, message, attempts, at FROM folder_errors WHERE folder_id = ? ORDER BY at DESC, id DESC',
    )
    .all(folderId) as FolderError[];
}
