/**
 * What src-preload/index.ts exposes: the contract's API (plus the app version). Absent when the UI runs
 * in a plain browser, where the web transport takes its place.
 */
interface Window {
  readonly mailtrove?: Partial<import('../../src-shared/ipc/contract.ts').MailtroveApi> & {
    readonly version?: string;
  };
}

// Stylesheets are imported for their side effect; Vite bundles them.
declare module '*.css';
