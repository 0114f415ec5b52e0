import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const PREPARE = "CallExpression[callee.property.name='prepare']";

async function rulesFor(file: string): Promise<Record<string, unknown[]>> {
  const config = (await new ESLint().calculateConfigForFile(file)) as {
    rules?: Record<string, unknown[]>;
  };
  return config.rules ?? {};
}

/** The selectors no-restricted-syntax bans in a file, by the project's lint config. */
async function bannedSyntax(file: string): Promise<string[]> {
  const rule = (await rulesFor(file))['no-restricted-syntax'] ?? [];
  return rule.slice(1).map((entry) => (entry as { selector: string }).selector);
}

describe('lint: SQL is prepared only in engine/archive', () => {
  it('bans .prepare( in search, export, jobs, the CLI and web, but not in the archive', async () => {
    for (const file of [
      'src-main/engine/search/search.ts',
      'src-main/engine/export/eml.ts',
      'src-main/engine/jobs/job-manager.ts',
      'src-main/cli/main.ts',
      'src-main/web/server.ts',
    ]) {
      expect(await bannedSyntax(file), file).toContain(PREPARE);
    }
    expect(await bannedSyntax('src-main/engine/archive/search-queries.ts')).not.toContain(PREPARE);
  });

  it('keeps the Electron IPC ban in the files it covers', async () => {
    const ipc = await bannedSyntax('src-main/engine/search/search.ts');
    expect(ipc.some((selector) => selector.includes('ipc(Main|Renderer)'))).toBe(true);
  });
});

describe('lint: migrations are frozen', () => {
  it('bans imports from outside migrations/ in a migration and in its frozen copies', async () => {
    for (const file of [
      'src-main/engine/archive/migrations/0002-search.ts',
      'src-main/engine/archive/migrations/frozen/segment-cjk-v2.ts',
    ]) {
      const rule = (await rulesFor(file))['no-restricted-imports'] ?? [];
      const groups = rule
        .slice(1)
        .flatMap((entry) => (entry as { patterns: { group: string[] }[] }).patterns)
        .flatMap((p) => p.group);
      expect(groups, file).toContain('../*');
    }
  });
});
