/**
 * A small scriptable IMAP server on 127.0.0.1 for tests that need a server to say what no real one would:
 * a bogus INTERNALDATE, an out-of-range UIDVALIDITY, a missing UIDNEXT. It speaks just the IMAP4rev1 that
 * imapflow uses for MailTrove (CAPABILITY, LOGIN, NAMESPACE or LIST "" "", LIST/LSUB, STATUS, EXAMINE/SELECT,
 * UID SEARCH, (UID) FETCH, NOOP, LOGOUT) and records every LOGIN and command. Anything else is answered BAD
 * and listed in `unknown`, so a test never passes on a command the fake silently misread.
 *
 * Values the fake sends about folders and messages are raw protocol text, so they can be wrong on purpose.
 * Extend it through `capabilities`, per-message `extra` FETCH items (e.g. X-GM-LABELS) and `commands`
 * (handlers added or replaced by name, e.g. for a Gmail double's X-GM-EXT-1 search).
 */
import { createServer, type Socket } from 'node:net';
import { searchFolder } from './fake-imap-search.ts';

export interface FakeMessage {
  uid: number;
  raw: string | Buffer;
  /** a Date is sent as IMAP date-time; a string is sent verbatim (e.g. '"garbage"' or 'NIL'); absent: omitted */
  internalDate?: Date | string;
  flags?: string[];
  /** RFC822.SIZE sent verbatim instead of the real size */
  size?: string;
  /** further FETCH items this message answers, verbatim (e.g. { 'X-GM-LABELS': '(\\Important)' }) */
  extra?: Record<string, string>;
  /** CONDSTORE: the message's mod-sequence, answered as MODSEQ and compared by CHANGEDSINCE */
  modseq?: number;
}

export interface FakeFolder {
  path: string;
  /** sent verbatim in [UIDVALIDITY …] and STATUS; null: never sent */
  uidValidity: string | null;
  /** sent verbatim; default: one more than the highest UID; null: never sent */
  uidNext?: string | null;
  specialUse?: string;
  messages: FakeMessage[];
}

export interface FakeImapOptions {
  user: string;
  password: string;
  folders: FakeFolder[];
  /** advertised besides IMAP4rev1 */
  capabilities?: string[];
  /** handlers by upper-case command name ('UID FETCH' for UID commands); they win over the built-in ones */
  commands?: Record<string, CommandHandler>;
  /** told of every message a FETCH answers, with the items asked for (e.g. to count body downloads) */
  onFetch?: (folder: FakeFolder, message: FakeMessage, items: readonly string[]) => void;
  /** further SEARCH keys taking one argument (e.g. X-GM-RAW), by upper-case name */
  searchKeys?: Record<string, (message: FakeMessage, value: string) => boolean>;
}

export interface CommandContext {
  tag: string;
  args: Token[];
  options: FakeImapOptions;
  /** the folder selected by EXAMINE/SELECT, if any */
  selected: FakeFolder | null;
  send(line: string | Buffer): void;
}

export type CommandHandler = (context: CommandContext) => void;
export type Token = string | Token[];

export interface FakeImapServer {
  host: string;
  port: number;
  /** every LOGIN attempt, in order */
  logins: { user: string; password: string }[];
  /** every command line received (LOGIN's password masked) */
  commands: string[];
  /** commands answered BAD because the fake does not know them */
  unknown: string[];
  stop(): Promise<void>;
}

