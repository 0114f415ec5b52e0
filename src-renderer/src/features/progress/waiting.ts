/**
 * What the window says while an import waits out a backoff: the engine's reason ends with its own
 * countdown ("…; retry 5 in 9.4 s"), frozen when it was written, so it is replaced by one live countdown.
 */
import { formatDuration } from '../../lib/format.ts';

export function waitingText(reason: string | null, secondsLeft: number | null): string {
  const match = /^(.*?);\s*retry (\d+) in [^;]*$/s.exec(reason ?? '');
  const why = (match?.[1] ?? reason ?? 'Waiting for the server').trim().replace(/[.\s]+$/, '');
  const attempt = match?.[2] === undefined ? '' : `Try ${match[2]} `;
  const when =
    secondsLeft !== null && secondsLeft > 0
      ? `${attempt}in ${formatDuration(secondsLeft)}.`
      : `${attempt === '' ? 'Continuing' : attempt.trim()} shortly.`;
  return `${why}. ${when.charAt(0).toUpperCase()}${when.slice(1)}`;
}

/** A backoff before a reconnect ("…; retry 5 in 9.4 s"), which "Retry now" can cut short; a rate limit cannot. */
export function isBackoff(reason: string | null): boolean {
  return /;\s*retry \d+ in [^;]*$/s.test(reason ?? '');
}

/** Folders whose whole job is done and found nothing to fetch: hidden from the per-folder bars. */
export function hasNothingToDo(folder: { phase: string; total: number }): boolean {
  return folder.phase === 'done' && folder.total === 0;
}
