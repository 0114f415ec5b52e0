/** The CLI's one way out to the terminal: human text made visible, JSON exact. */
import { describe, expect, it } from 'vitest';
import { table } from '../../src-main/cli/format.ts';
import { createOutput, jsonLine, type OutputStream } from '../../src-main/cli/output.ts';
import { RAW_CONTROL } from '../support/hostile-mail.ts';

const HOSTILE = 'Invoice \u001b]0;pwned\u0007 \u0000 \u202egnp.exe \u009b2J';

function capture(isTTY = false): OutputStream & { text: string } {
  return {
    text: '',
    isTTY,
    columns: 200,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

describe('CLI output', () => {
  it('prints human results, records, info and progress with every control made visible', () => {
    const stdout = capture();
    const stderr = capture();
    const out = createOutput(false, stdout, stderr);
    out.result({}, () => `Folder: ${HOSTILE}\nsecond line`);
    out.record({}, () => HOSTILE);
    out.info(`Waiting: ${HOSTILE}`);
    const text = stdout.text + stderr.text;
    expect(text).not.toMatch(RAW_CONTROL);
    expect(stdout.text).toBe(
      'Folder: Invoice ⟨U+001B⟩]0;pwned⟨U+0007⟩ ⟨U+0000⟩ ⟨U+202E⟩gnp.exe ⟨U+009B⟩2J\nsecond line\n' +
        'Invoice ⟨U+001B⟩]0;pwned⟨U+0007⟩ ⟨U+0000⟩ ⟨U+202E⟩gnp.exe ⟨U+009B⟩2J\n',
    );
  });

  it("keeps the live progress line on one line, whatever the folder's name holds", () => {
    const stderr = capture(true);
    const out = createOutput(false, capture(), stderr);
    out.progress(`Scanning Inbox\nFAKE\u001b]0;x\u0007 (1/2)…`);
    out.endProgress();
    // Only the output's own line clearing is raw; the name is all visible.
    expect(stderr.text.replaceAll('\r\u001b[2K', '')).toBe(
      'Scanning Inbox⟨U+000A⟩FAKE⟨U+001B⟩]0;x⟨U+0007⟩ (1/2)…',
    );
  });

  it('prints --json exactly: it parses back to the very same strings, yet holds no raw control', () => {
    const stdout = capture();
    const value = { subject: HOSTILE, folders: ['a\u2028b', 'שלום'] };
    createOutput(true, stdout, capture()).result(value, () => 'unused');
    expect(JSON.parse(stdout.text)).toEqual(value);
    expect(stdout.text).not.toMatch(RAW_CONTROL);
    expect(stdout.text).toContain('\\u202e');
    expect(stdout.text).toContain('שלום');
    expect(jsonLine('\u009b')).toBe('"\\u009b"');
  });

  it('aligns table columns on the visible text of each cell', () => {
    const rendered = table([
      ['FOLDER', 'MESSAGES'],
      ['Evil\u001b]0;x\u0007', '1'],
      ['日本語', '2'],
    ]);
    // The escaped name is 24 columns wide; the Japanese one 6 (two per character).
    expect(rendered).toBe(
      [
        `${'FOLDER'.padEnd(24)}  MESSAGES`,
        'Evil⟨U+001B⟩]0;x⟨U+0007⟩  1',
        `日本語${' '.repeat(24 - 6)}  2`,
      ].join('\n'),
    );
  });
});