const CRLF = '\r\n';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** IMAP date-time in UTC, e.g. "05-Mar-2024 10:00:00 +0000". */
export function imapDateTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}-${MONTHS[date.getUTCMonth()] ?? ''}-${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** Starts the fake on a free loopback port. */
export async function startFakeImap(options: FakeImapOptions): Promise<FakeImapServer> {
  const sockets = new Set<Socket>();
  const logins: FakeImapServer['logins'] = [];
  const commands: string[] = [];
  const unknown: string[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    serve(socket, options, { logins, commands, unknown });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fake IMAP server has no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    logins,
    commands,
    unknown,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function serve(
  socket: Socket,
  options: FakeImapOptions,
  log: Pick<FakeImapServer, 'logins' | 'commands' | 'unknown'>,
): void {
  const capabilities = ['IMAP4rev1', ...(options.capabilities ?? [])].join(' ');
  let selected: FakeFolder | null = null;
  let authenticated = false;
  const send = (line: string | Buffer): void => {
    socket.write(line);
  };
  const builtIn: Record<string, CommandHandler> = {
    CAPABILITY: ({ tag }) => {
      send(`* CAPABILITY ${capabilities}${CRLF}${tag} OK CAPABILITY completed${CRLF}`);
    },
    NOOP: ({ tag }) => {
      send(`${tag} OK NOOP completed${CRLF}`);
    },
    LOGIN: ({ tag, args }) => {
      const [user, password] = args.map(String);
      log.logins.push({ user: user ?? '', password: password ?? '' });
      authenticated = user === options.user && password === options.password;
      send(
        authenticated
          ? `${tag} OK [CAPABILITY ${capabilities}] Logged in${CRLF}`
          : `${tag} NO [AUTHENTICATIONFAILED] Authentication failed.${CRLF}`,
      );
    },
    LOGOUT: ({ tag }) => {
      send(`* BYE Logging out${CRLF}${tag} OK LOGOUT completed${CRLF}`);
      socket.end();
    },
    NAMESPACE: ({ tag }) => {
      send(`* NAMESPACE (("" "/")) NIL NIL${CRLF}${tag} OK NAMESPACE completed${CRLF}`);
    },
    LIST: ({ tag, args }) => {
      send(listLines('LIST', String(args[1] ?? ''), options.folders) + `${tag} OK LIST completed${CRLF}`);
    },
    LSUB: ({ tag, args }) => {
      send(listLines('LSUB', String(args[1] ?? ''), options.folders) + `${tag} OK LSUB completed${CRLF}`);
    },
    STATUS: ({ tag, args }) => {
      const folder = options.folders.find((f) => f.path === String(args[0]));
      if (!folder) {
        send(`${tag} NO [NONEXISTENT] No such folder${CRLF}`);
        return;
      }
      const items = Array.isArray(args[1]) ? args[1].map(String) : [];
      const values = items.flatMap((item) => {
        const value = statusValue(folder, item.toUpperCase());
        return value === null ? [] : [`${item.toUpperCase()} ${value}`];
      });
      send(`* STATUS ${quote(folder.path)} (${values.join(' ')})${CRLF}${tag} OK STATUS completed${CRLF}`);
    },
    EXAMINE: (context) => {
      select(context, 'EXAMINE');
    },
    SELECT: (context) => {
      select(context, 'SELECT');
    },
    UNSELECT: ({ tag }) => {
      selected = null;
      send(`${tag} OK UNSELECT completed${CRLF}`);
    },
    CLOSE: ({ tag }) => {
      selected = null;
      send(`${tag} OK CLOSE completed${CRLF}`);
    },
    'UID SEARCH': ({ tag, args }) => {
      const uids = searchFolder(selected, args.map(String), options.searchKeys ?? {});
      if (uids === null) {
        send(`${tag} BAD search criteria the fake does not know${CRLF}`);
        return;
      }
      send(`* SEARCH${uids.map((u) => ` ${u}`).join('')}${CRLF}${tag} OK SEARCH completed${CRLF}`);
    },
    'UID FETCH': (context) => {
      fetch(context, true);
    },
    FETCH: (context) => {
      fetch(context, false);
    },
  };
  const select = ({ tag, args }: CommandContext, verb: string): void => {
    const folder = options.folders.find((f) => f.path === String(args[0]));
    if (!folder) {
      send(`${tag} NO [NONEXISTENT] No such folder${CRLF}`);
      return;
    }
    selected = folder;
    const lines = [
      `* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)`,
      `* ${folder.messages.length} EXISTS`,
    ];
    lines.push('* 0 RECENT');
    const uidValidity = statusValue(folder, 'UIDVALIDITY');
    if (uidValidity !== null) lines.push(`* OK [UIDVALIDITY ${uidValidity}] UIDs valid`);
    const uidNext = statusValue(folder, 'UIDNEXT');
    if (uidNext !== null) lines.push(`* OK [UIDNEXT ${uidNext}] Predicted next UID`);
    const modseqs = folder.messages.flatMap((m) => (m.modseq === undefined ? [] : [m.modseq]));
    if (modseqs.length > 0) lines.push(`* OK [HIGHESTMODSEQ ${Math.max(...modseqs)}] Highest`);
    const access = verb === 'EXAMINE' ? 'READ-ONLY' : 'READ-WRITE';
    send(lines.map((l) => l + CRLF).join('') + `${tag} OK [${access}] ${verb} completed${CRLF}`);
  };
  const fetch = ({ tag, args }: CommandContext, byUid: boolean): void => {
    if (!selected) {
      send(`${tag} BAD No folder selected${CRLF}`);
      return;
    }
    const [set, items, modifiers] = [String(args[0]), args[1], args[2]];
    // (CHANGEDSINCE n), RFC 7162: only messages changed after n.
    const changedSince =
      Array.isArray(modifiers) && String(modifiers[0]).toUpperCase() === 'CHANGEDSINCE'
        ? Number(modifiers[1])
        : null;
    const wanted = (Array.isArray(items) ? items : [items ?? '']).map((i) => String(i).toUpperCase());
    const messages = selected.messages;
    for (const [index, message] of messages.entries()) {
      const seq = index + 1;
      if (!inSet(byUid ? message.uid : seq, set, byUid ? maxUid(selected) : messages.length)) continue;
      if (changedSince !== null && (message.modseq ?? 0) <= changedSince) continue;
      const parts: Buffer[] = [];
      for (const item of new Set(byUid ? ['UID', ...wanted] : wanted)) {
        const part = fetchItem(message, item);
        if (part === undefined) {
          send(`${tag} BAD the fake cannot FETCH ${item}${CRLF}`);
          return;
        }
        if (part !== null) parts.push(part);
      }
      options.onFetch?.(selected, message, wanted);
      const joined = parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from(' '), p]));
      send(Buffer.concat([Buffer.from(`* ${seq} FETCH (`), ...joined, Buffer.from(`)${CRLF}`)]));
    }
    send(`${tag} OK FETCH completed${CRLF}`);
  };
  const handlers = { ...builtIn, ...options.commands };
  send(`* OK [CAPABILITY ${capabilities}] fake IMAP ready${CRLF}`);
  readCommands(socket, send, (line) => {
    const tokens = tokenize(line);
    const tag = String(tokens[0] ?? '*');
    let name = String(tokens[1] ?? '').toUpperCase();
    let args = tokens.slice(2);
    if (name === 'UID') {
      name = `UID ${String(args[0] ?? '').toUpperCase()}`;
      args = args.slice(1);
    }
    log.commands.push(name === 'LOGIN' ? `${tag} LOGIN ${String(args[0])} ***` : line);
    const handler = handlers[name];
    const open = new Set(['CAPABILITY', 'NOOP', 'LOGIN', 'LOGOUT']);
    if (!handler) {
      log.unknown.push(line);
      send(`${tag} BAD Unknown command${CRLF}`);
    } else if (!authenticated && !open.has(name)) {
      send(`${tag} NO Log in first${CRLF}`);
    } else {
      handler({ tag, args, options, selected, send });
    }
  });
}

