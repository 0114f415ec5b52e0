/** "Keep this account up to date": the account's schedule, run while the app (or `mailtrove serve`) is open. */
import { useEffect, useState } from 'react';
import type { ReplyError, ScheduleEvery, ScheduleView } from '../../../../src-shared/ipc/contract.ts';
import { useApi } from '../../api/context.tsx';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { settle } from '../../ui/reply.ts';

const CHOICES: readonly ScheduleEvery[] = ['off', 'hourly', 'daily', 'weekly'];

export function KeepUpToDate({ account }: { account: string }) {
  const api = useApi();
  const [schedule, setSchedule] = useState<ScheduleView | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);

  useEffect(() => {
    let current = true;
    void settle(api.invoke('schedule:get', { account })).then((reply) => {
      if (!current) return;
      if (reply.ok) setSchedule(reply.value);
      else setError(reply.error);
    });
    return () => {
      current = false;
    };
  }, [api, account]);

  async function choose(every: ScheduleEvery): Promise<void> {
    setError(null);
    const reply = await settle(api.invoke('schedule:set', { account, every }));
    if (reply.ok) setSchedule(reply.value);
    else setError(reply.error);
  }

  const next = schedule?.nextRunAt ?? null;
  return (
    <div className="keep-up-to-date">
      <label>
        Keep this account up to date:{' '}
        <select
          value={schedule?.every ?? 'off'}
          disabled={schedule === null}
          onChange={(event) => void choose(event.target.value as ScheduleEvery)}
        >
          {CHOICES.map((every) => (
            <option key={every} value={every}>
              {every}
            </option>
          ))}
        </select>
      </label>
      {next !== null && (
        <span className="hint">
          {' '}
          next run {next <= Date.now() ? 'due now' : new Date(next).toLocaleString()}
        </span>
      )}
      {error !== null && <ErrorBox error={error} title="The schedule was not changed" />}
    </div>
  );
}
