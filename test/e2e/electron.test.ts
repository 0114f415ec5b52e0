/**
 * Launches the built app in the real Electron binary. Skipped where the binary was never downloaded
 * (npm install run with ELECTRON_SKIP_BINARY_DOWNLOAD, or with no access to Electron's release
 * downloads); run `npm run build` before it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * Where the Electron executable is, or why there is none. This mirrors node_modules/electron/index.js
 * instead of calling it: that module starts a download when path.txt is missing, which a test must not.
 */
function findElectron(): { executable: string } | { missing: string } {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('electron');
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const packageDir = path.dirname(entry);
  const pathFile = path.join(packageDir, 'path.txt');
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (!existsSync(pathFile) && override === undefined) {
    return { missing: `${pathFile} does not exist, so the Electron binary was never downloaded` };
  }
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron';
  const executable =
    override === undefined ? path.join(packageDir, 'dist', relative) : path.join(override, relative);
  if (!existsSync(executable)) return { missing: `the Electron binary ${executable} does not exist` };
  return { executable };
}

const found = findElectron();
const skipReason = 'missing' in found ? found.missing : null;
if (skipReason !== null) console.warn(`Skipping the Electron e2e tests: ${skipReason}.`);

describe.skipIf(skipReason !== null)('the Electron app', () => {
  it('opens a window titled MailTrove', async () => {
    if (!('executable' in found)) throw new Error('unreachable: the suite is skipped without Electron');
    const mainBundle = path.join(repoRoot, 'out/main/index.js');
    if (!existsSync(mainBundle)) throw new Error(`${mainBundle} is missing: run \`npm run build\` first`);

    // Launch the project directory so package.json "main" is what gets tested. Chromium refuses to run
    // as root with its OS sandbox, so only then is it turned off (the renderer is still isolated).
    const isRoot = process.getuid?.() === 0;
    const app = await electron.launch({
      executablePath: found.executable,
      args: [...(isRoot ? ['--no-sandbox'] : []), repoRoot],
      cwd: repoRoot,
    });
    try {
      const window = await app.firstWindow();
      await window.waitForLoadState('domcontentloaded');
      expect(await window.title()).toContain('MailTrove');
    } finally {
      await app.close();
    }
  });
});