/** One FETCH item of a message as sent: null when the message has no value for it, undefined if unknown. */
function fetchItem(message: FakeMessage, item: string): Buffer | null | undefined {
  const raw = Buffer.from(message.raw);
  switch (item) {
    case 'UID':
      return Buffer.from(`UID ${message.uid}`);
    case 'FLAGS':
      return Buffer.from(`FLAGS (${(message.flags ?? []).join(' ')})`);
    case 'RFC822.SIZE':
      return Buffer.from(`RFC822.SIZE ${message.size ?? raw.length}`);
    case 'INTERNALDATE': {
      const value = message.internalDate;
      if (value === undefined) return null;
      return Buffer.from(`INTERNALDATE ${value instanceof Date ? quote(imapDateTime(value)) : value}`);
    }
    case 'MODSEQ':
      return message.modseq === undefined ? undefined : Buffer.from(`MODSEQ (${message.modseq})`);
    case 'BODY.PEEK[]':
    case 'BODY[]':
      return Buffer.concat([Buffer.from(`BODY[] {${raw.length}}${CRLF}`), raw]);
    default: {
      const extra = message.extra?.[item];
      return extra === undefined ? undefined : Buffer.from(`${item} ${extra}`);
    }
  }
}

function statusValue(folder: FakeFolder, item: string): string | null {
  switch (item) {
    case 'MESSAGES':
      return String(folder.messages.length);
    case 'UIDVALIDITY':
      return folder.uidValidity;
    case 'UIDNEXT':
      return folder.uidNext === undefined ? String(maxUid(folder) + 1) : folder.uidNext;
    case 'UNSEEN':
    case 'RECENT':
      return '0';
    default:
      return null;
  }
}

