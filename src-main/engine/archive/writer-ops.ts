import type Database from 'better-sqlite3';
import type { ImportOptions, ImportSummary, JobInfo } from '../../../src-shared/domain.ts';
import { recordFolderProblems } from './folder-errors-repo.ts';
import { completeCheckpoint, ensureFolders } from './folders-repo.ts';
import { updateJob, type JobUpdate } from './jobs-repo.ts';
import { createBatchWriter, type Batch, type BatchResult } from './messages-repo.ts';
import { finishRun, startRun, type RunStatus } from './runs-repo.ts';
import { addDownloaded, recordScan, type ScanRecord } from './scans-repo.ts';
import { applyThreads, type ThreadChanges } from './threads-repo.ts';

type FolderRow = { path: string; delimiter: string; specialUse: string | null };

/**
 * Every write an import makes, by name, each taking one structured-cloneable argument: the writer
 * thread (writer-worker.ts) runs them on its connection, and outside a thread they run on the caller's.
 */
export function createWriteOps(db: Database.Database) {
  const writeBatch = createBatchWriter(db);
  return {
    batch: (batch: Batch): BatchResult => writeBatch(batch),
    scan: (scan: ScanRecord): null => {
      recordScan(db, scan);
      return null;
    },
    startRun: (a: { accountId: number; options: ImportOptions; jobId: number | null }): number =>
      startRun(db, a.accountId, a.options, a.jobId),
    finishRun: (a: { runId: number; status: RunStatus; summary: ImportSummary }): null => {
      finishRun(db, a.runId, a.status, a.summary);
      return null;
    },
    ensureFolders: (a: { accountId: number; folders: FolderRow[] }): Map<string, number> =>
      ensureFolders(db, a.accountId, a.folders),
    addDownloaded: (a: { accountId: number; day: string; bytes: number }): null => {
      addDownloaded(db, a.accountId, a.day, a.bytes);
      return null;
    },
    completeCheckpoint: (checkpoint: Parameters<typeof completeCheckpoint>[1]): null => {
      completeCheckpoint(db, checkpoint);
      return null;
    },
    folderProblems: (entry: Parameters<typeof recordFolderProblems>[1]): null => {
      recordFolderProblems(db, entry);
      return null;
    },
    threads: (changes: ThreadChanges): null => {
      applyThreads(db, changes);
      return null;
    },
    updateJob: (a: { jobId: number; update: JobUpdate }): JobInfo => updateJob(db, a.jobId, a.update),
    /** writes nothing: answered once every write asked for before it is committed */
    flush: (): null => null,
  };
}

export type WriteOps = ReturnType<typeof createWriteOps>;
export type WriteName = keyof WriteOps;
export type WriteArg<K extends WriteName> = Parameters<WriteOps[K]>[0];
export type WriteResult<K extends WriteName> = ReturnType<WriteOps[K]>;

/** Runs the named write on `ops`' connection (the dispatch both sides of the thread share). */
export function applyWrite(ops: WriteOps, name: WriteName, arg: unknown): unknown {
  return (ops[name] as (arg: unknown) => unknown)(arg);
}
