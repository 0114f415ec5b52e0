/**
 * Deterministic generator of a realistic, nasty mailbox for tests and benchmarks: the same options give
 * the same bytes. Kinds, folders, threads and dates are chosen here; corpus-kinds.ts builds the bodies.
 */
import { createHash } from 'node:crypto';
import { createRng } from './prng.ts';
import { type CorpusKind, type CorpusMessage, type CorpusOptions } from './corpus-types.ts';
import { BUILDERS, KIND_CHARSET, type KindContext } from './corpus-kinds.ts';
import {
  FILED,
  FILED_WEIGHTS,
  REPLY_PREFIXES,
  ROOT_KINDS,
  RANDOM_KINDS,
  RANDOM_WEIGHTS,
  forcedKinds,
} from './corpus-plan.ts';
import {
  encodeText,
  foldTokens,
  formatAddress,
  headerText,
  rfc5322Date,
  type Charset,
} from './corpus-encode.ts';
import { ME, PEOPLE, type Lang, type Person } from './corpus-text.ts';
import type { Chunk } from './corpus-mime.ts';

export { CORPUS_FOLDERS, CORPUS_KINDS } from './corpus-types.ts';
export type { CorpusKind, CorpusMessage, CorpusOptions } from './corpus-types.ts';
export { writeMaildir, rewriteFolder, folderDir, maildirFolders } from './corpus-maildir.ts';

export const DEFAULT_NOW = new Date('2026-11-20T12:00:00Z');

interface Thread {
  id: string;
  subject: string;
  lang: Lang;
  ids: string[];
  last: Person;
  other: Person;
  lastDate: Date;
  size: number;
}

const DAY = 86_400_000;

function canEncode(text: string, charset: Charset | undefined): boolean {
  if (!charset) return true;
  try {
    encodeText(text, charset);
    return true;
  } catch {
    return false;
  }
}

function hash32(n: number): number {
  return createHash('sha256').update(String(n)).digest().readUInt32BE(0);
}

