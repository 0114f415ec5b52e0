import { describe, expect, it } from 'vitest';
import type { FolderInfo, SpecialUse } from '../../src-shared/domain.ts';
import { gmailFolders, gmailLimits, labelOfFolder } from '../../src-main/engine/import/gmail.ts';

const folder = (path: string, specialUse: SpecialUse | null = null): FolderInfo => ({
  path,
  name: path.split('/').at(-1) ?? path,
  delimiter: '/',
  parentPath: '',
  specialUse,
  selectable: true,
  messages: 1,
  bytes: null,
  uidValidity: 1,
  uidNext: 2,
  defaultSelected: specialUse !== '\\Junk' && specialUse !== '\\Trash',
});

const inbox = folder('INBOX', '\\Inbox');
const all = folder('[Gmail]/Tous les messages', '\\All');
const sent = folder('[Gmail]/Messages envoyés', '\\Sent');
const work = folder('Work');
const spam = folder('[Gmail]/Spam', '\\Junk');
const trash = folder('[Gmail]/Corbeille', '\\Trash');
const listed = [inbox, all, sent, work, spam, trash];

describe('which folders a Gmail import downloads', () => {
  it('All Mail alone for the default choice, whatever it is called', () => {
    const chosen = listed.filter((f) => f.defaultSelected);
    expect(gmailFolders(listed, chosen)).toEqual({ folders: [all], allPath: all.path, labels: null });
  });

  it('All Mail filtered by label when label folders are chosen, Spam and Trash as themselves', () => {
    expect(gmailFolders(listed, [inbox, work, spam])).toEqual({
      folders: [all, spam],
      allPath: all.path,
      labels: ['\\Inbox', 'Work'],
    });
    expect(gmailFolders(listed, [trash])).toEqual({ folders: [trash], allPath: all.path, labels: [] });
  });

  it('the chosen folders themselves when All Mail is hidden from IMAP', () => {
    const hidden = listed.filter((f) => f !== all);
    expect(gmailFolders(hidden, [inbox, work])).toEqual({
      folders: [inbox, work],
      allPath: null,
      labels: null,
    });
  });

  it('names folders by the labels X-GM-LABELS uses', () => {
    expect([inbox, sent, work, all, spam].map(labelOfFolder)).toEqual([
      '\\Inbox',
      '\\Sent',
      'Work',
      null,
      null,
    ]);
    expect(labelOfFolder(folder('[Gmail]/Markiert', '\\Flagged'))).toBe('\\Starred');
    expect(labelOfFolder(folder('[Gmail]/Wichtig', '\\Important'))).toBe('\\Important');
  });

  it('budgets 2,000 MB a day unless the user chose a budget', () => {
    const none = { callsPerMinute: null, bytesPerSecond: null, dailyBudgetBytes: null };
    expect(gmailLimits(none).dailyBudgetBytes).toBe(2000 * 1048576);
    expect(gmailLimits({ ...none, dailyBudgetBytes: 5 }).dailyBudgetBytes).toBe(5);
  });
});
