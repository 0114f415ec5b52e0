/** Electron entry: one instance, one window; the engine runs in its own utility process. */
import { app, BrowserWindow, dialog, Notification, type IpcMainInvokeEvent } from 'electron';
import type { ImportProgress, JobInfo } from '../../src-shared/domain.ts';
import { defaultArchivePath } from '../engine/archive/location.ts';
import type { EngineClient } from './engine-client.ts';
import { answerExportChoose, isExportChooseChannel, type ShowSaveDialog } from './export-dialog.ts';
import { launchEngine } from './engine-launcher.ts';
import { handleInvokes, pushEvent } from './ipc-main.ts';
import { createJobFeedback, type FeedbackUpdate } from './job-feedback.ts';
import { APP_NAME } from './security.ts';
import { answerSettings, isSettingsChannel } from '../handlers/settings.ts';
import { openSettings, type Settings } from './settings.ts';
import { createMainWindow } from './window.ts';

// Every renderer sandboxed, whatever a future BrowserWindow forgets to say. Must run before 'ready'.
app.enableSandbox();

// A second instance would open a second writer on the same archive: hand over to the first instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  let engine: EngineClient | null = null;
  let engineClosed = false;
  const feedback = createJobFeedback();
  // Opened on first use: electron-store needs the app's paths, which exist once 'ready' has fired.
  let settingsStore: Settings | null = null;
  const settings = (): Settings => (settingsStore ??= openSettings());

  const openMainWindow = (): void => {
    const window = createMainWindow(settings().windowBounds());
    window.on('close', () => {
      settings().saveWindowBounds(window.getNormalBounds());
    });
    window.on('closed', () => {
      mainWindow = null;
    });
    mainWindow = window;
  };

  /** Only the main window's own top frame may talk to the engine; not subframes (mail HTML), not popups. */
  const isTrusted = (event: IpcMainInvokeEvent): boolean =>
    mainWindow !== null &&
    event.sender === mainWindow.webContents &&
    event.senderFrame !== null &&
    event.senderFrame === event.sender.mainFrame;

  const apply = (update: FeedbackUpdate): void => {
    if (update.bar !== null) mainWindow?.setProgressBar(update.bar);
    if (update.notice !== null && Notification.isSupported()) new Notification(update.notice).show();
  };

  const startEngine = (): void => {
    const client = launchEngine({
      archivePath: process.env['MAILTROVE_ARCHIVE'] ?? defaultArchivePath(),
      version: app.getVersion(),
    });
    client.onEvent((event, payload) => {
      if (mainWindow !== null) pushEvent(mainWindow.webContents, event, payload);
      // The protocol pairs each event name with its payload (contract.ts Events).
      if (event === 'import:progress') {
        const { jobId, progress } = payload as { jobId: number; progress: ImportProgress };
        apply(feedback.progress(jobId, progress));
      } else {
        apply(feedback.state(payload as JobInfo));
      }
    });
    const showSaveDialog: ShowSaveDialog = (options) =>
      mainWindow === null ? dialog.showSaveDialog(options) : dialog.showSaveDialog(mainWindow, options);
    // Settings live in electron-store and dialogs belong to windows, both in the main process: answered
    // here, not forwarded.
    handleInvokes(isTrusted, (channel, request) =>
      isSettingsChannel(channel)
        ? Promise.resolve(answerSettings(settings(), channel, request))
        : isExportChooseChannel(channel)
          ? answerExportChoose(showSaveDialog, request, { directory: app.getPath('documents') })
          : client.invoke(channel, request),
    );
    engine = client;
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

  // Quitting stops running imports at their next batch boundary and leaves them queued, so the next start resumes them.
  app.on('before-quit', (event) => {
    if (engine === null || engineClosed) return;
    event.preventDefault();
    void engine.close().then(() => {
      engineClosed = true;
      app.quit();
    });
  });

  app
    .whenReady()
    .then(() => {
      startEngine();
      openMainWindow();
    })
    .catch((error: unknown) => {
      console.error(`${APP_NAME} could not start`, error);
      app.exit(1);
    });
}
