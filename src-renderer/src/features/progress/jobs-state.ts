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
      const before = state.progress[action.jobId];
      const folders = { ...before?.folders, [action.progress.folder]: action.progress };
      return {
        ...state,
        progress: { ...state.progress, [action.jobId]: { latest: action.progress, folders } },
      };
    }
  }
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
