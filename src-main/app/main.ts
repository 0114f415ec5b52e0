/** Electron entry: one instance, one window. */
import { app, BrowserWindow } from 'electron';
import { APP_NAME } from './security.ts';
import { createMainWindow } from './window.ts';

// Every renderer sandboxed, whatever a future BrowserWindow forgets to say. Must run before 'ready'.
app.enableSandbox();

// A second instance would open a second writer on the same archive: hand over to the first instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;

  const openMainWindow = (): void => {
    mainWindow = createMainWindow();
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // macOS apps stay alive without windows until Cmd+Q; re-open one from the dock.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });

  app
    .whenReady()
    .then(openMainWindow)
    .catch((error: unknown) => {
      console.error(`${APP_NAME} could not start`, error);
      app.exit(1);
    });
}
