/** Starts the engine's utility process and connects main's client to it. */
import { utilityProcess } from 'electron';
import path from 'node:path';
import { createEngineClient, type EngineClient } from './engine-client.ts';
import type { EnginePort } from './engine-protocol.ts';

export function launchEngine(options: { archivePath: string; version: string }): EngineClient {
  // electron-vite writes both entries next to each other in out/main/ (electron.vite.config.ts).
  const child = utilityProcess.fork(
    path.join(import.meta.dirname, 'engine-process.js'),
    [`--archive=${options.archivePath}`, `--version=${options.version}`],
    { serviceName: 'MailTrove engine', stdio: 'inherit' },
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
