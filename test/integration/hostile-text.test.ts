/**
 * A folder and a message whose names carry terminal escapes, NUL and a right-to-left override, served by
 * a real Dovecot: every human CLI output shows them as markers, and --json gives the exact strings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, jsonLines, type CliResult } from '../support/cli.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { deliverHostileMail, HOSTILE, RAW_CONTROL, SHOWN } from '../support/hostile-mail.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

interface Hit {
  threadId: number;
  subject: string | null;
  from: string | null;
  folders: string[];
}

/** Everything the process printed holds no raw control character. */
function printsNoControl(result: CliResult): void {
  expect(result.stdout).not.toMatch(RAW_CONTROL);
  expect(result.stderr).not.toMatch(RAW_CONTROL);
}

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')(
  'hostile subjects and folder names in the CLI',
  () => {
    let mailbox: TestMailbox;
    let archive: string;
    let imported: CliResult;
    const run = (args: string[]): Promise<CliResult> => mailbox.cli(archive, args);

    beforeAll(async () => {
      mailbox = await startTestMailbox({ user: 'mal', corpus: { count: 4, bigAttachments: 0, seed: 5 } });
      deliverHostileMail(mailbox.server.maildir('mal'));
      archive = await mailbox.newArchive('archive');
      imported = await run(['import', 'mal']);
    });
    afterAll(async () => {
      await mailbox.stop();
    });

    it('folders: the tree shows the folder name escaped, --json gives it exactly', async () => {
      const human = await run(['folders', 'mal']);
      expect(human.code, human.stderr).toBe(0);
      printsNoControl(human);
      expect(human.stdout).toContain(SHOWN.folder);

      const machine = await run(['--json', 'folders', 'mal']);
      printsNoControl(machine);
      const folders = json<{ path: string; name: string }[]>(machine);
      expect(folders.map((f) => f.name)).toContain(HOSTILE.folder);
    });

    it('import: the summary table shows the folder escaped', () => {
      expect(imported.code, imported.stderr).toBe(0);
      printsNoControl(imported);
      expect(imported.stdout).toContain(SHOWN.folder);
    });

    it('search: subject, sender and folder escaped; --json exact', async () => {
      const human = await run(['search', HOSTILE.word]);
      expect(human.code, human.stderr).toBe(0);
      printsNoControl(human);
      expect(human.stdout).toContain(SHOWN.subject);
      expect(human.stdout).toContain(SHOWN.fromName);
      expect(human.stdout).toContain(SHOWN.folder);

      const machine = await run(['--json', 'search', HOSTILE.word]);
      printsNoControl(machine);
      const [hit] = jsonLines<Hit>(machine);
      expect(hit?.subject).toBe(HOSTILE.subject);
      expect(hit?.from).toBe(`${HOSTILE.fromName} <mallory@example.org>`);
      expect(hit?.folders).toContain(HOSTILE.folder);

      const thread = await run(['thread', String(hit?.threadId)]);
      expect(thread.code, thread.stderr).toBe(0);
      printsNoControl(thread);
      expect(thread.stdout).toContain(SHOWN.subject);
    });

    it('messages: JSON lines that parse to the exact subject, printed without raw controls', async () => {
      const listed = await run(['messages']);
      printsNoControl(listed);
      const subjects = jsonLines<{ subject: string | null }>(listed).map((m) => m.subject);
      expect(subjects).toContain(HOSTILE.subject);
    });

    it('status: the folder table shows the name escaped', async () => {
      const status = await run(['status', 'mal']);
      expect(status.code, status.stderr).toBe(0);
      printsNoControl(status);
      expect(status.stdout).toContain(SHOWN.folder);
    });
  },
);
