/** How fast Dovecot + imapflow deliver the corpus with nothing done to it: the floor for an import. */
import { parseArgs } from 'node:util';
import { ImapFlow } from 'imapflow';
import { generateCorpus, maildirFolders, writeMaildir } from '../../test/support/corpus.ts';
import { startDovecot } from '../../test/support/dovecot.ts';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '20000' }, batch: { type: 'string', default: '250' } },
});
const server = await startDovecot({ users: [{ user: 'bench', password: 'pw' }] });
writeMaildir(server.maildir('bench'), generateCorpus({ count: Number(values.messages), bigAttachments: 5 }));
const folders = maildirFolders(server.maildir('bench'));
try {
  for (let run = 0; run < 3; run++) {
    const client = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: false,
      auth: { user: 'bench', pass: 'pw' },
      logger: false,
    });
    await client.connect();
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    let n = 0;
    let bytes = 0;
    for (const folder of folders) {
      const lock = await client.getMailboxLock(folder, { readOnly: true });
      try {
        const exists = client.mailbox ? client.mailbox.exists : 0;
        const step = Number(values.batch);
        for (let i = 1; i <= exists; i += step) {
          for await (const m of client.fetch(`${i}:${Math.min(exists, i + step - 1)}`, {
            uid: true,
            source: true,
            internalDate: true,
            flags: true,
          })) {
            n++;
            bytes += m.source?.byteLength ?? 0;
          }
        }
      } finally {
        lock.release();
      }
    }
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `run ${run}: ${n} messages ${(bytes / 1048576).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(2)} s, node cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
    );
    await client.logout();
  }
} finally {
  await server.stop({ removeDir: true });
}
