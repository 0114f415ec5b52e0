/**
 * One message and one folder whose names carry what a hostile sender or server can put there: an OSC
 * sequence that retitles a terminal (ESC ]0; … BEL), NUL, a C1 CSI, and U+202E, the right-to-left
 * override that makes "gnp.exe" read "exe.png".
 */
import { createHash } from 'node:crypto';
import { writeMaildir } from './corpus-maildir.ts';
import type { CorpusMessage } from './corpus-types.ts';

const RLO = '\u202e';

export const HOSTILE = {
  /** the decoded Subject header */
  subject: `Invoice \u001b]0;pwned\u0007 \u0000 ${RLO}gnp.exe`,
  /** the decoded display name of From */
  fromName: `Mallory ${RLO}lmth.exe`,
  /** an attachment's decoded file name */
  filename: `${RLO}gnp.exe`,
  /** a folder (Dovecot's Maildir stores the name as is) */
  folder: `Evil\u001b]0;retitled\u0007 \u009b2J${RLO}cod.exe`,
  /** a word only this message's body holds */
  word: 'zqhostile',
} as const;

/** What the CLI and the window must show instead. */
export const SHOWN = {
  subject: 'Invoice ⟨U+001B⟩]0;pwned⟨U+0007⟩ ⟨U+0000⟩ ⟨U+202E⟩gnp.exe',
  fromName: 'Mallory ⟨U+202E⟩lmth.exe',
  filename: '⟨U+202E⟩gnp.exe',
  folder: 'Evil⟨U+001B⟩]0;retitled⟨U+0007⟩ ⟨U+009B⟩2J⟨U+202E⟩cod.exe',
} as const;

/** Raw characters a terminal or the bidi algorithm acts on: controls but tab and line feed, bidi controls. */
export const RAW_CONTROL = /(?![\t\n])[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const encodedWord = (text: string): string => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;

/** The hostile message, in INBOX and in the hostile folder. */
export function hostileMessage(): CorpusMessage {
  const raw = Buffer.from(
    [
      `From: ${encodedWord(HOSTILE.fromName)} <mallory@example.org>`,
      'To: someone@example.org',
      `Subject: ${encodedWord(HOSTILE.subject)}`,
      'Date: Mon, 01 Jan 2024 10:00:00 +0000',
      'Message-ID: <hostile@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary=b1',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Please open the attached picture. ${HOSTILE.word}`,
      '--b1',
      `Content-Type: application/octet-stream; name="${encodedWord(HOSTILE.filename)}"`,
      `Content-Disposition: attachment; filename="${encodedWord(HOSTILE.filename)}"`,
      'Content-Transfer-Encoding: base64',
      '',
      'TVqQAAMAAAAEAAAA',
      '--b1--',
      '',
    ].join('\r\n'),
  );
  return {
    raw,
    sha256: createHash('sha256').update(raw).digest('hex'),
    internalDate: new Date('2024-01-01T10:00:00Z'),
    folders: ['INBOX', HOSTILE.folder],
    kind: 'attachment',
    messageId: 'hostile@example.org',
    subject: HOSTILE.subject,
    plantedWord: HOSTILE.word,
    threadRoot: 'hostile@example.org',
    parseShouldFail: false,
  };
}

/** Delivers the hostile message (creating the hostile folder) into a Dovecot user's Maildir. */
export function deliverHostileMail(maildirRoot: string): CorpusMessage {
  const message = hostileMessage();
  writeMaildir(maildirRoot, [message]);
  return message;
}
