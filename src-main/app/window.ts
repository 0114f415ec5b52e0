/** The app window and the Electron-side enforcement of the decisions in security.ts. */
import { app, BrowserWindow, screen, shell, type Session, type WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  APP_NAME,
  contentSecurityPolicy,
  isAllowedNavigation,
  opensInSystemBrowser,
  secureWebPreferences,
} from './security.ts';
import type { Bounds } from './window-bounds.ts';

/** Creates the main window (where it was last, if that still fits a screen) and starts loading the renderer. */
export function createMainWindow(bounds: Bounds | null = null): BrowserWindow {
  // The bundle runs from out/main/; electron-vite writes the preload to out/preload/ and the
  // renderer to out/renderer/. The preload is CommonJS because a sandboxed preload cannot be ESM.
  const preloadPath = path.join(import.meta.dirname, '../preload/index.cjs');
  const indexHtml = path.join(import.meta.dirname, '../renderer/index.html');
  // Only an unpackaged app follows ELECTRON_RENDERER_URL (set by `electron-vite dev`): a packaged
  // build must never load its UI from wherever an environment variable points.
  const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
  const appUrl = devServerUrl ?? pathToFileURL(indexHtml).href;
  // Set by electron.vite.config.ts for `electron-vite dev` only; see contentSecurityPolicy().
  const devScriptNonce = devServerUrl === undefined ? undefined : process.env['MAILTROVE_DEV_CSP_NONCE'];

  const window = new BrowserWindow({
    title: APP_NAME,
    width: 1100,
    height: 720,
    ...(bounds !== null && fitsAScreen(bounds) ? bounds : {}),
    minWidth: 640,
    minHeight: 420,
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  });

  hardenSession(window.webContents.session, contentSecurityPolicy({ devScriptNonce }));
  guardWebContents(window.webContents, appUrl);
  window.once('ready-to-show', () => {
    window.show();
  });

  const loading = devServerUrl === undefined ? window.loadFile(indexHtml) : window.loadURL(devServerUrl);
  loading.catch((error: unknown) => {
    console.error(`${APP_NAME}: could not load the window from ${appUrl}`, error);
  });
  return window;
}

/**
 * Session-wide rules. Re-running it is harmless: each webRequest event and permission hook holds one
 * listener, so a later call replaces the earlier one.
 */
function hardenSession(session: Session, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  // The placeholder UI needs no camera, notifications, clipboard reads or the like: refuse them all.
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

/** Keeps the window on the app: no popups, no navigation or redirect elsewhere, no <webview>. */
function guardWebContents(contents: WebContents, appUrl: string): void {
  // Never a window of our own; an https page (a provider's sign-in) opens in the system browser.
  contents.setWindowOpenHandler(({ url }) => {
    if (opensInSystemBrowser(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** A window saved on a monitor that is gone would open out of reach. */
function fitsAScreen(bounds: Bounds): boolean {
  return screen.getAllDisplays().some(({ workArea: area }) => {
    const overlapX = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
    const overlapY = Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y);
    return overlapX >= 100 && overlapY >= 100;
  });
}
