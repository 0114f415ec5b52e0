/**
 * The lint rules that keep the layers apart fail on a deliberately wrong import. Each snippet is linted
 * as if it sat at the path given (type-aware rules off: the rules under test read only import paths); the
 * cycle is two real files under test/fixtures/lint/, which the normal lint run skips.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const PROBE = '__lint_probe__.ts';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    // The fixtures are in the config's ignores, so that `npm run lint` does not fail on the cycle.
    ignore: false,
    overrideConfig: [
      { files: [`**/${PROBE}`, 'test/fixtures/lint/**'], ...tseslint.configs.disableTypeChecked },
    ],
  });
});

/** The rule ids and messages ESLint reports for `code` placed at `dir`/__lint_probe__.ts. */
async function lint(dir: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, dir, PROBE) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('lint rules', { timeout: 120_000 }, () => {
  it('lets cli/ and handlers/ reach the engine only through engine/api', async () => {
    const wrong =
      "import { openArchive } from '../../engine/archive/open.ts';\nexport const x = openArchive;\n";
    expect(await lint('src-main/cli/commands', wrong)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*engine\/api/),
    ]);
    const typeOnly =
      "import type { JobManager } from '../engine/jobs/types.ts';\nexport type X = JobManager;\n";
    expect(await lint('src-main/handlers', typeOnly)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*engine\/api/),
    ]);
    const right =
      "import { createEngine } from '../../engine/api/index.ts';\nexport const x = createEngine;\n";
    expect(await lint('src-main/cli/commands', right)).toEqual([]);
  });

  it('keeps engine folders in one order, even for a type', async () => {
    const upward = "import type { JobManager } from '../jobs/types.ts';\nexport type X = JobManager;\n";
    expect(await lint('src-main/engine/archive', upward)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*engine\/archive imports only/),
    ]);
    const deeper =
      "import { searchArchive } from '../../search/search.ts';\nexport const x = searchArchive;\n";
    expect(await lint('src-main/engine/archive/migrations', deeper)).toHaveLength(1);
    const downward =
      "import { getAccount } from '../archive/accounts-repo.ts';\nexport const x = getAccount;\n";
    expect(await lint('src-main/engine/import', downward)).toEqual([]);
  });

  it('reports an import cycle', async () => {
    const [result] = await eslint.lintFiles([path.join(root, 'test/fixtures/lint/cycle/a.ts')]);
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['import-x/no-cycle']);
  });

  it('keeps the preload to contextBridge, ipcRenderer and src-shared', async () => {
    expect(await lint('src-preload', "import fs from 'node:fs';\nexport const x = fs;\n")).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*src-preload imports only/),
    ]);
    expect(await lint('src-preload', "import { shell } from 'electron';\nexport const x = shell;\n")).toEqual(
      [expect.stringMatching(/^no-restricted-imports: /)],
    );
    const shared =
      "import type { Reply } from '../src-shared/ipc/contract.ts';\nexport type X = Reply<number>;\n";
    expect(await lint('src-preload', shared)).toEqual([]);
  });

  it('keeps the CLI out of the Electron app', async () => {
    const wrong = "import { main } from '../cli/main.ts';\nexport const x = main;\n";
    expect(await lint('src-main/app', wrong)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*never imports the CLI/),
    ]);
  });

  it('caps a file at 400 lines of code', async () => {
    const long = Array.from({ length: 401 }, (_, i) => `export const line${i} = ${i};`).join('\n');
    expect(await lint('src-main/engine', `// ${'comment\n// '.repeat(50)}\n${long}\n`)).toEqual([
      expect.stringMatching(/^max-lines: /),
    ]);
    const blankAndComments = `${'\n// a comment\n'.repeat(300)}${long.split('\n').slice(0, 400).join('\n')}\n`;
    expect(await lint('src-main/engine', blankAndComments)).toEqual([]);
  });
});
