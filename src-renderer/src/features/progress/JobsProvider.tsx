/** Keeps every import job's state and progress, from `jobs:list` at startup and the pushed events. */
import { createContext, useContext, useEffect, useReducer, type ReactNode } from 'react';
import type { JobInfo } from '../../../../src-shared/domain.ts';
import { useApi } from '../../api/context.tsx';
import { emptyJobs, jobsReducer, type JobsState } from './jobs-state.ts';

interface JobsContextValue {
  state: JobsState;
  /** a job info from a reply (start, pause, …) may arrive before its event */
  update: (job: JobInfo) => void;
}

const JobsContext = createContext<JobsContextValue | null>(null);

export function JobsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [state, dispatch] = useReducer(jobsReducer, emptyJobs);

  useEffect(() => {
    const offState = api.on('job:state', (job) => {
      dispatch({ type: 'state', job });
    });
    const offProgress = api.on('import:progress', ({ jobId, progress }) => {
      dispatch({ type: 'progress', jobId, progress });
    });
    // Subscribe first, then list: a job that changes in between is caught by its event.
    void api.invoke('jobs:list', {}).then((reply) => {
      if (reply.ok) dispatch({ type: 'list', jobs: reply.value });
    });
    return () => {
      offState();
      offProgress();
    };
  }, [api]);

  const update = (job: JobInfo): void => {
    dispatch({ type: 'state', job });
  };
  return <JobsContext value={{ state, update }}>{children}</JobsContext>;
}

export function useJobs(): JobsContextValue {
  const value = useContext(JobsContext);
  if (value === null) throw new Error('useJobs() outside <JobsProvider>');
  return value;
}