function listLines(verb: string, pattern: string, folders: FakeFolder[]): string {
  // LIST "" "" asks for the hierarchy delimiter only (imapflow's fallback for a server without NAMESPACE).
  if (pattern === '') return `* ${verb} (\\Noselect) "/" ""${CRLF}`;
  return folders
    .map(
      (f) =>
        `* ${verb} (\\HasNoChildren${f.specialUse ? ` ${f.specialUse}` : ''}) "/" ${quote(f.path)}${CRLF}`,
    )
    .join('');
}

function maxUid(folder: FakeFolder): number {
  return folder.messages.reduce((max, m) => Math.max(max, m.uid), 0);
}

function inSet(n: number, set: string, star: number): boolean {
  return set.split(',').some((range) => {
    const [from, to] = range.split(':').map((v) => (v === '*' ? star : Number(v)));
    if (from === undefined) return false;
    const [low, high] = to === undefined ? [from, from] : [Math.min(from, to), Math.max(from, to)];
    return n >= low && n <= high;
  });
}

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Reads CRLF-terminated command lines, answering `+` to synchronizing literals and inlining them. */
function readCommands(socket: Socket, send: (line: string) => void, onLine: (line: string) => void): void {
  let buffer = Buffer.alloc(0);
  let line = '';
  let literal = 0;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (literal > 0) {
        if (buffer.length < literal) return;
        line += quote(buffer.subarray(0, literal).toString('utf8'));
        buffer = buffer.subarray(literal);
        literal = 0;
        continue;
      }
      const end = buffer.indexOf(CRLF);
      if (end < 0) return;
      const text = buffer.subarray(0, end).toString('utf8');
      buffer = buffer.subarray(end + 2);
      const size = /\{(\d+)(\+?)\}$/.exec(text);
      if (size) {
        line += text.slice(0, size.index);
        literal = Number(size[1]);
        if (size[2] !== '+') send(`+ go ahead${CRLF}`);
        continue;
      }
      const complete = line + text;
      line = '';
      onLine(complete);
    }
  });
}

/** Splits a command line into atoms, quoted strings and parenthesized lists; [sections] stay in their atom. */
export function tokenize(text: string): Token[] {
  const stack: Token[][] = [[]];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    const top = stack[stack.length - 1] ?? [];
    if (c === ' ') {
      i += 1;
    } else if (c === '(') {
      const list: Token[] = [];
      top.push(list);
      stack.push(list);
      i += 1;
    } else if (c === ')') {
      if (stack.length > 1) stack.pop();
      i += 1;
    } else if (c === '"') {
      let value = '';
      for (i += 1; i < text.length && text.charAt(i) !== '"'; i += 1) {
        if (text.charAt(i) === '\\') i += 1;
        value += text.charAt(i);
      }
      top.push(value);
      i += 1;
    } else {
      let atom = '';
      let depth = 0;
      for (; i < text.length; i += 1) {
        const d = text.charAt(i);
        if (depth === 0 && (d === ' ' || d === '(' || d === ')')) break;
        if (d === '[') depth += 1;
        if (d === ']') depth -= 1;
        atom += d;
      }
      top.push(atom);
    }
  }
  return stack[0] ?? [];
}
