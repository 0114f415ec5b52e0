/** The app's "Export…": main's save-dialog glue with a fake dialog, and the window's flow around it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, MailtroveApi, Reply } from '../../src-shared/ipc/contract.ts';
import { answerExportChoose, type ShowSaveDialog } from '../../src-main/app/export-dialog.ts';
import { readMboxrd } from '../../src-main/engine/export/mbox.ts';
import { exportWithDialog } from '../../src-renderer/src/features/search/export-flow.ts';
import { createHandlerArchive, REPORT, type HandlerArchive } from '../support/handler-archive.ts';

let archive: HandlerArchive;
let outside: string;
beforeEach(() => {
  archive = createHandlerArchive();
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-dialog-'));
});
afterEach(() => {
  archive.close();
  fs.rmSync(outside, { recursive: true, force: true });
});

const today = new Date(2026, 10, 24);

/** A dialog that records what it was asked and answers as a user would. */
function fakeDialog(answer: SaveDialogReturnValue | Error): ShowSaveDialog & { shown: SaveDialogOptions[] } {
  const shown: SaveDialogOptions[] = [];
  const show = (options: SaveDialogOptions): Promise<SaveDialogReturnValue> => {
    shown.push(options);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return Object.assign(show, { shown });
}

const cancelled: SaveDialogReturnValue = { canceled: true, filePath: '' };
const picked = (filePath: string): SaveDialogReturnValue => ({ canceled: false, filePath });

/** The window's API as in the app: export:choose answered by main's glue, the rest by the engine. */
function appApi(dialog: ShowSaveDialog): MailtroveApi & { channels: Channel[] } {
  const channels: Channel[] = [];
  return {
    channels,
    invoke(channel, request) {
      channels.push(channel);
      const reply =
        channel === 'export:choose'
          ? answerExportChoose(dialog, request, { directory: outside, today })
          : archive.handlers.invoke(channel, request);
      // Each channel's reply comes from that channel's own answerer.
      return reply as Promise<Reply<never>>;
    },
    on: () => () => undefined,
  };
}

describe("the app's save dialog for exports", () => {
  it('offers a dated name in the given folder and asks before replacing a file', async () => {
    const dialog = fakeDialog(cancelled);
    await answerExportChoose(dialog, { format: 'mbox' }, { directory: outside, today });
    await answerExportChoose(dialog, { format: 'eml' }, { directory: outside, today });
    expect(dialog.shown.map((o) => o.defaultPath)).toEqual([
      path.join(outside, 'mailtrove-export-2026-11-24.mbox'),
      path.join(outside, 'mailtrove-export-2026-11-24'),
    ]);
    for (const options of dialog.shown) expect(options.properties).toContain('showOverwriteConfirmation');
  });

  it('writes nothing when the user cancels', async () => {
    const api = appApi(fakeDialog(cancelled));
    expect(await exportWithDialog(api, 'quarterly', 'mbox')).toEqual({ kind: 'cancelled' });
    expect(api.channels).toEqual(['export:choose']);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('exports to the chosen file, replacing one the dialog confirmed', async () => {
    const out = path.join(outside, 'chosen.mbox');
    fs.writeFileSync(out, 'old export');
    const outcome = await exportWithDialog(appApi(fakeDialog(picked(out))), 'quarterly', 'mbox');
    expect(outcome).toEqual({ kind: 'done', value: { messages: 2, path: out } });
    expect([...readMboxrd(fs.readFileSync(out))][0]?.equals(REPORT)).toBe(true);
  });

  it('still refuses the archive when the dialog picks it', async () => {
    const db = path.join(archive.dir, 'mailtrove.sqlite');
    const before = fs.readFileSync(db);
    const outcome = await exportWithDialog(appApi(fakeDialog(picked(db))), 'quarterly', 'mbox');
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'usage' } });
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });

  it('answers an error, and writes nothing, when the dialog fails or the request is bad', async () => {
    const broken = await exportWithDialog(appApi(fakeDialog(new Error('no display'))), 'quarterly', 'eml');
    expect(broken).toMatchObject({ kind: 'failed', error: { code: 'internal' } });
    const dialog = fakeDialog(cancelled);
    const bad = await answerExportChoose(dialog, { format: 'zip' }, { directory: outside });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(dialog.shown).toEqual([]);
    expect(fs.readdirSync(outside)).toEqual([]);
  });
});
