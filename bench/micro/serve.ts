/** Serves a generated corpus with Dovecot until killed; prints host, port and the folder list. */
import { parseArgs } from 'node:util';
import { generateCorpus, maildirFolders, writeMaildir } from '../../test/support/corpus.ts';
import { startDovecot } from '../../test/support/dovecot.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '20000' } } });
const server = await startDovecot({ users: [{ user: 'bench', password: 'bench-password' }] });
writeMaildir(server.maildir('bench'), generateCorpus({ count: Number(values.messages), bigAttachments: 5 }));
const folders = maildirFolders(server.maildir('bench'));
console.log(
  JSON.stringify({ host: server.host, port: server.port, folders: folders.join(','), dir: server.dir }),
);
const stop = (): void => {
  void server.stop({ removeDir: true }).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => undefined, 1 << 30);
