/**
 * Generated conversations with known ground truth, for measuring threading. Each message is written as
 * header bytes and read back by the engine's own parser, so encoded subjects, folded References and
 * missing headers reach threadMessages exactly as they would from an import.
 *
 * Damage, at fixed rates: a reply names its parent with the full References chain (63%), with only the
 * parent in both headers as Outlook often does (20%), with In-Reply-To only (8%) or References only (4%),
 * or not at all (5%); 3% of messages have no Message-ID; 15% of thread starts and 8% of other messages
 * are absent from the archive (Junk, Trash, deleted) while their replies still name them; replies carry
 * Re:/RE:/AW:/SV:/Fwd:/FW:/WG:/TR:/Antw:/Re[2]:/stacked markers (3% none), 15% of threads a [list] tag;
 * non-ASCII subjects and 10% of the others are RFC 2047 encoded (B or Q, UTF-8 or Latin-1, marker
 * inside or outside the encoded word). Decoys: 5% of threads share generic subjects ("hi", "(no
 * subject)", …) within 90 days, and 4% come as pairs of unrelated threads with one specific subject
 * 150–270 days apart, the later one missing its start or its first reply's headers.
 */
import { parseMessage } from '../../src-main/engine/mime/parse.ts';
import type { ThreadInput } from '../../src-main/engine/threading/jwz.ts';
import { encodedWords, encodeText, foldTokens, headerText, isAscii } from './corpus-encode.ts';
import { subjectFor, type Lang } from './corpus-text.ts';
import { createRng, type Rng } from './prng.ts';

export interface ThreadCorpus {
  /** What the archive hands to threadMessages; ids 1..n in generation order. */
  messages: ThreadInput[];
  /** Ground truth: message id → the generated conversation it belongs to. */
  truth: Map<number, number>;
  /** How often each kind of damage occurs among the messages in the archive. */
  counts: Record<string, number>;
}

export interface ThreadCorpusOptions {
  threads: number;
  seed: number;
}

const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1);
const SPAN = 2 * 365 * DAY;

// prettier-ignore
const REPLY_PREFIXES = [
  'Re: ', 'Re: ', 'Re: ', 'RE: ', 'RE: ', 'AW: ', 'SV: ', 'Re: Re: ', 'RE: AW: ', 'Re[2]: ', 'Antw: ',
  'Fwd: ', 'FW: ', 'WG: ', 'TR: ',
];
/** Subjects of the generic decoys as people type them; the threading guard must keep these apart. */
// prettier-ignore
const GENERIC_DECOYS = [
  'hi', 'Hi!', 'Hello', 'hello', 'Question', 'Quick question', '(no subject)', '', 'Test', 'Thanks',
  'Thanks!', 'Update', 'Hallo', 'FYI',
];
/** Thread sizes 1..14 with a long tail, mean about 4. */
const SIZE_WEIGHTS = [18, 17, 15, 12, 9, 7, 5, 4, 3, 3, 2, 2, 1, 1];

interface Written {
  messageId: string | null;
  references: string[];
  inReplyTo: string | null;
}

interface Plan {
  subject: string;
  start: number;
  /** Forces the thread's first message out of the archive, or its first reply's headers away. */
  damage: 'none' | 'root-absent' | 'first-reply-lost';
  list: string | null;
  minSize: number;
}

/** Builds the corpus; the same options give the same messages. */
export function generateThreadCorpus(options: ThreadCorpusOptions): ThreadCorpus {
  const rng = createRng(options.seed);
  const messages: ThreadInput[] = [];
  const truth = new Map<number, number>();
  const counts: Record<string, number> = {};
  const count = (what: string): void => {
    counts[what] = (counts[what] ?? 0) + 1;
  };
  let serial = 0;
  const newId = (): string => `${rng.hex(10)}.${(serial++).toString(36)}@${rng.pick(DOMAINS)}`;

  const plans = planThreads(rng, options.threads);
  plans.forEach((plan, thread) => {
    const size = Math.max(plan.minSize, 1 + rng.weighted(SIZE_WEIGHTS));
    const written: Written[] = [];
    const dates: number[] = [];
    for (let k = 0; k < size; k++) {
      const parent = k === 0 ? -1 : rng.chance(0.65) ? k - 1 : rng.int(0, k - 1);
      const parentDate = dates[parent] ?? plan.start;
      const date = k === 0 ? plan.start : parentDate + rng.int(300, 3 * 86_400) * 1000;
      dates.push(date);
      const messageId = rng.chance(0.03) ? null : newId();
      const headers = k === 0 ? { references: [], inReplyTo: null } : replyHeaders(rng, written[parent]);
      const lost = k === 1 && plan.damage === 'first-reply-lost';
      const mode = k === 0 ? 'root' : lost ? 'lost' : pickMode(rng);
      const refs = mode === 'parent-only' ? headers.references.slice(-1) : headers.references;
      const own: Written = {
        messageId,
        references: mode === 'full' || mode === 'refs-only' || mode === 'parent-only' ? refs : [],
        inReplyTo:
          mode === 'full' || mode === 'irt-only' || mode === 'parent-only' ? headers.inReplyTo : null,
      };
      written.push(own);
      const absent =
        k === 0 ? (size > 1 && rng.chance(0.15)) || plan.damage === 'root-absent' : rng.chance(0.08);
      if (absent) {
        count('absent from the archive');
        continue;
      }
      if (mode !== 'root' && mode !== 'full') count(`reply ${mode}`);
      if (messageId === null) count('no Message-ID');
      const subject = k === 0 ? rootSubject(plan) : replySubject(rng, plan);
      const header = subjectHeader(rng, subject);
      if (header?.includes('=?') === true) count('encoded subject');
      const id = messages.length + 1;
      messages.push({ id, ...readHeaders(own, header), date });
      truth.set(id, thread);
    }
  });
  return { messages, truth, counts };
}

