/** A mailbox for the reader's tests: a 33-message thread and 60 single messages sharing one word. */

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

/** In every message: one search finds all 61 threads (more than a page of 50). */
export const COMMON_WORD = 'quarterlyreport';
/** Only in the thread's 30th message, written with accents so highlighting has to fold them. */
export const THREAD_WORD = 'zephyrline';
export const THREAD_WORD_WRITTEN = 'Zéphyrline';
export const THREAD_SIZE = 33;
export const SINGLES = 60;
/** The sender of every thread message, with a long address that must not push the name out. */
export const THREAD_SENDER = {
  name: 'Marguerite Okonkwo',
  address: 'marguerite.okonkwo@departments.example.org',
};

function date(day: number): string {
  return new Date(Date.UTC(2024, 0, 1 + day, 9, 0, 0)).toUTCString().replace('GMT', '+0000');
}

function threadMessage(i: number): Buffer {
  const id = `<thread${i}@reader.example>`;
  const parent = i === 0 ? [] : [`In-Reply-To: <thread${i - 1}@reader.example>`];
  const extra = i === 29 ? ` The ${THREAD_WORD_WRITTEN} figures are final.` : '';
  return crlf([
    `From: ${THREAD_SENDER.name} <${THREAD_SENDER.address}>`,
    'To: Team <team@reader.example>',
    `Subject: ${i === 0 ? '' : 'Re: '}Budget planning`,
    `Message-ID: ${id}`,
    ...parent,
    `Date: ${date(i)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `Reply number ${i + 1} about the ${COMMON_WORD}.${extra}`,
    ...Array.from({ length: 40 }, (_, n) => `Line ${n + 1} of the discussion.`),
    '',
  ]);
}

function single(i: number): Buffer {
  return crlf([
    `From: Sender ${i + 1} <sender${i + 1}@reader.example>`,
    'To: Team <team@reader.example>',
    `Subject: Note ${i + 1}`,
    `Message-ID: <single${i}@reader.example>`,
    `Date: ${date(40 + i)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>Note ${i + 1} on the <b>${COMMON_WORD}</b>.</p>`,
    '',
  ]);
}

/** Mail that none of the tests' searches find, to bring the archive to a real mailbox's size. */
function filler(i: number): Buffer {
  return crlf([
    `From: Person ${i % 97} <person${i % 97}@filler.example>`,
    'To: Team <team@reader.example>',
    `Subject: Weekly digest ${i}`,
    `Message-ID: <filler${i}@reader.example>`,
    `Date: ${date(i % 700)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Digest ${i}: schedules, rooms and ${['lunch', 'parking', 'travel', 'budget'][i % 4] ?? ''} updates.`,
    '',
  ]);
}

/** The thread, the singles and `fillers` more (3,400 makes a mailbox of about 3,500 messages). */
export function readerMessages(fillers = 0): Buffer[] {
  return [
    ...Array.from({ length: THREAD_SIZE }, (_, i) => threadMessage(i)),
    ...Array.from({ length: SINGLES }, (_, i) => single(i)),
    ...Array.from({ length: fillers }, (_, i) => filler(i)),
  ];
}
