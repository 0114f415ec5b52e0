import fs from 'node:fs';
import path from 'node:path';
import {
  lastChoicesSchema,
  parseRequest,
  type LastChoices,
  type Replies,
  type Reply,
} from '../../src-shared/ipc/contract.ts';
import { archiveDirectory } from '../engine/api/index.ts';
import type { HandlerTable } from './types.ts';

/** Where the window's last choices live: electron-store in the app, a JSON file next to the archive otherwise. */
export interface SettingsStore {
  lastChoices(): LastChoices | null;
  saveLastChoices(choices: LastChoices): void;
}

export type SettingsChannel = 'settings:get' | 'settings:set';

export function settingsHandlers(store: SettingsStore): HandlerTable<SettingsChannel> {
  return {
    'settings:get': () => ({ lastChoices: store.lastChoices() }),
    'settings:set': ({ lastChoices }) => {
      store.saveLastChoices(lastChoices);
      return { lastChoices };
    },
  };
}

export function isSettingsChannel(channel: unknown): channel is SettingsChannel {
  return channel === 'settings:get' || channel === 'settings:set';
}

/** Answers a settings request in the process that owns the store (Electron's main process). */
export function answerSettings(
  store: SettingsStore,
  channel: SettingsChannel,
  request: unknown,
): Reply<Replies[SettingsChannel]> {
  if (channel === 'settings:get') {
    const parsed = parseRequest('settings:get', request);
    return parsed.ok ? { ok: true, value: { lastChoices: store.lastChoices() } } : parsed;
  }
  const parsed = parseRequest('settings:set', request);
  if (!parsed.ok) return parsed;
  store.saveLastChoices(parsed.value.lastChoices);
  return { ok: true, value: parsed.value };
}

/**
 * `settings.json` beside the archive, readable by the user alone like the archive itself. A missing or
 * damaged file means "no choices yet", never an error.
 */
export function createFileSettingsStore(archivePath: string): SettingsStore {
  // Beside the database file, whichever form --archive took (a directory, x.sqlite, x.db, an existing file).
  const dir = archiveDirectory(archivePath);
  const file = path.join(dir, 'settings.json');
  return {
    lastChoices() {
      try {
        const parsed = lastChoicesSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    saveLastChoices(choices) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, `${JSON.stringify(choices)}\n`, { mode: 0o600 });
    },
  };
}
