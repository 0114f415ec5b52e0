/** What src-preload/index.ts exposes. Absent when the UI runs in a plain browser (the web transport). */
interface MailtroveBridge {
  readonly version: string;
}

interface Window {
  readonly mailtrove?: MailtroveBridge;
}

// Stylesheets are imported for their side effect; Vite bundles them.
declare module '*.css';
