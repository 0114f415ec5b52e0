/**
 * A Gmail test double on top of fake-imap.ts: X-GM-EXT-1 in CAPABILITY, the `\All` folder under a localised
 * name (so code that matches names fails), label folders (INBOX, Sent, user labels, one non-ASCII in
 * modified UTF-7), Spam and Trash. Every message has X-GM-MSGID, X-GM-THRID and X-GM-LABELS, and each
 * folder numbers its own UIDs, as Gmail does. The double counts body downloads per X-GM-MSGID, so a test can
 * say "each body exactly once".
 */
import { startFakeImap, type FakeFolder, type FakeImapServer, type FakeMessage } from './fake-imap.ts';

export interface GmailMessage {
  /** X-GM-MSGID, a 64-bit decimal */
  msgId: string;
  /** X-GM-THRID */
  thrId: string;
  /** labels in UTF-8 as Gmail shows them: system ones as `\Inbox`, `\Sent`, `\Important`…, user ones by name */
  labels: string[];
  subject: string;
  date: Date;
  /** where the message is instead of All Mail (Gmail keeps Spam and Trash out of `\All`) */
  bin?: 'spam' | 'trash';
  /** Message-ID and In-Reply-To headers, for threading checks */
  messageId?: string;
  inReplyTo?: string;
}

export interface GmailOptions {
  user: string;
  password: string;
  messages: GmailMessage[];
  /** the user hid All Mail from IMAP in Gmail's settings: it is missing from LIST */
  hideAll?: boolean;
}

export interface GmailDouble extends FakeImapServer {
  /** body downloads (BODY[], BODY.PEEK[], BINARY[]) per X-GM-MSGID, over every folder */
  bodyFetches: Map<string, number>;
  /** the folder paths as listed (modified UTF-7 where the name is not ASCII) */
  paths: { all: string; spam: string; trash: string; sent: string };
  /**
   * Changes a message's labels as Gmail's web client would: every copy's X-GM-LABELS and MODSEQ change
   * (CONDSTORE), label folders are not added or removed (enough for label-change tests)
   */
  relabel(msgId: string, labels: string[]): void;
}

/** Localised on purpose: the import must find All Mail by its `\All` flag, never by its name. */
const ALL = '[Gmail]/Alle Nachrichten';
const SPAM = '[Gmail]/Spam';
const TRASH = '[Gmail]/Papierkorb';
const SENT = '[Gmail]/Gesendet';

/** Label folders by system label; user labels are folders of their own name. */
const SYSTEM_FOLDERS: Record<string, { path: string; specialUse?: string }> = {
  '\\Inbox': { path: 'INBOX' },
  '\\Sent': { path: SENT, specialUse: '\\Sent' },
  '\\Starred': { path: '[Gmail]/Markiert', specialUse: '\\Flagged' },
  '\\Important': { path: '[Gmail]/Wichtig', specialUse: '\\Important' },
};

/** Starts the double on a free loopback port. */
export async function startGmailDouble(options: GmailOptions): Promise<GmailDouble> {
  const copies = new Map<string, { message: FakeMessage; selectedLabel: string | null }[]>();
  // A copy: relabel() changes labels, and the caller's list is shared between tests.
  const messages = options.messages.map((m) => ({ ...m, labels: [...m.labels] }));
  const folders = buildFolders(messages, copies);
  let modseq = 1;
  const listed = options.hideAll ? folders.filter((f) => f.specialUse !== '\\All') : folders;
  const bodyFetches = new Map<string, number>();
  const byId = new Map(messages.map((m) => [m.msgId, m]));
  const server = await startFakeImap({
    user: options.user,
    password: options.password,
    folders: listed,
    capabilities: ['X-GM-EXT-1', 'SPECIAL-USE', 'ENABLE', 'CONDSTORE'],
    commands: {
      ENABLE: (context) => {
        const on = context.args.map(String).filter((a) => a.toUpperCase() === 'CONDSTORE');
        context.send(`* ENABLED${on.map((a) => ` ${a}`).join('')}\r\n${context.tag} OK ENABLE completed\r\n`);
      },
    },
    onFetch: (_folder, message, items) => {
      if (!items.some((item) => /^(BODY(\.PEEK)?|BINARY(\.PEEK)?)\[\]/.test(item))) return;
      const id = message.extra?.['X-GM-MSGID'] ?? '?';
      bodyFetches.set(id, (bodyFetches.get(id) ?? 0) + 1);
    },
    searchKeys: {
      // Only the `label:NAME` form the import uses; Gmail's own search language is far larger.
      'X-GM-RAW': (message, raw) => {
        const label = /^label:(.+)$/i.exec(raw.trim())?.[1];
        if (label === undefined) return false;
        const id = message.extra?.['X-GM-MSGID'] ?? '';
        return (byId.get(id)?.labels ?? []).some((l) => labelSearchName(l) === labelSearchName(label));
      },
    },
  });
  const relabel = (msgId: string, labels: string[]): void => {
    const message = byId.get(msgId);
    if (!message) throw new Error(`no message ${msgId}`);
    message.labels = labels;
    modseq += 1;
    for (const copy of copies.get(msgId) ?? []) {
      copy.message.modseq = modseq;
      (copy.message.extra ??= {})['X-GM-LABELS'] = labelList(labels, copy.selectedLabel);
    }
  };
  return { ...server, bodyFetches, paths: { all: ALL, spam: SPAM, trash: TRASH, sent: SENT }, relabel };
}

