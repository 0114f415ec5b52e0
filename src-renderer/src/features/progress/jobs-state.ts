/** What the window knows about import jobs: their states and the latest progress, folded from events. */
import type { ImportProgress, JobInfo, JobState } from '../../../../src-shared/domain.ts';

export interface JobProgress {
  /** the newest event: the overall counters and the folder being fetched */
  latest: ImportProgress;
  /** the newest event per folder, in the order the folders started */
  folders: Record<string, ImportProgress>;
}

export interface JobsState {
  jobs: Record<number, JobInfo>;
  progress: Record<number, JobProgress>;
}

export type JobsAction =
  | { type: 'list'; jobs: readonly JobInfo[] }
  | { type: 'state'; job: JobInfo }
  | { type: 'progress'; jobId: number; progress: ImportProgress };

export const emptyJobs: JobsState = { jobs: {}, progress: {} };

/** A job that may still fetch something: it holds the account's import controls. */
export function isActive(state: JobState): boolean {
  return state === 'queued' || state === 'running' || state === 'paused' || state === 'waiting';
}

export function jobsReducer(state: JobsState, action: JobsAction): JobsState {
  switch (action.type) {
    case 'list': {
      const jobs = { ...state.jobs };
      for (const job of action.jobs) jobs[job.id] = newer(jobs[job.id], job);
      return { ...state, jobs };
    }
    case 'state':
      return {
        ...state,
        jobs: { ...state.jobs, [action.job.id]: newer(state.jobs[action.job.id], action.job) },
      };
    case 'progress': {
      const folders = foldFolder(state.progress[action.jobId]?.folders ?? {}, action.progress);
      return {
        ...state,
        progress: { ...state.progress, [action.jobId]: { latest: action.progress, folders } },
      };
    }
  }
}

/**
 * Per-folder bars from the engine's rate-limited events (at most one per 250 ms). A quick folder can end
 * between two events, so its last event may still say 0 done: folders are fetched one after another,
 * so when a later folder starts fetching, or the run is done, the earlier ones are complete. A run that
 * stopped early (paused) completed nothing more: its folders keep the counts they had. A planning event
 * carries the previous folder's counters, so it only introduces a folder, never overwrites one.
 */
function foldFolder(
  before: Record<string, ImportProgress>,
  event: ImportProgress,
): Record<string, ImportProgress> {
  const folders: Record<string, ImportProgress> = {};
  for (const [name, folder] of Object.entries(before)) {
    const finished =
      (folder.phase === 'fetching' || folder.phase === 'stopped') &&
      (event.phase === 'done' || (event.phase === 'fetching' && event.folderIndex > folder.folderIndex));
    folders[name] = finished
      ? { ...folder, phase: 'done', done: folder.total, bytes: folder.totalBytes }
      : folder;
  }
  if (event.folder === '') return folders;
  if (event.phase === 'planning') {
    folders[event.folder] ??= { ...event, done: 0, total: 0, bytes: 0, totalBytes: 0 };
  } else if (event.phase === 'done') {
    folders[event.folder] = { ...event, done: event.total, bytes: event.totalBytes };
  } else if (event.phase === 'stopped' && folders[event.folder]?.phase !== 'fetching') {
    // The stopped run never started this folder (it stopped while scanning): nothing to show for it.
  } else {
    folders[event.folder] = event;
  }
  return folders;
}

/** A late `jobs:list` reply must not undo a state event that arrived before it. */
function newer(known: JobInfo | undefined, incoming: JobInfo): JobInfo {
  return known !== undefined && known.updatedAt > incoming.updatedAt ? known : incoming;
}

/** The account's most recent job (the one to show), or null. */
export function latestJob(state: JobsState, account: string): JobInfo | null {
  let found: JobInfo | null = null;
  for (const job of Object.values(state.jobs)) {
    if (job.account !== account) continue;
    if (
      found === null ||
      job.createdAt > found.createdAt ||
      (job.createdAt === found.createdAt && job.id > found.id)
    ) {
      found = job;
    }
  }
  return found;
}
