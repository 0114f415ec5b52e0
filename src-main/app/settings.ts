/**
 * Window bounds between runs, in electron-store's JSON file in the user's app data. Never secrets:
 * passwords live in the OS keychain only (PRODUCT.md §4).
 */
import Store from 'electron-store';
import { validBounds, type Bounds } from './window-bounds.ts';

interface SettingsShape {
  windowBounds: Bounds | null;
}

export interface Settings {
  windowBounds(): Bounds | null;
  saveWindowBounds(bounds: Bounds): void;
}

export function openSettings(): Settings {
  const store = new Store<SettingsShape>({
    name: 'settings',
    defaults: { windowBounds: null },
    // A hand-edited or truncated file must not keep the app from starting.
    clearInvalidConfig: true,
  });
  return {
    windowBounds: () => validBounds(store.get('windowBounds')),
    saveWindowBounds: (bounds) => {
      store.set('windowBounds', bounds);
    },
  };
}
