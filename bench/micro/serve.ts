/** Serves a generated corpus with Dovecot until killed; prints host, port and the folder list. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus, writeMaildir } from '../../test/support/corpus.ts';
import { startDovecot } from '../../test/support/dovecot.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '20000' } } });
const server = await startDovecot({ users: [{ user: 'bench', password: 'bench-password' }] });
writeMaildir(server.maildir('bench'), generateCorpus({ count: Number(values.messages), bigAttachments: 5 }));
const folders = ['INBOX'];
const walk = (dir: string, prefix: string): void => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || ['cur', 'new', 'tmp'].includes(e.name)) continue;
    const name = prefix ? `${prefix}/${e.name}` : e.name;
    if (fs.existsSync(path.join(dir, e.name, 'cur'))) folders.push(name);
    walk(path.join(dir, e.name), name);
  }
};
walk(server.maildir('bench'), '');
console.log(
  JSON.stringify({ host: server.host, port: server.port, folders: folders.join(','), dir: server.dir }),
);
const stop = (): void => {
  void server.stop({ removeDir: true }).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => undefined, 1 << 30);
