/** Electron IPC channel names shared by the preload and main; the web transport uses HTTP paths instead. */
export const INVOKE_CHANNEL = 'mailtrove:invoke';
export const EVENT_CHANNEL = 'mailtrove:event';
