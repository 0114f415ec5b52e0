/**
 * Window bounds and the window's last choices between runs, in electron-store's JSON file in the user's app data. Never secrets:
 * passwords live in the OS keychain only.
 */
import Store from 'electron-store';
import { lastChoicesSchema, type LastChoices } from '../../src-shared/ipc/contract.ts';
import type { SettingsStore } from '../handlers/settings.ts';
import { validBounds, type Bounds } from './window-bounds.ts';

interface SettingsShape {
  windowBounds: Bounds | null;
  lastChoices: LastChoices | null;
}

/** The window's bounds, and its last choices (served to the page as settings:get / settings:set). */
export interface Settings extends SettingsStore {
  windowBounds(): Bounds | null;
  saveWindowBounds(bounds: Bounds): void;
}

export function openSettings(): Settings {
  const store = new Store<SettingsShape>({
    name: 'settings',
    defaults: { windowBounds: null, lastChoices: null },
    // A hand-edited or truncated file must not keep the app from starting.
    clearInvalidConfig: true,
  });
  return {
    windowBounds: () => validBounds(store.get('windowBounds')),
    saveWindowBounds: (bounds) => {
      store.set('windowBounds', bounds);
    },
    lastChoices: () => {
      const parsed = lastChoicesSchema.safeParse(store.get('lastChoices'));
      return parsed.success ? parsed.data : null;
    },
    saveLastChoices: (choices) => {
      store.set('lastChoices', choices);
    },
  };
}
