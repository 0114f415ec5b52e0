/**
 * Start and stop a real Dovecot 2.3 IMAP server on 127.0.0.1 for tests and benchmarks. Each server owns
 * a directory (config, log, sockets, state, homes), so several can run at once. Mail is read as
 * nobody:nogroup when we run as root (Dovecot refuses uid 0 for mail), else as the current user.
 *
 * Layout: maildir:~/Maildir:LAYOUT=fs:UTF-8 — INBOX is the Maildir root's own cur/new/tmp, folders are
 * plain UTF-8 sub-directories (served to clients as modified UTF-7), a file's mtime is its
 * INTERNALDATE, and CRLF files are served byte-for-byte. See dovecot-identity.ts for UIDVALIDITY resets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { mailOwner } from './corpus-maildir.ts';
import { killTree, reapOnExit } from './reaper.ts';

export { resetFolderIdentity } from './dovecot-identity.ts';

const DOVECOT = '/usr/sbin/dovecot';
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotServer {
  host: string;
  port: number;
  /** The directory holding config, logs, state and homes. */
  dir: string;
  /** Absolute path of the user's Maildir root (= INBOX); folders are sub-directories. */
  maildir(user: string): string;
  /** Stop the server and wait for it to exit; the directory is kept unless removeDir is set. */
  stop(opts?: { removeDir?: boolean }): Promise<void>;
  /** The Dovecot log (plus anything the master wrote to stderr), for failing-test diagnostics. */
  logs(): string;
}

export interface StartOptions {
  users: DovecotUser[];
  /** Reuse a directory (e.g. to restart a server on the same mail); default: a new temp dir. */
  dir?: string;
  /** A fixed port (e.g. to restart on the same address); default: a free one. */
  port?: number;
  /** More configuration, appended (Dovecot merges blocks of the same name). */
  extraConfig?: string;
  /**
   * Also log in with OAuth2 (XOAUTH2, OAUTHBEARER): Dovecot's oauth2 passdb asks this RFC 7662
   * introspection endpoint (test/support/oauth-server.ts) about each token. Passwords keep working.
   */
  oauth2IntrospectionUrl?: string;
}

export function dovecotAvailable(): boolean {
  return existsSync(DOVECOT);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/**
 * Resolves true once the server sends its "* OK" greeting; false when it refuses, closes without one
 * (a server that accepts and hangs up is not ready) or stays silent for a second.
 */
export function greets(port: number, host = HOST): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let data = '';
    let settled = false;
    const done = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => {
      done(false);
    });
    socket.on('error', () => {
      done(false);
    });
    socket.on('end', () => {
      done(false);
    });
    socket.on('close', () => {
      done(false);
    });
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      if (data.includes('\r\n')) done(data.startsWith('* OK'));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function groupName(gid: number): string {
  try {
    const line = readFileSync('/etc/group', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[2] === String(gid));
    return line?.split(':')[0] ?? String(gid);
  } catch {
    return String(gid);
  }
}

/** Dovecot 2.3's oauth2 passdb; the anvil lines in configText keep failed logins from being delayed. */
function oauth2Config(dir: string, introspectionUrl: string): string {
  const ext = join(dir, 'dovecot-oauth2.conf.ext');
  writeFileSync(
    ext,
    `introspection_mode = post\nintrospection_url = ${introspectionUrl}\nforce_introspection = yes\n` +
      'username_attribute = username\nactive_attribute = active\nactive_value = true\n',
  );
  chmodSync(ext, 0o644);
  return `auth_mechanisms = xoauth2 oauthbearer plain login
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${ext}
}
`;
}

function configText(dir: string, port: number): string {
  const owner = mailOwner();
  const me = userInfo();
  const uid = owner ? owner.uid : me.uid;
  const gid = owner ? owner.gid : me.gid;
  // Unprivileged Dovecot must run its helpers as itself and cannot chroot its login processes.
  const noChroot = owner ? '' : '  chroot =\n';
  const unprivileged = owner
    ? ''
    : `default_login_user = ${me.username}\ndefault_internal_user = ${me.username}\n` +
      `default_internal_group = ${groupName(me.gid)}\n` +
      `service imap-urlauth-login {\n${noChroot}}\n`;
  const specialUse = (['Sent', 'Drafts', 'Archive', 'Junk', 'Trash'] as const)
    .map((name) => `  mailbox ${name} {\n    special_use = \\${name}\n  }\n`)
    .join('');
  // Dovecot's parser wants every "{" block over several lines.
  return `# Written by test/support/dovecot.ts: one throw-away test server, everything under ${dir}
protocols = imap
listen = ${HOST}
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = ${basename(dir)}
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
auth_failure_delay = 0
first_valid_uid = 1
mail_location = maildir:~/Maildir:LAYOUT=fs:UTF-8
mail_fsync = never
${unprivileged}
protocol imap {
  mail_max_userip_connections = 50
}

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home/%u
}

service imap-login {
${noChroot}  inet_listener imap {
    address = ${HOST}
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}

# Without this, every failed login from 127.0.0.1 delays all later logins (up to 15 s).
service anvil {
${noChroot}  unix_listener anvil-auth-penalty {
    mode = 0
  }
}

namespace inbox {
  inbox = yes
  separator = /
${specialUse}}
`;
}

