/**
 * Subject normalisation for threading. Pure: no I/O.
 *
 * Mail clients in different languages prepend their own reply/forward markers, mailing lists prepend
 * `[list]` tags, and both stack up ("AW: [ops] Re[2]: Fwd: …"). Only the text after all of them identifies
 * the conversation, so they are stripped repeatedly until nothing more matches.
 */

/**
 * Latin-script reply/forward markers, optionally with a counter ("Re[2]:", "Re(3):"). Whitespace before the
 * colon is allowed because French clients write "Re :". The full-width colon appears when CJK input methods
 * are active even for Latin prefixes.
 */
const LATIN_PREFIX = /^(?:re|aw|sv|vs|antw|fwd|fw|wg|tr|rv|odp)(?:\s*[[(]\s*\d+\s*[\])])?\s*[:：]/i;

/** Chinese markers (simplified and traditional): reply, answer, forward. */
const CJK_PREFIX = /^(?:回复|答复|转发|回覆|答覆|轉發)\s*[:：]/;

/** A list tag such as "[ops-list]". No nested brackets, so one tag never swallows the next. */
const LIST_TAG = /^\[[^[\]]*\]/;

export interface ParsedSubject {
  /** Lower-cased subject with markers and tags removed and whitespace collapsed; "" when nothing is left. */
  normalized: string;
  /** True when at least one reply/forward marker was removed: the message presents itself as a reply. */
  isReply: boolean;
}

/** Strips markers and tags, and reports whether any reply/forward marker was present. */
export function parseSubject(subject: string | null): ParsedSubject {
  if (subject === null) return { normalized: '', isReply: false };
  // NFC so that composed and decomposed spellings of the same subject compare equal.
  let rest = subject.normalize('NFC').trim();
  let isReply = false;
  for (;;) {
    const marker = LATIN_PREFIX.exec(rest) ?? CJK_PREFIX.exec(rest);
    if (marker !== null) {
      isReply = true;
      rest = rest.slice(marker[0].length).trimStart();
      continue;
    }
    const tag = LIST_TAG.exec(rest);
    if (tag !== null) {
      rest = rest.slice(tag[0].length).trimStart();
      continue;
    }
    break;
  }
  return { normalized: rest.replace(/\s+/g, ' ').trim().toLowerCase(), isReply };
}

/** The subject as used to match replies to their thread; "" never matches anything. */
export function normalizeSubject(subject: string | null): string {
  return parseSubject(subject).normalized;
}

/**
 * Subjects that say nothing about which conversation a message belongs to: greetings, thanks, placeholders
 * for a missing subject, one-word labels people reuse for unrelated mail. Two threads sharing one of these
 * are no evidence of anything, so such a subject never joins threads on its own. Kept short on purpose:
 * each entry is a whole subject, compared after foldForGenericCheck.
 */
// prettier-ignore
const GENERIC_SUBJECTS: ReadonlySet<string> = new Set([
  // greetings
  'hi', 'hello', 'hey', 'hi there', 'hallo', 'hola', 'bonjour', 'ciao', 'hej',
  // thanks
  'thanks', 'thank you', 'thx', 'danke', 'merci', 'gracias',
  // placeholders for "no subject" (clients and webmailers write these)
  'no subject', 'untitled', 'kein betreff', 'ohne betreff', 'sans objet', 'sin asunto',
  // labels reused for unrelated mail
  'question', 'questions', 'quick question', 'frage', 'test', 'testing', 'update', 'fyi', 'info',
  'important', 'urgent', 'reminder', 'follow up', 'help',
]);

/**
 * Lower case without accents, punctuation or symbols, words separated by one space: "(No Subject)",
 * "Hi!!" and "Mérci !" compare as "no subject", "hi" and "merci".
 */
function foldForGenericCheck(normalized: string): string {
  // Most subjects are ASCII, and normalising Unicode is the slow step: skip it when there is nothing to fold.
  const plain = /[^\x20-\x7e]/.test(normalized)
    ? normalized.normalize('NFKD').replace(/\p{M}+/gu, '')
    : normalized;
  return plain
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * True when a normalised subject is too generic to join threads by (see GENERIC_SUBJECTS); a subject with
 * no letters or digits at all ("", "???", "…") is generic too.
 */
export function isGenericSubject(normalized: string): boolean {
  const folded = foldForGenericCheck(normalized);
  return folded === '' || GENERIC_SUBJECTS.has(folded);
}
