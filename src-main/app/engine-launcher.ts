/** Starts the engine's utility process and connects main's client to it. */
import { utilityProcess } from 'electron';
import path from 'node:path';
import { IMPORT_ENV } from '../engine/memory-tuning.ts';
import { createEngineClient, type EngineClient } from './engine-client.ts';
import type { EnginePort } from './engine-protocol.ts';

export function launchEngine(options: { archivePath: string; version: string }): EngineClient {
  // electron-vite writes both entries next to each other in out/main/ (electron.vite.config.ts).
  const child = utilityProcess.fork(
    path.join(import.meta.dirname, 'engine-process.js'),
    [`--archive=${options.archivePath}`, `--version=${options.version}`],
    // The CLI's import also starts with smaller V8 generations (memory-tuning.ts); whether a utility process
    // honours V8 flags in execArgv is unverified without an Electron binary here, so only the allocator
    // setting, an environment variable, is passed on.
    { serviceName: 'MailTrove engine', stdio: 'inherit', env: { ...IMPORT_ENV, ...process.env } },
  );
  // UtilityProcess types its messages as any; engine-protocol.ts types them.
  const port: EnginePort = {
    postMessage: (message) => {
      child.postMessage(message);
    },
    on: (event, listener) => child.on(event, listener),
  };
  const client = createEngineClient(port);
  child.on('exit', (code) => {
    client.exited(`exit code ${code}`);
  });
  return client;
}
