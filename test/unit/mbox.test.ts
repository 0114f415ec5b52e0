import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { ensureFolder } from '../../src-main/engine/archive/folders-repo.ts';
import { createBatchWriter } from '../../src-main/engine/archive/messages-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import {
  asctime,
  encodeMboxrdMessage,
  envelopeSender,
  readMboxrd,
} from '../../src-main/engine/export/mbox.ts';
import { exportToPath } from '../../src-main/engine/export/write.ts';
import { parsedBatchItem } from '../support/handler-archive.ts';

const envelope = { sender: 'a@example.org', date: new Date(Date.UTC(2026, 10, 24, 14, 5, 0)) };
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const encodeAll = (messages: Buffer[]): Buffer =>
  Buffer.concat(messages.map((m) => encodeMboxrdMessage(m, envelope)));

/** Deterministic PRNG (mulberry32) so a failing case can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  'From ',
  'From x@y Mon Jan  1 00:00:00 2001',
  '>From ',
  '>>From me',
  '>>>From ',
  '>>>>>From',
  'From',
  'Fromage',
  ' From ',
  '>',
  '>>',
  'Subject: hi',
  '',
  'plain text line',
  '\rFrom ',
];
const ENDINGS = ['\r\n', '\n', '\n\n', '\r\n\r\n', '\r', ''];

function randomMessage(next: () => number): Buffer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const parts: Buffer[] = [];
  const lines = Math.floor(next() * 8);
  for (let i = 0; i < lines; i += 1) {
    if (next() < 0.15) {
      // Binary noise, sometimes with LF and '>' bytes that can form new line starts.
      const noise = Buffer.alloc(Math.floor(next() * 12));
      for (let j = 0; j < noise.length; j += 1) noise[j] = Math.floor(next() * 256);
      parts.push(noise);
    } else {
      parts.push(Buffer.from(pick(FRAGMENTS), 'latin1'));
    }
    // The last line is often left without any line end.
    if (i < lines - 1 || next() < 0.6) parts.push(Buffer.from(pick(ENDINGS)));
  }
  return Buffer.concat(parts);
}

describe('readMboxrd(encode(...)) round trip', () => {
  const edgeCases = [
    '',
    '\n',
    '\r\n',
    '\n\n',
    'From ',
    'From',
    '>From ',
    'no newline at end',
    'ends with crlf\r\n',
    'ends with two lf\n\n',
    'From the very start\r\nbody\r\n',
    'Subject: x\r\n\r\nlast line is\r\nFrom the end',
    'Subject: x\n\nFrom \n>From \n>>From \n>>>From \nFrom',
    'a\n\nFrom b\n\n',
    'From \n\nFrom \n',
    'trailing LF then From\nFrom',
  ].map((s) => Buffer.from(s));

  it('gives back each listed edge case exactly, alone and in sequence', () => {
    for (const message of edgeCases) {
      expect([...readMboxrd(encodeAll([message]))]).toEqual([message]);
    }
    expect([...readMboxrd(encodeAll(edgeCases))]).toEqual(edgeCases);
    expect([...readMboxrd(encodeAll([...edgeCases].reverse()))]).toEqual([...edgeCases].reverse());
  });

  it('gives back thousands of generated messages byte for byte', () => {
    const next = rng(20261124);
    for (let round = 0; round < 200; round += 1) {
      const messages = Array.from({ length: 1 + Math.floor(next() * 15) }, () => randomMessage(next));
      const file = encodeAll(messages);
      const back = [...readMboxrd(file)];
      expect(back.map(sha)).toEqual(messages.map(sha));
      // Only separators start lines with "From ": every such line in the body was quoted.
      const fromLines = file
        .toString('latin1')
        .split('\n')
        .filter((l) => l.startsWith('From '));
      expect(fromLines).toHaveLength(messages.length);
    }
  });

  it('reads an empty file as no messages and refuses a file that is not mbox', () => {
    expect([...readMboxrd(Buffer.alloc(0))]).toEqual([]);
    expect(() => [...readMboxrd(Buffer.from('Subject: x\n'))]).toThrow(/Not an mbox/);
  });
});

describe('encodeMboxrdMessage', () => {
  it('writes the separator with the sender and an asctime UTC date, and ends with one LF', () => {
    const out = encodeMboxrdMessage(Buffer.from('Subject: x\r\n\r\nhi\r\n'), envelope).toString();
    expect(out).toBe('From a@example.org Tue Nov 24 14:05:00 2026\nSubject: x\r\n\r\nhi\r\n\n');
    expect(asctime(new Date(Date.UTC(2024, 1, 4, 3, 2, 1)))).toBe('Sun Feb  4 03:02:01 2024');
    expect(asctime(new Date(Number.NaN))).toBe('Thu Jan  1 00:00:00 1970');
  });

  it('replaces a sender that would break the separator line', () => {
    for (const sender of ['', 'two words', 'a\nb', 'jö@example.org']) {
      const out = encodeMboxrdMessage(Buffer.alloc(0), { ...envelope, sender }).toString();
      expect(out).toBe('From MAILER-DAEMON Tue Nov 24 14:05:00 2026\n\n');
    }
  });

  it('adds exactly one > to every /^>*From / line at every depth, keeping CRLF', () => {
    for (let depth = 0; depth <= 5; depth += 1) {
      const quotes = '>'.repeat(depth);
      const raw = Buffer.from(`${quotes}From x\r\nmid ${quotes}From y\r\n${quotes}From z`);
      const body = encodeMboxrdMessage(raw, envelope).toString().split('\n').slice(1).join('\n');
      expect(body).toBe(`>${quotes}From x\r\nmid ${quotes}From y\r\n>${quotes}From z\n`);
    }
    // Near misses stay as they are.
    const misses = 'From\r\nFromage\r\n>From\r\n From \r\n\rFrom \r\n';
    expect(encodeMboxrdMessage(Buffer.from(misses), envelope).toString()).toBe(
      `From a@example.org Tue Nov 24 14:05:00 2026\n${misses}\n`,
    );
  });
});

describe('envelopeSender', () => {
  it('takes the first plain address from the stored From header, or falls back', () => {
    expect(envelopeSender('Ann <ann@example.org>')).toBe('ann@example.org');
    expect(envelopeSender('Doe, John <j@example.org>, x@y.z')).toBe('j@example.org');
    expect(envelopeSender('b@example.org, Ann <ann@example.org>')).toBe('b@example.org');
    expect(envelopeSender(null)).toBe('MAILER-DAEMON');
    expect(envelopeSender('Undisclosed recipients')).toBe('MAILER-DAEMON');
  });
});

describe('exportToPath as mbox', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-mbox-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a private mboxrd file whose messages hash exactly like the archived originals', async () => {
    const db = openArchive(path.join(dir, 'archive'), { create: true });
    const { id: accountId } = addAccount(db, {
      name: 'work',
      host: 'imap.example.org',
      port: 993,
      security: 'tls',
      user: 'me@example.org',
    });
    const inbox = ensureFolder(db, accountId, { path: 'INBOX', delimiter: '/', specialUse: null });
    const raws = [
      'From: Ann <ann@example.org>\r\nDate: Tue, 24 Nov 2026 14:05:00 +0000\r\nSubject: a\r\n\r\nFrom here\r\n>From there\r\n',
      'Subject: lf only\n\nline\n>>From deep\nFrom',
      'Subject: no end\r\n\r\nlast line without newline',
      `Subject: binary\r\n\r\n${'x'.repeat(100_000)}\r\n\r\n`,
    ].map((s) => Buffer.from(s));
    raws.push(
      Buffer.concat([Buffer.from('Subject: bytes\r\n\r\n'), Buffer.from([0, 0xff, 0x0a, 0x3e, 0x0d])]),
    );
    const items = raws.map((raw, i) => parsedBatchItem(i + 1, raw));
    createBatchWriter(db)({ runId: null, folderId: inbox, uidValidity: 1, items, failures: [] });
    const ids = db.prepare('SELECT id FROM messages ORDER BY id').pluck().all() as number[];

    fs.mkdirSync(path.join(dir, 'out'));
    const outFile = path.join(dir, 'out', 'all.mbox');
    const progress: number[] = [];
    const result = await exportToPath(db, ids, {
      archivePath: path.join(dir, 'archive'),
      out: outFile,
      format: 'mbox',
      force: false,
      howToForce: 'pass --force',
      onProgress: (done) => progress.push(done),
    });
    db.close();

    const file = fs.readFileSync(outFile);
    expect(result).toEqual({ path: outFile, messages: raws.length, bytes: file.byteLength });
    // Progress comes per written chunk (about a megabyte), rising to every message.
    expect(progress.at(-1)).toBe(raws.length);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(fs.statSync(outFile).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(outFile))).toEqual(['all.mbox']);
    expect(file.toString('latin1').split('\n')[0]).toBe('From ann@example.org Tue Nov 24 14:05:00 2026');
    expect([...readMboxrd(file)].map(sha)).toEqual(raws.map(sha));
  });
});
