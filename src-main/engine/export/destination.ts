import type { Stats } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { resolveArchiveFile } from '../archive/open.ts';
import { MailtroveError } from '../errors.ts';

/**
 * Where an export may go. The path comes from a user or a client, so every check here is asynchronous
 * (a path under /proc or a hung network share must never stall the engine's event loop), nothing is
 * created but the export itself, and the archive is never a possible target.
 */

export type ExportFormat = 'mbox' | 'eml';

export interface DestinationRequest {
  /** the archive as given (directory or database file): its files and its own folder are always refused */
  archivePath: string;
  out: string;
  format: ExportFormat;
  /** replace an existing file (mbox), or fill an existing empty folder (eml) */
  force: boolean;
  /** how the user allows replacing where they are, e.g. "pass --force"; ends the "already exists" error */
  howToForce: string;
}

export interface Destination {
  /** the path as the user named it, made absolute */
  target: string;
  /** the same place with the folders' symbolic links resolved: what is written */
  real: string;
  /** an existing file to replace (mbox) or empty folder to fill (eml), allowed by `force` */
  exists: boolean;
}

/** Every file the archive owns next to its database, besides the database itself. */
const SIDE_FILES = ['-wal', '-shm', '-journal'];

/** Checks `request.out` and says where to write; throws a usage error that says what to do instead. */
export async function checkDestination(request: DestinationRequest): Promise<Destination> {
  const target = path.resolve(request.out);
  if (target.includes('\0')) throw usage(`The export path contains a NUL character.`);
  const name = path.basename(target);
  if (name === '' || target === path.dirname(target)) {
    throw usage(`${target} is not a file or folder name; choose one inside a folder.`);
  }
  const real = path.join(await existingFolder(path.dirname(target)), name);
  const existing = await lstatOrNull(real);

  const archive = await archiveFiles(request.archivePath);
  const candidates = [real, ...(request.format === 'mbox' ? [`${real}.partial`] : [])];
  if (existing?.isSymbolicLink()) candidates.push((await realpathOrNull(real)) ?? real);
  const refusal =
    candidates.map((candidate) => refusalFor(candidate, archive)).find((r) => r !== null) ??
    (existing === null ? null : await sameFileRefusal(real, archive));
  if (refusal !== null) {
    throw usage(`Refusing to write the export to ${target}: ${refusal}. Choose a place outside the archive.`);
  }

  if (existing === null) return { target, real, exists: false };
  return request.format === 'mbox'
    ? { target, real, exists: checkMboxTarget(target, existing, request) }
    : { target, real, exists: await checkEmlTarget(target, real, existing, request) };
}

/** An mbox export replaces an existing file or link only with `force`; never a folder or a device. */
function checkMboxTarget(target: string, existing: Stats, request: DestinationRequest): boolean {
  if (existing.isDirectory()) {
    const example = path.join(target, 'export.mbox');
    throw usage(`${target} is a folder; an mbox export needs a file name, such as ${example}.`);
  }
  if (!existing.isFile() && !existing.isSymbolicLink()) {
    throw usage(`${target} is not a regular file; choose another name.`);
  }
  if (!request.force) throw usage(`${target} already exists; ${request.howToForce} to replace it.`);
  return true;
}

/**
 * An .eml export creates its folder. With `force` it may also fill an existing empty folder; a folder
 * that holds anything is refused whatever the flag, so nothing of the user's is ever mixed or replaced.
 */
async function checkEmlTarget(
  target: string,
  real: string,
  existing: Stats,
  request: DestinationRequest,
): Promise<boolean> {
  if (!existing.isDirectory()) {
    throw usage(`${target} exists and is not a folder; an .eml export needs a new folder name.`);
  }
  const folder = await fsp.opendir(real);
  let empty: boolean;
  try {
    empty = (await folder.read()) === null;
  } finally {
    await folder.close();
  }
  if (!empty) {
    throw usage(`The folder ${target} is not empty; choose a new folder name (the export creates it).`);
  }
  if (!request.force) {
    throw usage(`The folder ${target} already exists; ${request.howToForce} to export into it.`);
  }
  return true;
}

