/**
 * The only door between the page and the app. For now it exposes the app version; the IPC contract
 * from src-shared replaces this in a later issue. Runs sandboxed: only 'electron' can be required.
 */
import { contextBridge } from 'electron';

/** Replaced at build time with package.json's version (electron.vite.config.ts, preload `define`). */
declare const __MAILTROVE_VERSION__: string;

contextBridge.exposeInMainWorld('mailtrove', Object.freeze({ version: __MAILTROVE_VERSION__ }));