/** The total number of body downloads the double served. */
export function totalBodyFetches(double: GmailDouble): number {
  return [...double.bodyFetches.values()].reduce((a, b) => a + b, 0);
}

function buildFolders(
  messages: GmailMessage[],
  copies: Map<string, { message: FakeMessage; selectedLabel: string | null }[]>,
): FakeFolder[] {
  const folders = new Map<string, FakeFolder>();
  const folder = (path: string, specialUse?: string): FakeFolder => {
    let found = folders.get(path);
    if (!found) {
      found = {
        path,
        uidValidity: String(600 + folders.size),
        messages: [],
        ...(specialUse ? { specialUse } : {}),
      };
      folders.set(path, found);
    }
    return found;
  };
  // Every folder exists even when empty, in Gmail's order.
  folder('INBOX');
  const all = folder(ALL, '\\All');
  folder(SENT, '\\Sent');
  const spam = folder(SPAM, '\\Junk');
  const trash = folder(TRASH, '\\Trash');
  for (const message of messages) {
    const raw = rawMessage(message);
    const add = (target: FakeFolder, selectedLabel: string | null): void => {
      const copy: FakeMessage = {
        uid: target.messages.length + 1,
        raw,
        internalDate: message.date,
        flags: ['\\Seen'],
        modseq: 1,
        extra: {
          'X-GM-MSGID': message.msgId,
          'X-GM-THRID': message.thrId,
          'X-GM-LABELS': labelList(message.labels, selectedLabel),
        },
      };
      target.messages.push(copy);
      copies.set(message.msgId, [...(copies.get(message.msgId) ?? []), { message: copy, selectedLabel }]);
    };
    if (message.bin === 'spam') {
      add(spam, null);
      continue;
    }
    if (message.bin === 'trash') {
      add(trash, null);
      continue;
    }
    add(all, null);
    for (const label of message.labels) {
      const system = SYSTEM_FOLDERS[label];
      if (system) add(folder(system.path, system.specialUse), label);
      else if (!label.startsWith('\\')) add(folder(encodeModifiedUtf7(label)), label);
    }
  }
  return [...folders.values()];
}

/** X-GM-LABELS as sent in a folder: Gmail leaves out the label of the folder the message is read in. */
function labelList(labels: string[], selectedLabel: string | null): string {
  return `(${labels
    .filter((l) => l !== selectedLabel)
    .map(labelAtom)
    .join(' ')})`;
}

/** Gmail's search compares label names without case, with '-' for spaces and '/'. */
function labelSearchName(label: string): string {
  return label
    .replace(/^\\/, '')
    .toLowerCase()
    .replace(/[\s/]+/g, '-');
}

/** A label as X-GM-LABELS sends it: system labels as atoms, others quoted in modified UTF-7. */
function labelAtom(label: string): string {
  if (label.startsWith('\\')) return label;
  return `"${encodeModifiedUtf7(label).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Modified UTF-7 (RFC 3501 5.1.3): printable ASCII as is ('&' as "&-"), other runs as UTF-16BE in base64
 * with ',' for '/', between '&' and '-'. Written out because the test must send what Gmail sends.
 */
export function encodeModifiedUtf7(text: string): string {
  let out = '';
  let run = '';
  const flush = (): void => {
    if (run === '') return;
    const utf16 = Buffer.alloc(run.length * 2);
    for (let i = 0; i < run.length; i++) utf16.writeUInt16BE(run.charCodeAt(i), i * 2);
    out += `&${utf16.toString('base64').replace(/=+$/, '').replaceAll('/', ',')}-`;
    run = '';
  };
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x20 && code <= 0x7e) {
      flush();
      out += ch === '&' ? '&-' : ch;
    } else run += ch;
  }
  flush();
  return out;
}

function rawMessage(message: GmailMessage): string {
  const headers = [
    `From: Ana <ana@example.com>`,
    `To: Ben <ben@example.com>`,
    `Subject: ${message.subject}`,
    `Date: ${message.date.toUTCString()}`,
    `Message-ID: <${message.messageId ?? `gm-${message.msgId}@example.com`}>`,
    ...(message.inReplyTo ? [`In-Reply-To: <${message.inReplyTo}>`] : []),
  ];
  return `${headers.join('\r\n')}\r\n\r\n${message.subject}: body of ${message.msgId}.\r\n`;
}