/** The real path of the folder the export goes into, which must exist already: nothing is created. */
async function existingFolder(folder: string): Promise<string> {
  let real: string;
  let stats: Stats;
  try {
    real = await fsp.realpath(folder);
    stats = await fsp.stat(real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    if (code === 'ENOENT') {
      throw usage(`The folder ${folder} does not exist.`, 'Create it first, or choose another place.');
    }
    if (code === 'ENOTDIR') throw usage(`${folder} is not a folder (part of that path is a file).`);
    if (code === 'EACCES' || code === 'EPERM')
      throw usage(`The folder ${folder} cannot be opened (${code}).`);
    throw usage(`The folder ${folder} cannot be used (${code}).`);
  }
  if (!stats.isDirectory()) throw usage(`${folder} is not a folder.`);
  return real;
}

interface ArchiveFiles {
  /** the database and its side files, as real paths */
  files: string[];
  /** the archive's own folder (when --archive names a folder), as a real path */
  folder: string | null;
  /** the database file and the folder as the file system identifies them (dev, ino), to catch hard links */
  identities: Stats[];
}

async function archiveFiles(archivePath: string): Promise<ArchiveFiles> {
  const file = resolveArchiveFile(archivePath);
  const ownsFolder = path.resolve(archivePath) === path.dirname(file);
  const realFile = path.join(
    (await realpathOrNull(path.dirname(file))) ?? path.dirname(file),
    path.basename(file),
  );
  const folder = ownsFolder ? ((await realpathOrNull(path.dirname(file))) ?? path.dirname(file)) : null;
  const identities = (
    await Promise.all([statOrNull(realFile), folder === null ? null : statOrNull(folder)])
  ).filter((stats) => stats !== null);
  // settings.json lives beside a database named by its file (handlers/settings.ts); it is the archive's too.
  const settings = ownsFolder ? [] : [path.join(path.dirname(realFile), 'settings.json')];
  return {
    files: [realFile, ...SIDE_FILES.map((suffix) => realFile + suffix), ...settings],
    folder,
    identities,
  };
}

/** Why `candidate` (a real path) is the archive's, or null when it is not. */
function refusalFor(candidate: string, archive: ArchiveFiles): string | null {
  const key = comparable(candidate);
  if (archive.files.some((file) => comparable(file) === key)) return "that is one of the archive's own files";
  if (archive.folder !== null) {
    const folder = comparable(archive.folder);
    if (key === folder) return 'that is the archive folder';
    if (key.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep)) {
      return `it is inside the archive folder ${archive.folder}`;
    }
  }
  return null;
}

/** A path that does not look like the archive may still be it: a hard link, or another spelling of it. */
async function sameFileRefusal(real: string, archive: ArchiveFiles): Promise<string | null> {
  const stats = await statOrNull(real);
  if (stats === null) return null;
  const same = archive.identities.some((id) => id.dev === stats.dev && id.ino === stats.ino);
  return same ? 'that is the archive itself under another name' : null;
}

/** Case-insensitive file systems are the default on macOS and Windows. */
function comparable(file: string): string {
  return process.platform === 'darwin' || process.platform === 'win32' ? file.toLowerCase() : file;
}

async function lstatOrNull(file: string): Promise<Stats | null> {
  try {
    return await fsp.lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await fsp.stat(file);
  } catch {
    return null;
  }
}

async function realpathOrNull(file: string): Promise<string | null> {
  try {
    return await fsp.realpath(file);
  } catch {
    return null;
  }
}

function usage(message: string, hint?: string): MailtroveError {
  return new MailtroveError('usage', message, hint === undefined ? {} : { hint });
}