export function generateCorpus(opts: CorpusOptions): CorpusMessage[] {
  const seed = opts.seed ?? 1;
  const now = Math.floor((opts.now ?? DEFAULT_NOW).getTime() / 1000) * 1000;
  const span = (opts.years ?? 3.2) * 365.25 * DAY;
  const rng = createRng(seed);
  const forced = forcedKinds(opts.bigAttachments ?? 2);
  // Planted words and Message-IDs carry a seed tag, so corpora from different seeds can be mixed.
  const seedTag = (hash32(seed) % 36 ** 3).toString(36).padStart(3, '0');
  const idOffset = hash32(seed + 1) % 36 ** 6;
  const peopleFor = new Map<CorpusKind, Person[]>();
  const variants = new Map<CorpusKind, number>();
  const pool: Thread[] = [];
  let hot: Thread | null = null;
  const out: CorpusMessage[] = [];

  const planted = (i: number): string =>
    'zq' + seedTag + ((1_664_525 * i + idOffset) % 36 ** 6).toString(36).padStart(6, '0');

  const people = (kind: CorpusKind): Person[] => {
    let list = peopleFor.get(kind);
    if (!list) {
      const charset = KIND_CHARSET[kind];
      list = PEOPLE.filter(
        (p) =>
          canEncode(p.name, charset) &&
          (charset !== 'iso-2022-jp' && charset !== 'shift_jis' ? true : p.tz === 540),
      );
      peopleFor.set(kind, list);
    }
    return list;
  };

  const newMessageId = (i: number): string => {
    const style = rng.int(0, 2);
    if (style === 0) return `CA+${rng.hex(20)}${seedTag}${i.toString(36)}@mail.gmail.com`;
    if (style === 1)
      return `AM0PR0${rng.int(1, 9)}MB${rng.hex(8).toUpperCase()}${seedTag}${i.toString(36)}@AM0PR02MB1234.eurprd02.prod.outlook.com`;
    return `${rng.hex(12)}.${seedTag}${i.toString(36)}@${rng.pick(['example.com', 'beispiel.de', 'mx.example.org'])}`;
  };

  const pickFolders = (kind: CorpusKind, i: number): string[] => {
    let primary: string;
    if (i < FILED.length)
      primary = FILED[i] ?? 'INBOX'; // small corpora still fill every folder
    else if ((kind === 'charset-iso2022jp' || kind === 'charset-sjis') && rng.chance(0.5)) primary = '日本語';
    else if (kind.startsWith('reply') && rng.chance(0.3)) primary = 'Sent';
    else primary = FILED[rng.weighted(FILED_WEIGHTS)] ?? 'INBOX';
    const folders = [primary];
    if (rng.chance(0.05) || i === 3) {
      const others = FILED.filter((f) => f !== primary && f !== 'Drafts');
      folders.push(rng.pick(others));
    }
    return folders;
  };

  const make = (kind: CorpusKind, fixedId?: string): void => {
    const i = out.length;
    const variant = variants.get(kind) ?? 0;
    variants.set(kind, variant + 1);
    const isReply = kind === 'reply' || kind === 'reply-irt-only' || kind === 'reply-subject-only';
    // Most replies continue the conversation answered last, so some chains grow long.
    const thread = isReply ? (hot && pool.includes(hot) && rng.chance(0.6) ? hot : rng.pick(pool)) : null;
    if (thread) hot = thread;
    const folders = pickFolders(kind, i);
    const fromMe = folders[0] === 'Sent' || folders[0] === 'Drafts';
    const candidates = people(kind);
    let from: Person;
    let to: Person;
    if (thread) {
      from = fromMe ? ME : thread.other;
      to = fromMe ? thread.other : ME;
    } else {
      from = fromMe ? ME : rng.pick(candidates);
      to = fromMe ? rng.pick(candidates) : ME;
    }
    const t = thread
      ? Math.min(now, thread.lastDate.getTime() + rng.int(300, 3 * 86_400) * 1000)
      : now - Math.floor(rng.next() * span);
    const internalDate = new Date(Math.floor(t / 1000) * 1000);
    const word = planted(i);
    const prefixes = REPLY_PREFIXES[kind] ?? ['Re: '];
    const ctx: KindContext = {
      rng,
      planted: word,
      from,
      to,
      bodyChars: Math.exp(Math.log(1000) + rng.next() * Math.log(12_000 / 1000)),
      variant,
      date: internalDate,
      bigBytes: rng.int(2_100_000, 4_900_000),
      reply: thread
        ? {
            subject: (prefixes[variant % prefixes.length] ?? 'Re: ') + thread.subject,
            lang: thread.lang,
            parent: thread.last,
            parentDate: thread.lastDate,
          }
        : null,
    };
    const built = BUILDERS[kind](ctx);
    const messageId = kind === 'no-message-id' ? null : (fixedId ?? newMessageId(i));

    const h: string[] = [];
    const fromDomain = from.email.split('@')[1] ?? 'example.org';
    if (!fromMe) {
      h.push(`Return-Path: <${from.email}>`);
      h.push(
        `Received: from mail-out.${fromDomain} (mail-out.${fromDomain} [203.0.113.${rng.int(1, 254)}])\r\n` +
          `\tby mx.example.com (Postfix) with ESMTPS id ${rng.hex(10).toUpperCase()}\r\n` +
          `\tfor <${ME.email}>; ${rfc5322Date(internalDate, 0)}`,
      );
      if (rng.chance(0.3)) {
        const sig = rng.bytes(96).toString('base64');
        h.push(
          `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${fromDomain}; s=mail;\r\n\th=from:to:subject:date:message-id;\r\n\tbh=${rng.bytes(32).toString('base64')};\r\n\tb=${sig.slice(0, 64)}\r\n\t ${sig.slice(64)}`,
        );
      }
    }
    const sentAt = new Date(internalDate.getTime() - (fromMe ? rng.int(0, 2) : rng.int(3, 900)) * 1000);
    const dateHeader =
      built.dateHeader === undefined ? `Date: ${rfc5322Date(sentAt, from.tz)}` : built.dateHeader;
    if (dateHeader !== null) h.push(dateHeader);
    h.push(built.fromHeader ?? `From: ${formatAddress(from.name, from.email)}`);
    h.push(`To: ${formatAddress(to.name, to.email)}`);
    const extra = built.extraHeaders ?? [];
    if (!extra.some((x) => x.startsWith('Cc:')) && rng.chance(0.15)) {
      const cc = rng.pick(candidates);
      h.push(`Cc: ${formatAddress(cc.name, cc.email)}`);
    }
    const subjectHeader =
      built.subjectHeader === undefined ? `Subject: ${headerText(built.subject)}` : built.subjectHeader;
    if (subjectHeader !== null) h.push(subjectHeader);
    if (messageId !== null) h.push(`Message-ID: <${messageId}>`);
    if (thread && kind !== 'reply-subject-only') {
      h.push(`In-Reply-To: <${thread.ids[thread.ids.length - 1] ?? ''}>`);
      // RFC 5322 §3.6.4; long chains keep the root and the most recent ids, as clients do.
      const refs = thread.ids.length > 12 ? [thread.ids[0] ?? '', ...thread.ids.slice(-11)] : thread.ids;
      if (kind === 'reply')
        h.push(
          foldTokens(
            'References',
            refs.map((r) => `<${r}>`),
          ),
        );
    }
    h.push('MIME-Version: 1.0');
    h.push(
      rng.pick([
        'User-Agent: Mozilla Thunderbird',
        'X-Mailer: Microsoft Outlook 16.0',
        'X-Mailer: Apple Mail (2.3774)',
        'User-Agent: Roundcube Webmail/1.6.5',
      ]),
    );
    h.push(...extra, ...built.entity.headers);

    const chunks: Chunk[] = [h.join('\r\n'), '\r\n'];
    if (!built.headersOnly) chunks.push('\r\n', ...built.entity.body);
    const raw = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
    const threadRoot = thread ? thread.id : `t-${seedTag}-${i}`;
    out.push({
      raw,
      sha256: createHash('sha256').update(raw).digest('hex'),
      internalDate,
      folders,
      kind,
      messageId,
      subject: built.subject,
      plantedWord: word,
      threadRoot,
      parseShouldFail: built.parseShouldFail ?? false,
    });

    if (thread && messageId) {
      thread.ids.push(messageId);
      thread.last = from;
      thread.lastDate = internalDate;
      thread.size += 1;
      if (thread.size >= 25) pool.splice(pool.indexOf(thread), 1);
    } else if (!thread && messageId && ROOT_KINDS.has(kind) && built.subject !== '') {
      const other = fromMe ? to : from;
      pool.push({
        id: threadRoot,
        subject: built.subject,
        lang: built.lang,
        ids: [messageId],
        last: from,
        other,
        lastDate: internalDate,
        size: 1,
      });
      if (pool.length > 40) pool.shift();
    }
  };

  for (let n = 0; out.length < opts.count; n++) {
    let kind: CorpusKind = forced[n] ?? RANDOM_KINDS[rng.weighted(RANDOM_WEIGHTS)]?.[0] ?? 'plain';
    if (kind.startsWith('reply') && pool.length === 0) kind = 'plain';
    if (kind === 'dup-message-id') {
      if (out.length + 2 > opts.count) kind = 'plain';
      else {
        // Two different messages that share one Message-ID (a broken mailer or a re-sent draft).
        const shared = `${rng.hex(8)}.${seedTag}${out.length.toString(36)}@localhost.localdomain`;
        make(kind, shared);
        make(kind, shared);
        continue;
      }
    }
    make(kind);
  }
  return out;
}
