/**
 * Writes corpus messages as a Dovecot Maildir (maildir:~/Maildir:LAYOUT=fs:UTF-8): INBOX is the root's
 * own cur/new/tmp, every other folder is a sub-directory named in plain UTF-8. A file's mtime is what
 * Dovecot serves as INTERNALDATE, and files with CRLF line ends are served byte-for-byte.
 */
import {
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { CORPUS_FOLDERS, type CorpusMessage } from './corpus-types.ts';
import { resetFolderIdentity } from './dovecot-identity.ts';

/** Absolute directory of a folder ('INBOX' or a '/'-separated path) under a Maildir root. */
export function folderDir(maildirRoot: string, folder: string): string {
  return folder === 'INBOX' ? maildirRoot : join(maildirRoot, ...folder.split('/'));
}

function idFromFile(file: string, name: string, fallback: number): number {
  try {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${name}:`));
    const id = Number(line?.split(':')[2]);
    return Number.isInteger(id) ? id : fallback;
  } catch {
    return fallback;
  }
}

/** The uid/gid Dovecot delivers as (see dovecot.ts), or null when not root and chown is impossible. */
export function mailOwner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  return { uid: idFromFile('/etc/passwd', 'nobody', 65534), gid: idFromFile('/etc/group', 'nogroup', 65534) };
}

function ensureFolder(dir: string, owner: { uid: number; gid: number } | null): void {
  for (const sub of ['', 'cur', 'new', 'tmp']) {
    const d = join(dir, sub);
    if (!existsSync(d)) mkdirSync(d, { recursive: true });
    if (owner) chownSync(d, owner.uid, owner.gid);
  }
}

/** Ensure every directory from the root down to the folder exists and belongs to the mail user. */
function ensurePath(maildirRoot: string, folder: string, owner: { uid: number; gid: number } | null): string {
  ensureFolder(maildirRoot, owner);
  if (folder === 'INBOX') return maildirRoot;
  let dir = maildirRoot;
  for (const segment of folder.split('/')) {
    dir = join(dir, segment);
    if (!existsSync(dir)) mkdirSync(dir);
    if (owner) chownSync(dir, owner.uid, owner.gid);
  }
  ensureFolder(dir, owner);
  return dir;
}

// Flags vary a little (unseen, flagged, answered) but are fixed per message; Drafts get \Draft.
function flagsFor(message: CorpusMessage, folder: string): string {
  if (folder === 'Drafts') return 'DS';
  const b = parseInt(message.sha256.slice(0, 2), 16);
  if (b < 0x20) return '';
  if (b < 0x30) return 'FS';
  if (b < 0x40) return 'RS';
  return 'S';
}

/**
 * File name: "<seconds>.<unique>.mailtrove:2,<flags>". Dovecot assigns UIDs to new files in name order,
 * so the leading internal date makes UIDs grow with time, like on a real server. The unique part comes
 * from the content hash, so writing the same message into a folder twice is idempotent.
 */
function fileName(message: CorpusMessage, folder: string): string {
  const seconds = Math.floor(message.internalDate.getTime() / 1000);
  return `${seconds}.M${message.sha256.slice(0, 16)}.mailtrove:2,${flagsFor(message, folder)}`;
}

function writeOne(
  dir: string,
  message: CorpusMessage,
  folder: string,
  owner: { uid: number; gid: number } | null,
): void {
  const file = join(dir, 'cur', fileName(message, folder));
  writeFileSync(file, message.raw);
  utimesSync(file, message.internalDate, message.internalDate);
  if (owner) chownSync(file, owner.uid, owner.gid);
}

/**
 * Write each message into each of its folders under `maildirRoot`, creating cur/new/tmp for every
 * CORPUS_FOLDERS entry (even empty ones). Safe to call again with more messages (incremental mail).
 * Owned by nobody:nogroup when running as root, because that is the uid Dovecot reads mail as.
 */
export function writeMaildir(maildirRoot: string, messages: readonly CorpusMessage[]): void {
  const owner = mailOwner();
  const dirs = new Map<string, string>();
  const dirOf = (folder: string): string => {
    let dir = dirs.get(folder);
    if (dir === undefined) {
      dir = ensurePath(maildirRoot, folder, owner);
      dirs.set(folder, dir);
    }
    return dir;
  };
  for (const folder of CORPUS_FOLDERS) dirOf(folder);
  for (const message of messages) {
    for (const folder of message.folders) writeOne(dirOf(folder), message, folder, owner);
  }
}

/**
 * Replace a folder's whole content with `messages` (ignoring their `folders`) and make Dovecot give it
 * a new UIDVALIDITY, as when a server rebuilds a mailbox. No IMAP session may have the folder selected
 * meanwhile (see resetFolderIdentity).
 */
export function rewriteFolder(maildirRoot: string, folder: string, messages: readonly CorpusMessage[]): void {
  const owner = mailOwner();
  const dir = ensurePath(maildirRoot, folder, owner);
  for (const sub of ['cur', 'new', 'tmp']) {
    for (const name of readdirSync(join(dir, sub))) rmSync(join(dir, sub, name), { force: true });
  }
  resetFolderIdentity(dir);
  for (const message of messages) writeOne(dir, message, folder, owner);
}

/** Every folder below `maildirRoot` that holds mail (a `cur` directory), INBOX first, Junk and Trash included. */
export function maildirFolders(maildirRoot: string): string[] {
  const found: string[] = ['INBOX'];
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || ['cur', 'new', 'tmp'].includes(entry.name)) continue;
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (existsSync(join(dir, entry.name, 'cur'))) found.push(name);
      walk(join(dir, entry.name), name);
    }
  };
  walk(maildirRoot, '');
  return found;
}