function prepareDir(dir: string, users: DovecotUser[]): void {
  const owner = mailOwner();
  mkdirSync(dir, { recursive: true });
  // The mail user (nobody) must be able to walk down to the homes.
  chmodSync(dir, 0o755);
  if (join(dir, 'run', 'login', 'imap').length > 100) {
    throw new Error(`dovecot: ${dir} is too long a path for Dovecot's unix sockets (108 bytes max)`);
  }
  const lines: string[] = [];
  for (const { user, password } of users) {
    if (!/^[A-Za-z0-9._@+-]+$/.test(user) || /[:\r\n]/.test(password)) {
      throw new Error(`dovecot: user "${user}" or its password cannot go into a passwd-file`);
    }
    lines.push(`${user}:{PLAIN}${password}::::::`);
    const home = join(dir, 'home', user);
    for (const d of [home, ...['', 'cur', 'new', 'tmp'].map((s) => join(home, 'Maildir', s))]) {
      mkdirSync(d, { recursive: true });
      if (owner) chownSync(d, owner.uid, owner.gid);
    }
  }
  mkdirSync(join(dir, 'home'), { recursive: true });
  chmodSync(join(dir, 'home'), 0o755);
  // World-readable on purpose: the auth process reads it as the unprivileged "dovecot" user, and these
  // are throw-away test passwords. chmod too, because writeFileSync keeps the mode of an existing file.
  writeFileSync(join(dir, 'passwd'), lines.join('\n') + '\n');
  chmodSync(join(dir, 'passwd'), 0o644);
  // A master.pid left by a killed server would make the new master refuse to start.
  rmSync(join(dir, 'run', 'master.pid'), { force: true });
}

interface Launch {
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

function launch(conf: string): Launch {
  // Own process group, so a stuck server can be killed together with its children.
  const child = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (chunk: Buffer): void => {
    if (output.length < 100_000) output += chunk.toString('utf8');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.once('error', (err) => {
      output += `spawn failed: ${err.message}\n`;
      resolve();
    });
  });
  reapOnExit(child, { detached: true });
  return { child, output: () => output, exited };
}

export async function startDovecot(opts: StartOptions): Promise<DovecotServer> {
  if (!dovecotAvailable()) throw new Error(`dovecot: ${DOVECOT} is not installed`);
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'mailtrove-dovecot-'));
  prepareDir(dir, opts.users);
  const logFile = join(dir, 'dovecot.log');
  const readLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  // A free port can be taken by another test between our probe and Dovecot's bind: retry a few times.
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    const conf = join(dir, 'dovecot.conf');
    const oauth2 = opts.oauth2IntrospectionUrl ? oauth2Config(dir, opts.oauth2IntrospectionUrl) : '';
    writeFileSync(conf, configText(dir, port) + oauth2 + (opts.extraConfig ?? ''));
    const logStart = readLog().length;
    const server = launch(conf);
    // An object, not a let: the flag flips in a callback, which control-flow analysis cannot see.
    const state = { exited: false };
    void server.exited.then(() => {
      state.exited = true;
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    let ready = false;
    while (!state.exited && Date.now() < deadline) {
      if (await greets(port)) {
        ready = true;
        break;
      }
      await sleep(50);
    }
    const logs = (): string => readLog() + server.output();
    if (ready) {
      return {
        host: HOST,
        port,
        dir,
        maildir: (user) => join(dir, 'home', user, 'Maildir'),
        logs,
        async stop(stopOpts) {
          if (server.child.exitCode === null && server.child.signalCode === null) {
            // SIGTERM lets the master stop its children; SIGKILL the whole group if it hangs.
            server.child.kill('SIGTERM');
            const timer = setTimeout(() => {
              killTree(server.child);
            }, STOP_TIMEOUT_MS);
            await server.exited;
            clearTimeout(timer);
          }
          if (stopOpts?.removeDir) rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    killTree(server.child);
    await server.exited;
    const text = logs();
    const fresh = readLog().slice(logStart) + server.output();
    if (/Address already in use/.test(fresh) && opts.port === undefined && attempt < 5) continue;
    throw new Error(
      `dovecot did not accept connections on ${HOST}:${port} within ${START_TIMEOUT_MS} ms ` +
        `(${state.exited ? 'it exited' : 'timed out'}). Log:\n${text}`,
    );
  }
}
