import { createScheduler, type JobManager, type Scheduler } from '../engine/api/index.ts';
import type { ErrorLog } from './reply.ts';
import { scheduleStoreFor, scheduleTiming } from './schedules.ts';

/**
 * The scheduler of a long-running process (the app's engine, `mailtrove serve`), started at once: a run
 * missed while the process was closed is caught up now, unless a resumed job of the account is running.
 */
export function startSchedules(archivePath: string, jobs: JobManager, log?: ErrorLog): Scheduler {
  const store = scheduleStoreFor(archivePath);
  const scheduler = createScheduler({
    jobs,
    schedules: () => store.all(),
    ...scheduleTiming(),
    onError: (account, error) => {
      const what = `scheduled import of ${account} did not start`;
      if (log) log(what, error);
      else console.error(`mailtrove: ${what}:`, error instanceof Error ? error.message : error);
    },
  });
  scheduler.start();
  return scheduler;
}
