import type Database from 'better-sqlite3';
import type { FolderImportSummary } from '../../../src-shared/domain.ts';
import { hasFolderProblemsToRecord } from '../archive/folder-errors-repo.ts';
import type { ArchiveWriter } from '../archive/writer-thread.ts';
import type { FolderPlan } from './folder-plan.ts';

/**
 * Puts what the server got wrong about a folder into the error log and the summary, before anything of
 * the folder is written. Returns false when the folder is skipped whole: the caller then writes nothing
 * of it (no batch, no checkpoint), since every row of it is keyed by the UIDVALIDITY it lacks.
 */
export async function takeFolderProblems(
  plan: FolderPlan,
  summary: FolderImportSummary,
  run: {
    db: Database.Database;
    writer: ArchiveWriter;
    runId: number;
    folderId: number;
    onlyFailed: boolean;
  },
): Promise<boolean> {
  const entry = {
    runId: run.runId,
    folderId: run.folderId,
    problems: plan.problems.map(({ code, message }) => ({ code, message })),
    // A --retry-failed run looks at failed UIDs only: it cannot tell that a folder's other problems are gone.
    clearOthers: !run.onlyFailed,
  };
  if (hasFolderProblemsToRecord(run.db, entry)) await run.writer.run('folderProblems', entry);
  const skipped = plan.problems.find((p) => p.leftOut === null);
  if (skipped !== undefined) {
    summary.error = skipped.message;
    summary.uidValidity = null;
    return false;
  }
  // Messages left out (UIDs no message can have) are counted as failed by emptyFolderSummary.
  return true;
}

/** Messages of the folder the server's values left out, short of skipping it whole. */
export function leftOutByServer(plan: Pick<FolderPlan, 'problems'>): number {
  return plan.problems.reduce((n, p) => n + (p.leftOut ?? 0), 0);
}
