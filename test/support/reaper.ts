/**
 * Child processes that tests start (Dovecot, gnome-keyring, `mailtrove serve`) die with the test
 * process on every path: a normal exit, a failed hook, a timeout that kills the worker, or Ctrl-C.
 * Group leaders (spawned with `detached`) are killed with their whole group, so a Dovecot master
 * takes its login and auth children along.
 */
import type { ChildProcess } from 'node:child_process';

const tracked = new Set<ChildProcess>();
const leaders = new WeakSet<ChildProcess>();
let hooksInstalled = false;

/** Kills `child` (and its group when it leads one) if it is still running. */
export function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (leaders.has(child)) process.kill(-child.pid, signal);
    else process.kill(child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Registers a child to be killed when this process ends; `detached` says it leads its own group. */
export function reapOnExit(child: ChildProcess, options: { detached: boolean }): void {
  if (options.detached) leaders.add(child);
  tracked.add(child);
  child.once('exit', () => tracked.delete(child));
  installHooks();
}

function killAll(): void {
  for (const child of tracked) killTree(child);
  tracked.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // Then die of the same signal, as the default handler would have.
      process.kill(process.pid, signal);
    });
  }
}
