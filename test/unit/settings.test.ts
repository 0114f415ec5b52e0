import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LastChoices } from '../../src-shared/ipc/contract.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import {
  answerSettings,
  createFileSettingsStore,
  type SettingsStore,
} from '../../src-main/handlers/settings.ts';
import { createHandlerArchive, type HandlerArchive } from '../support/handler-archive.ts';

const choices: LastChoices = { account: 'work', rangePreset: 'all', previewFirst: false };

describe('the window remembers its last choices', () => {
  let archive: HandlerArchive;
  beforeEach(() => {
    archive = createHandlerArchive();
  });
  afterEach(() => {
    archive.close();
  });

  it('starts with none, keeps what it is told in settings.json beside the archive (user-only), across restarts', async () => {
    expect(await archive.handlers.invoke('settings:get', {})).toEqual({
      ok: true,
      value: { lastChoices: null },
    });
    expect(await archive.handlers.invoke('settings:set', { lastChoices: choices })).toEqual({
      ok: true,
      value: { lastChoices: choices },
    });
    const file = path.join(archive.dir, 'settings.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // A new process reads the same file.
    const again = createHandlerArchive();
    try {
      fs.copyFileSync(file, path.join(again.dir, 'settings.json'));
      expect(await again.handlers.invoke('settings:get', {})).toEqual({
        ok: true,
        value: { lastChoices: choices },
      });
    } finally {
      again.close();
    }
  });

  it('refuses choices that are not choices, and treats a damaged file as none', async () => {
    const bad = await archive.handlers.invoke('settings:set', {
      lastChoices: { account: 'work', rangePreset: 'decade', previewFirst: true },
    });
    expect(bad.ok).toBe(false);
    fs.writeFileSync(path.join(archive.dir, 'settings.json'), '{"account": ');
    expect(await archive.handlers.invoke('settings:get', {})).toEqual({
      ok: true,
      value: { lastChoices: null },
    });
  });

  it("answers from Electron's store in the main process, validating like the handlers", () => {
    let saved: LastChoices | null = null;
    const store: SettingsStore = {
      lastChoices: () => saved,
      saveLastChoices: (c) => {
        saved = c;
      },
    };
    expect(answerSettings(store, 'settings:set', { lastChoices: choices })).toEqual({
      ok: true,
      value: { lastChoices: choices },
    });
    expect(answerSettings(store, 'settings:get', {})).toEqual({ ok: true, value: { lastChoices: choices } });
    expect(answerSettings(store, 'settings:set', { lastChoices: { account: 5 } }).ok).toBe(false);
    expect(saved).toEqual(choices);
  });
});

describe('settings.json goes beside the archive file, whatever form --archive takes', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-settings-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(['x.db', 'x.sqlite3', 'x.sqlite', 'archive-file'])(
    'with %s it writes settings.json next to the file and never makes a directory of it',
    (name) => {
      const file = path.join(dir, name);
      // An existing file is the database itself, whatever its name (the archive opener's rule).
      if (name === 'archive-file') fs.writeFileSync(file, '');
      openArchive(file, { create: true }).close();
      const store = createFileSettingsStore(file);
      store.saveLastChoices(choices);
      expect(fs.statSync(file).isFile()).toBe(true);
      expect(store.lastChoices()).toEqual(choices);
      expect(fs.existsSync(path.join(dir, 'settings.json'))).toBe(true);
    },
  );
});
