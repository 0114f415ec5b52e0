import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { createJobManager, createKeychainSecretStore, DEFAULT_RETRY } from '../../engine/api/index.ts';
import { contextOf } from '../context.ts';
import { listenPort } from '../parse-options.ts';
import { discoverySrv, retryBaseDelayMs } from './test-hooks.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
/** What `npm run build` (electron-vite) writes for the window; the browser gets the same files. */
const RENDERER_DIR = path.join(repoRoot, 'out', 'renderer');

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the app to your browser on 127.0.0.1 (prints the address with its token first)')
    .option('--port <n>', 'port to listen on (default or 0: any free port)', listenPort)
    .action(async (flags: { port?: number }, command: Command) => {
      const { archivePath, out } = contextOf(command);
      const secrets = createKeychainSecretStore();
      // Loaded here, not with the CLI: the handlers and the web server doubled the start of every other
      // command (a third of a second of module loading for `mailtrove status`).
      const [{ startEngineHost }, { startWebServer }] = await Promise.all([
        import('../../handlers/engine-host.ts'),
        import('../../web/server.ts'),
      ]);
      const version = (
        JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }
      ).version;
      const host = startEngineHost({
        archivePath,
        secrets,
        version,
        // Test hooks aside (backoff in ms, a discovery target), the defaults of the job manager and DNS.
        createJobs: (deps) =>
          createJobManager({ ...deps, settings: { retry: { ...DEFAULT_RETRY, ...retryBaseDelayMs() } } }),
        ...discoverySrv(),
      });
      const staticDir = fs.existsSync(path.join(RENDERER_DIR, 'index.html')) ? RENDERER_DIR : null;
      let server;
      try {
        server = await startWebServer({ handlers: host.handlers, staticDir, port: flags.port ?? 0 });
      } catch (error) {
        await host.close();
        throw error;
      }
      // The first line of stdout is the address, for scripts and tests to read.
      process.stdout.write(`${server.url}\n`);
      if (staticDir === null)
        out.info(`No built app in ${RENDERER_DIR}: serving the API only (run npm run build).`);
      out.info(
        'Serving the archive on 127.0.0.1 only. Ctrl-C stops; running imports go on at the next start.',
      );
      const resumed = await host.jobs.resumeInterrupted();
      if (resumed.length > 0) out.info(`Resumed ${resumed.length} interrupted import(s).`);
      await untilStopped((text) => {
        out.info(text);
      });
      out.info('Pausing imports at their next batch…');
      await server.close();
      await host.close();
    });
}

/** Resolves on the first Ctrl-C or SIGTERM; a second Ctrl-C quits at once (nothing is lost either way). */
function untilStopped(info: (text: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.once('SIGINT', () => {
        info('Quitting at once; the interrupted batch is fetched again next time.');
        process.exit(130);
      });
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
