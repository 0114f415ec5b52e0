import fs from 'node:fs';
import path from 'node:path';
import { scheduleEverySchema, type ScheduleEvery } from '../../../src-shared/ipc/contract.ts';

export const SCHEDULES_FILE = 'schedules.json';

export interface ScheduleStore {
  /** every account with a schedule other than off */
  all(): Record<string, ScheduleEvery>;
  get(account: string): ScheduleEvery;
  set(account: string, every: ScheduleEvery): void;
}

/**
 * `schedules.json` beside the archive, so the app and `mailtrove serve` on the same archive share it. A
 * missing or damaged file means no schedules; a write replaces the file whole (rename), never half.
 */
export function createScheduleStore(archiveDir: string): ScheduleStore {
  const file = path.join(archiveDir, SCHEDULES_FILE);
  const all = (): Record<string, ScheduleEvery> => {
    let value: unknown;
    try {
      value = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return {};
    }
    const schedules: Record<string, ScheduleEvery> = {};
    if (typeof value !== 'object' || value === null) return schedules;
    for (const [account, every] of Object.entries(value)) {
      const parsed = scheduleEverySchema.safeParse(every);
      if (parsed.success && parsed.data !== 'off') schedules[account] = parsed.data;
    }
    return schedules;
  };
  return {
    all,
    get: (account) => all()[account] ?? 'off',
    set(account, every) {
      const schedules = Object.fromEntries(
        Object.entries({ ...all(), [account]: every }).filter(([, e]) => e !== 'off'),
      );
      fs.mkdirSync(archiveDir, { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, `${JSON.stringify(schedules, null, 2)}\n`, { mode: 0o600 });
      fs.renameSync(temp, file);
    },
  };
}
