import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import {
  CORPUS_FOLDERS,
  CORPUS_KINDS,
  DEFAULT_NOW,
  folderDir,
  generateCorpus,
  writeMaildir,
  type CorpusMessage,
} from './corpus.ts';

/** Offsets of any CR not followed by LF or LF not preceded by CR. */
function bareLineEnd(raw: Buffer): number {
  for (let i = raw.indexOf(0x0a); i !== -1; i = raw.indexOf(0x0a, i + 1)) if (raw[i - 1] !== 0x0d) return i;
  for (let i = raw.indexOf(0x0d); i !== -1; i = raw.indexOf(0x0d, i + 1)) if (raw[i + 1] !== 0x0a) return i;
  return -1;
}

describe('generateCorpus', () => {
  const corpus = generateCorpus({ count: 80 });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateCorpus({ count: 80 });
    expect(again.map((m) => m.sha256)).toEqual(corpus.map((m) => m.sha256));
    const other = generateCorpus({ count: 80, seed: 2 });
    const shas = new Set(corpus.map((m) => m.sha256));
    expect(other.filter((m) => shas.has(m.sha256))).toEqual([]);
  });

  it('has every kind, every folder but Empty, and messages filed in two folders', () => {
    for (const count of [60, 80]) {
      const kinds = new Set(generateCorpus({ count }).map((m) => m.kind));
      expect([...CORPUS_KINDS].filter((k) => !kinds.has(k))).toEqual([]);
    }
    const used = new Set(corpus.flatMap((m) => m.folders));
    expect(CORPUS_FOLDERS.filter((f) => !used.has(f))).toEqual(['Empty']);
    for (const m of corpus) expect(m.folders.every((f) => CORPUS_FOLDERS.includes(f))).toBe(true);
    const shared = corpus.filter((m) => m.folders.length === 2);
    expect(shared.length).toBeGreaterThan(0);
    for (const m of shared) expect(m.folders[0]).not.toBe(m.folders[1]);
  });

  it('writes CRLF only, unique bytes, unique planted words and whole-second dates in range', () => {
    expect(new Set(corpus.map((m) => m.sha256)).size).toBe(corpus.length);
    expect(new Set(corpus.map((m) => m.plantedWord)).size).toBe(corpus.length);
    const oldest = DEFAULT_NOW.getTime() - 3.2 * 365.25 * 86_400_000;
    for (const m of corpus) {
      expect(bareLineEnd(m.raw), `${m.kind} ${m.sha256}`).toBe(-1);
      expect(m.internalDate.getTime() % 1000).toBe(0);
      expect(m.internalDate.getTime()).toBeLessThanOrEqual(DEFAULT_NOW.getTime());
      expect(m.internalDate.getTime()).toBeGreaterThanOrEqual(oldest);
      // Planted words occur in their own message only.
      const others = corpus.filter((o) => o !== m && o.raw.includes(m.plantedWord));
      expect(others).toEqual([]);
    }
  });

  it('decodes (postal-mime) to the subject, Message-ID, planted word and date it claims', async () => {
    const byId = new Map<string, CorpusMessage>();
    for (const m of corpus) if (m.messageId) byId.set(m.messageId, m);
    for (const m of corpus) {
      const mail = await PostalMime.parse(m.raw);
      const label = `${m.kind} #${corpus.indexOf(m)}`;
      expect(mail.subject ?? '', label).toBe(m.subject);
      expect(mail.messageId?.replace(/^<|>$/g, '') ?? null, label).toBe(m.messageId);
      if (m.kind === 'empty-body') expect(m.subject).toContain(m.plantedWord);
      else if (!m.parseShouldFail)
        expect(`${mail.text ?? ''}${mail.html ?? ''}`, label).toContain(m.plantedWord);
      if (m.kind !== 'bad-date') {
        const sent = new Date(mail.date ?? '').getTime();
        expect(Math.abs(sent - m.internalDate.getTime()), label).toBeLessThan(3_600_000);
      }
      if (mail.inReplyTo) {
        const parent = byId.get(mail.inReplyTo.replace(/^<|>$/g, ''));
        expect(parent?.threadRoot, label).toBe(m.threadRoot);
        expect(parent?.internalDate.getTime(), label).toBeLessThanOrEqual(m.internalDate.getTime());
      }
    }
  });

  it('pairs dup-message-id messages and flags only objectively broken MIME', () => {
    const groups = new Map<string, CorpusMessage[]>();
    for (const m of corpus.filter((d) => d.kind === 'dup-message-id')) {
      groups.set(m.messageId ?? '', [...(groups.get(m.messageId ?? '') ?? []), m]);
    }
    expect(groups.size).toBeGreaterThan(0);
    for (const [id, group] of groups) {
      expect(id).not.toBe('');
      expect(group).toHaveLength(2);
      expect(group[0]?.sha256).not.toBe(group[1]?.sha256);
    }
    expect(corpus.filter((m) => m.kind === 'no-message-id').every((m) => m.messageId === null)).toBe(true);
    for (const m of corpus) {
      expect(m.parseShouldFail).toBe(m.kind === 'broken-mime');
      if (!m.parseShouldFail) continue;
      const text = m.raw.toString('latin1');
      const declared = /boundary="([^"]+)"/i.exec(text.slice(0, text.indexOf('\r\n\r\n')))?.[1];
      // Either no boundary parameter at all, or one that never occurs in the body.
      if (declared) expect(text.indexOf(`--${declared}`)).toBe(-1);
    }
  });

  it('generates 5,000 messages quickly with realistic sizes and reply chains', () => {
    const started = performance.now();
    const big = generateCorpus({ count: 5000, seed: 7 });
    const ms = performance.now() - started;
    console.log(
      `generateCorpus(5000): ${Math.round(ms)} ms, ${(big.reduce((n, m) => n + m.raw.length, 0) / 1e6).toFixed(1)} MB`,
    );
    expect(ms).toBeLessThan(30_000);
    const huge = big.filter((m) => m.kind === 'big-attachment');
    expect(huge).toHaveLength(2);
    for (const m of huge) {
      expect(m.raw.length).toBeGreaterThan(2_000_000);
      expect(m.raw.length).toBeLessThan(5_000_000);
    }
    const typical = big.filter((m) => m.raw.length >= 2_000 && m.raw.length <= 20_000).length;
    expect(typical / big.length).toBeGreaterThan(0.8);
    for (const m of big) expect(bareLineEnd(m.raw)).toBe(-1);
    const threadSizes = new Map<string, number>();
    for (const m of big) threadSizes.set(m.threadRoot, (threadSizes.get(m.threadRoot) ?? 0) + 1);
    expect(Math.max(...threadSizes.values())).toBeGreaterThanOrEqual(5);
    expect(
      big.filter((m) => m.subject.startsWith('AW: ') && m.kind === 'reply-subject-only').length,
    ).toBeGreaterThan(0);
  });
});

describe('writeMaildir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailtrove-maildir-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('files each message into each of its folders with mtime = internal date, idempotently', () => {
    const corpus = generateCorpus({ count: 60, bigAttachments: 0 });
    writeMaildir(dir, corpus);
    writeMaildir(dir, corpus);
    for (const folder of CORPUS_FOLDERS) {
      const cur = join(folderDir(dir, folder), 'cur');
      for (const sub of ['new', 'tmp']) expect(readdirSync(join(folderDir(dir, folder), sub))).toEqual([]);
      const files = readdirSync(cur);
      const expected = corpus.filter((m) => m.folders.includes(folder));
      expect(files.length, folder).toBe(expected.length);
      for (const m of expected) {
        const file = files.find((f) => f.includes(m.sha256.slice(0, 16)));
        expect(file, folder).toMatch(/:2,[DFRS]*$/);
        expect(statSync(join(cur, file ?? '')).mtime.getTime()).toBe(m.internalDate.getTime());
      }
    }
    if (process.getuid?.() === 0) expect(statSync(join(dir, 'cur')).uid).not.toBe(0);
  });
});
