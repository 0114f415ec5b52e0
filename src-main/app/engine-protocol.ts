/**
 * Messages between the main process and the engine's utility process. Structured-clone data only:
 * replies are values (the contract's Reply), never thrown errors, because errors lose their fields here too.
 */
import type { Channel, EventName, Events, Reply } from '../../src-shared/ipc/contract.ts';

export type ToEngine =
  | { type: 'invoke'; id: number; channel: Channel; request: unknown }
  /** pause running jobs, close the archive, then answer 'closed' */
  | { type: 'close' };

export type FromEngine =
  | { type: 'ready' }
  /** the engine could not open the archive; the window shows why */
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; reply: Reply<unknown> }
  | { type: 'event'; event: EventName; payload: Events[EventName] }
  | { type: 'closed' };

/** What main needs of the utility process (Electron's UtilityProcess, or a fake in tests). */
export interface EnginePort {
  postMessage(message: ToEngine): void;
  on(event: 'message', listener: (message: FromEngine) => void): unknown;
}
