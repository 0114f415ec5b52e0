/** Picks how the window talks to the engine: the preload's bridge in Electron, HTTP in a browser. */
import type { MailtroveApi } from '../../../src-shared/ipc/contract.ts';
import { createWebApi } from './web.ts';

export interface Transport {
  api: MailtroveApi;
  kind: 'electron' | 'web';
}

export function pickTransport(): Transport {
  const bridge = window.mailtrove;
  if (bridge?.invoke !== undefined && bridge.on !== undefined) {
    const { invoke, on } = bridge;
    return { kind: 'electron', api: { invoke, on } };
  }
  return { kind: 'web', api: createWebApi() };
}
