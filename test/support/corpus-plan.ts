/** The mix of the generated mailbox: which kinds, how often, and where they are filed. */
import type { CorpusKind } from './corpus-types.ts';

/**
 * Every kind at least once (several times where a kind has variants), so even a 60-message corpus
 * covers them; plain comes first so that replies always find a thread.
 */
export function forcedKinds(big: number): CorpusKind[] {
  // prettier-ignore
  return [
    'plain', 'html', 'alternative', 'attachment', 'attachment', 'attachment',
    ...Array.from({ length: big }, (): CorpusKind => 'big-attachment'),
    'related', 'forwarded', 'no-message-id', 'dup-message-id', 'broken-mime', 'broken-mime',
    'odd-mime', 'odd-mime', 'odd-mime', 'odd-mime', 'odd-mime',
    'bad-date', 'bad-date', 'bad-date', 'bad-date', 'bad-date', 'eight-bit-header', 'eight-bit-header',
    'charset-latin1', 'charset-cp1252', 'charset-iso2022jp', 'charset-sjis', 'charset-koi8r',
    'encoded-words', 'encoded-words', 'encoded-words', 'quoted-printable', 'base64-body', 'from-lines',
    'empty-body', 'empty-body', 'reply', 'reply', 'reply-irt-only',
    'reply-subject-only', 'reply-subject-only', 'reply-subject-only', 'reply-subject-only', 'reply-subject-only',
    'plain', 'plain', 'plain', 'plain',
  ];
}

/** Relative frequency after the forced prefix ('big-attachment' only ever comes from the prefix). */
// prettier-ignore
export const RANDOM_KINDS: readonly (readonly [CorpusKind, number])[] = [
  ['plain', 28], ['html', 8], ['alternative', 14], ['attachment', 6], ['related', 2], ['forwarded', 1],
  ['no-message-id', 2], ['dup-message-id', 0.5], ['broken-mime', 0.3], ['odd-mime', 1], ['bad-date', 1],
  ['eight-bit-header', 1], ['charset-latin1', 1], ['charset-cp1252', 1], ['charset-iso2022jp', 1],
  ['charset-sjis', 0.7], ['charset-koi8r', 0.7], ['encoded-words', 3], ['quoted-printable', 3],
  ['base64-body', 2], ['from-lines', 1], ['empty-body', 0.3], ['reply', 14], ['reply-irt-only', 3],
  ['reply-subject-only', 4],
];
export const RANDOM_WEIGHTS = RANDOM_KINDS.map(([, w]) => w);

/** Folder shares, roughly like a real account. 'Empty' (in CORPUS_FOLDERS) never gets mail. */
// prettier-ignore
const FOLDER_WEIGHTS: readonly (readonly [string, number])[] = [
  ['INBOX', 45], ['Sent', 12], ['Drafts', 2], ['Archive', 8], ['Archive/2023', 7], ['Archive/2023/Q1', 3],
  ['Reisekostenabrechnung/Übersicht', 4], ['日本語', 4], ['Notes & Ideas', 2], ['Junk', 5], ['Trash', 5],
];
export const FILED = FOLDER_WEIGHTS.map(([f]) => f);
export const FILED_WEIGHTS = FOLDER_WEIGHTS.map(([, w]) => w);

/** Kinds whose messages can start a thread (they have a Message-ID and an ordinary subject). */
// prettier-ignore
export const ROOT_KINDS = new Set<CorpusKind>([
  'plain', 'html', 'alternative', 'attachment', 'related', 'forwarded', 'eight-bit-header',
  'charset-latin1', 'charset-cp1252', 'charset-iso2022jp', 'charset-sjis', 'charset-koi8r',
  'encoded-words', 'quoted-printable', 'base64-body', 'from-lines',
  'reply', 'reply-irt-only', 'reply-subject-only',
]);

/** Subject prefixes per reply kind, cycled by variant; subject-only replies include list tags and Fwd. */
export const REPLY_PREFIXES: Record<string, readonly string[]> = {
  reply: ['Re: ', 'RE: ', 'AW: ', 'Re: '],
  'reply-irt-only': ['Re: '],
  'reply-subject-only': ['Re: ', 'AW: ', 'Fwd: ', '[mailtrove-users] Re: ', 'RE: '],
};