const DOMAINS = ['mail.example.com', 'example.org', 'beispiel.de', 'mx.example.net'];

/** Ordinary threads, generic decoys packed into 90 days, and same-subject pairs 150–270 days apart. */
function planThreads(rng: Rng, threads: number): Plan[] {
  const plans: Plan[] = [];
  const generic = Math.round(threads * 0.05);
  const pairs = Math.round(threads * 0.04);
  const genericStart = START + rng.int(0, 600) * DAY;
  for (let i = 0; i < generic; i++) {
    const start = genericStart + rng.int(0, 90 * 86_400) * 1000;
    plans.push({ subject: rng.pick(GENERIC_DECOYS), start, damage: 'none', list: null, minSize: 2 });
  }
  for (let i = 0; i < pairs; i++) {
    const subject = subjectFor(rng, pickLang(rng));
    const first = START + rng.int(0, 420 * 86_400) * 1000;
    const later = first + rng.int(150 * 86_400, 270 * 86_400) * 1000;
    const damage = rng.chance(0.5) ? 'root-absent' : 'first-reply-lost';
    plans.push({ subject, start: first, damage: 'none', list: null, minSize: 2 });
    plans.push({ subject, start: later, damage, list: null, minSize: 2 });
  }
  while (plans.length < threads) {
    const list = rng.chance(0.15) ? rng.pick(['[team]', '[ops-list]', '[Verein]']) : null;
    const start = START + Math.floor((rng.next() * SPAN) / 1000) * 1000;
    plans.push({ subject: subjectFor(rng, pickLang(rng)), start, damage: 'none', list, minSize: 1 });
  }
  return plans;
}

function pickLang(rng: Rng): Lang {
  return (['en', 'de', 'ja', 'ru'] as const)[rng.weighted([60, 20, 10, 10])] ?? 'en';
}

type Mode = 'full' | 'parent-only' | 'irt-only' | 'refs-only' | 'lost';

/**
 * How a reply names its parent: the full chain; only the parent in both headers (Outlook and Exchange
 * often do); one header only; or none (a client or gateway that drops them).
 */
function pickMode(rng: Rng): Mode {
  const modes = ['full', 'parent-only', 'irt-only', 'refs-only', 'lost'] as const;
  return modes[rng.weighted([63, 20, 8, 4, 5])] ?? 'full';
}

/** References as RFC 5322 §3.6.4 builds them from the parent; long chains keep the root and the tail. */
function replyHeaders(rng: Rng, parent: Written | undefined): Omit<Written, 'messageId'> {
  if (parent === undefined) return { references: [], inReplyTo: null };
  const base = parent.references.length > 0 ? parent.references : parent.inReplyTo ? [parent.inReplyTo] : [];
  const chain = parent.messageId === null ? [...base] : [...base, parent.messageId];
  const references = chain.length > 12 ? [chain[0] ?? '', ...chain.slice(-rng.int(5, 11))] : chain;
  return { references, inReplyTo: parent.messageId };
}

function rootSubject(plan: Plan): string {
  return plan.list === null ? plan.subject : `${plan.list} ${plan.subject}`;
}

function replySubject(rng: Rng, plan: Plan): string {
  // A few mobile clients answer without any prefix.
  const prefix = rng.chance(0.03) ? '' : rng.pick(REPLY_PREFIXES);
  if (plan.list === null) return prefix + plan.subject;
  return rng.chance(0.5) ? `${prefix}${plan.list} ${plan.subject}` : `${plan.list} ${prefix}${plan.subject}`;
}

/** The Subject field's value as various clients write it; null when the message has no Subject field. */
function subjectHeader(rng: Rng, subject: string): string | null {
  if (subject === '' && rng.chance(0.5)) return null;
  const latin1 = canEncode(subject, 'iso-8859-1');
  if (!isAscii(subject) || rng.chance(0.1)) {
    const choice = rng.int(0, 3);
    if (choice === 0) return headerText(subject);
    if (choice === 1) return encodedWords(subject, latin1 ? 'iso-8859-1' : 'utf-8', 'Q');
    // The prefix stays literal and only the rest is encoded, as Outlook and Apple Mail do.
    const cut = /^(?:\S+: )*/.exec(subject)?.[0] ?? '';
    const rest = subject.slice(cut.length);
    if (rest === '') return subject;
    return (
      cut + encodedWords(rest, choice === 2 && latin1 ? 'iso-8859-1' : 'utf-8', choice === 2 ? 'Q' : 'B')
    );
  }
  return subject;
}

function canEncode(text: string, charset: 'iso-8859-1'): boolean {
  try {
    encodeText(text, charset);
    return true;
  } catch {
    return false;
  }
}

/** Writes the reference headers and the subject, then reads them back with the archive's parser. */
function readHeaders(
  own: Written,
  subject: string | null,
): Pick<ThreadInput, 'messageId' | 'inReplyTo' | 'references' | 'subject'> {
  const lines = ['From: someone@example.org', 'Date: Mon, 1 Jan 2024 00:00:00 +0000'];
  if (subject !== null) lines.push(`Subject: ${subject}`);
  if (own.messageId !== null) lines.push(`Message-ID: <${own.messageId}>`);
  if (own.inReplyTo !== null) lines.push(`In-Reply-To: <${own.inReplyTo}>`);
  if (own.references.length > 0)
    lines.push(
      foldTokens(
        'References',
        own.references.map((r) => `<${r}>`),
      ),
    );
  const parsed = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\n\r\nbody\r\n`, 'utf8'));
  return {
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    subject: parsed.subject,
  };
}
