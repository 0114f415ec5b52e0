import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

/**
 * Loaded at run time from node_modules, never bundled: native addons (better-sqlite3, @napi-rs/keyring)
 * resolve their .node binary next to their own files, and piscina / imapflow start workers from files
 * inside their packages. externalizeDeps already keeps every "dependencies" entry external; listing them
 * here keeps them external even if that default changes or one of them moves to devDependencies.
 */
const runtimeOnly = ['better-sqlite3', '@napi-rs/keyring', 'imapflow', 'piscina'];
const runtimeOnlyPattern = new RegExp(`^(${runtimeOnly.join('|')})(/.*)?$`);

export default defineConfig(({ command }) => {
  // `electron-vite dev` only: a fresh nonce per run lets the dev server's inline React Fast Refresh
  // preamble through the CSP. Vite stamps it on the scripts it serves (html.cspNonce); the Electron
  // process it spawns inherits this environment and adds the nonce to its CSP header (window.ts).
  const devScriptNonce = command === 'serve' ? randomBytes(18).toString('base64') : undefined;
  if (devScriptNonce !== undefined) process.env['MAILTROVE_DEV_CSP_NONCE'] = devScriptNonce;

  return {
    main: {
      build: {
        externalizeDeps: true,
        rolldownOptions: {
          // The engine runs in a utility process of its own (engine-launcher.ts forks engine-process.js).
          input: {
            index: resolve(root, 'src-main/app/main.ts'),
            'engine-process': resolve(root, 'src-main/app/engine-process.ts'),
            // The MIME parser's worker threads load this file (src-main/engine/mime/pool.ts).
            'parse-worker': resolve(root, 'src-main/engine/mime/worker.ts'),
            // The import's archive writer thread loads this one (src-main/engine/archive/writer-thread.ts).
            'archive-writer': resolve(root, 'src-main/engine/archive/writer-worker.ts'),
          },
          external: [runtimeOnlyPattern],
        },
      },
    },
    preload: {
      build: {
        // A sandboxed preload can require only 'electron' and a few polyfilled built-ins, so bundle
        // everything else into it.
        externalizeDeps: false,
        rolldownOptions: {
          input: { index: resolve(root, 'src-preload/index.ts') },
          // Sandboxed preloads cannot be ES modules. With "type": "module" in package.json electron-vite
          // would emit ESM (index.mjs), so ask for CommonJS and name it .cjs so Node agrees.
          output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
        },
      },
    },
    renderer: {
      root: resolve(root, 'src-renderer'),
      plugins: [react()],
      ...(devScriptNonce === undefined ? {} : { html: { cspNonce: devScriptNonce } }),
      build: {
        rolldownOptions: {
          input: { index: resolve(root, 'src-renderer/index.html') },
        },
      },
    },
  };
});
