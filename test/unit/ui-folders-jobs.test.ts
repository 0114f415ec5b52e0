/** The window's folder tree with tri-state selection, and its job state folded from events. */
import { describe, expect, it } from 'vitest';
import {
  defaultImportOptions,
  type FolderInfo,
  type ImportProgress,
  type JobInfo,
  type SpecialUse,
} from '../../src-shared/domain.ts';
import {
  buildFolderTree,
  checkState,
  defaultSelection,
  flatten,
  toggle,
  archivedViaNote,
  type FolderNode,
} from '../../src-renderer/src/features/folders/tree.ts';
import {
  emptyJobs,
  isActive,
  jobsReducer,
  latestJob,
} from '../../src-renderer/src/features/progress/jobs-state.ts';
import { overallView } from '../../src-renderer/src/features/progress/overall.ts';
import { formatBytes } from '../../src-renderer/src/lib/format.ts';

function folder(path: string, extra: Partial<FolderInfo> = {}): FolderInfo {
  const delimiter = extra.delimiter ?? '/';
  const cut = path.lastIndexOf(delimiter);
  const specialUse: SpecialUse | null = extra.specialUse ?? null;
  return {
    path,
    name: cut === -1 ? path : path.slice(cut + 1),
    delimiter,
    parentPath: cut === -1 ? '' : path.slice(0, cut),
    specialUse,
    selectable: true,
    messages: 10,
    bytes: 1000,
    uidValidity: 1,
    uidNext: 11,
    defaultSelected: specialUse !== '\\Junk' && specialUse !== '\\Trash',
    ...extra,
  };
}

const folders = [
  folder('Work/Projects/Alpha'),
  folder('Trash', { specialUse: '\\Trash' }),
  folder('Work', { selectable: false }),
  folder('Work/Projects'),
  folder('INBOX', { specialUse: '\\Inbox' }),
  folder('Archive'),
  folder('Junk', { specialUse: '\\Junk' }),
  folder('Sent', { specialUse: '\\Sent' }),
  folder('Work/Clients'),
];

function node(tree: FolderNode[], path: string): FolderNode {
  const found = flatten(tree).find((n) => n.folder.path === path);
  if (found === undefined) throw new Error(`no node ${path}`);
  return found;
}

describe('buildFolderTree', () => {
  it('nests by parentPath and sorts special folders first, Junk and Trash last', () => {
    const tree = buildFolderTree(folders);
    expect(tree.map((n) => n.folder.path)).toEqual(['INBOX', 'Sent', 'Archive', 'Work', 'Junk', 'Trash']);
    expect(flatten(tree).map((n) => `${'  '.repeat(n.depth)}${n.folder.name}`)).toContain('    Alpha');
    expect(node(tree, 'Work').children.map((n) => n.folder.name)).toEqual(['Clients', 'Projects']);
  });

  it('keeps folders whose parent the server did not list, as roots', () => {
    const tree = buildFolderTree([folder('INBOX.Lists.rust', { delimiter: '.' })]);
    expect(tree).toHaveLength(1);
    expect(tree[0]?.folder.path).toBe('INBOX.Lists.rust');
  });

  it('handles "." delimiters and a namespace under INBOX', () => {
    const tree = buildFolderTree([
      folder('INBOX', { delimiter: '.', specialUse: '\\Inbox' }),
      folder('INBOX.Sent', { delimiter: '.', specialUse: '\\Sent' }),
    ]);
    expect(tree.map((n) => n.folder.path)).toEqual(['INBOX']);
    expect(tree[0]?.children.map((n) => n.folder.path)).toEqual(['INBOX.Sent']);
  });
});

describe('Gmail label folders', () => {
  it('say they are imported once with All Mail, named by its last segment; other folders say nothing', () => {
    expect(archivedViaNote(folder('Büro', { archivedVia: '[Gmail]/Alle Nachrichten' }))).toBe(
      'label · imported with Alle Nachrichten',
    );
    expect(archivedViaNote(folder('INBOX'))).toBe(null);
  });
});

describe('tri-state selection', () => {
  const tree = buildFolderTree(folders);

  it('starts with everything but Junk and Trash ticked', () => {
    const selected = defaultSelection(folders);
    expect([...selected].sort()).toEqual([
      'Archive',
      'INBOX',
      'Sent',
      'Work/Clients',
      'Work/Projects',
      'Work/Projects/Alpha',
    ]);
    expect(checkState(node(tree, 'Junk'), selected)).toBe('unchecked');
    expect(checkState(node(tree, 'Work'), selected)).toBe('checked');
  });

  it('a parent is mixed when only some of its folders are ticked', () => {
    const selected = toggle(node(tree, 'Work/Projects/Alpha'), defaultSelection(folders));
    expect(selected.has('Work/Projects/Alpha')).toBe(false);
    expect(checkState(node(tree, 'Work/Projects'), selected)).toBe('mixed');
    expect(checkState(node(tree, 'Work'), selected)).toBe('mixed');
    expect(checkState(node(tree, 'Work/Clients'), selected)).toBe('checked');
  });

  it('clicking a mixed parent ticks its whole subtree; clicking again clears it', () => {
    const mixed = toggle(node(tree, 'Work/Projects/Alpha'), defaultSelection(folders));
    const ticked = toggle(node(tree, 'Work'), mixed);
    expect(checkState(node(tree, 'Work'), ticked)).toBe('checked');
    const cleared = toggle(node(tree, 'Work'), ticked);
    expect(checkState(node(tree, 'Work'), cleared)).toBe('unchecked');
    // The \Noselect container itself never enters the selection: it holds no mail.
    expect(ticked.has('Work')).toBe(false);
    expect(cleared.has('INBOX')).toBe(true);
  });
});

function job(id: number, state: JobInfo['state'], updatedAt: number, account = 'me'): JobInfo {
  return {
    id,
    account,
    state,
    waitingReason: null,
    waitingUntil: null,
    options: defaultImportOptions(),
    retryFailed: false,
    summary: null,
    error: null,
    createdAt: id,
    updatedAt,
  };
}

function progress(
  folderName: string,
  done: number,
  folderIndex = 0,
  phase: ImportProgress['phase'] = 'fetching',
): ImportProgress {
  return {
    phase,
    folder: folderName,
    folderIndex,
    folderCount: 2,
    foldersPlanned: 2,
    done,
    total: 10,
    bytes: done * 100,
    totalBytes: 1000,
    overallDone: done,
    overallTotal: 20,
    overallBytes: done * 100,
    overallTotalBytes: 2000,
    messagesPerSecond: 5,
    bytesPerSecond: 500,
    etaSeconds: 3,
  };
}

describe('jobs state', () => {
  it('keeps the newest state when a stale list arrives after an event', () => {
    let state = jobsReducer(emptyJobs, { type: 'state', job: job(1, 'paused', 20) });
    state = jobsReducer(state, { type: 'list', jobs: [job(1, 'running', 10)] });
    expect(state.jobs[1]?.state).toBe('paused');
  });

  it('remembers the latest progress per folder', () => {
    let state = jobsReducer(emptyJobs, { type: 'progress', jobId: 1, progress: progress('INBOX', 4) });
    state = jobsReducer(state, { type: 'progress', jobId: 1, progress: progress('INBOX', 9) });
    expect(state.progress[1]?.folders['INBOX']?.done).toBe(9);
    expect(state.progress[1]?.latest.done).toBe(9);
  });

  it('completes a folder when the next one starts fetching, or the run is done', () => {
    // A quick folder's only event can be its start (0 done): events come at most every 250 ms.
    let state = jobsReducer(emptyJobs, { type: 'progress', jobId: 1, progress: progress('INBOX', 0, 0) });
    // A planning event carries the previous folder's counters: it must not show them for Sent.
    state = jobsReducer(state, { type: 'progress', jobId: 1, progress: progress('Sent', 0, 1, 'planning') });
    expect(state.progress[1]?.folders['Sent']?.total).toBe(0);
    expect(state.progress[1]?.folders['INBOX']?.done).toBe(0);
    state = jobsReducer(state, { type: 'progress', jobId: 1, progress: progress('Sent', 3, 1) });
    expect(state.progress[1]?.folders['INBOX']?.done).toBe(10);
    expect(state.progress[1]?.folders['Sent']?.done).toBe(3);
    state = jobsReducer(state, { type: 'progress', jobId: 1, progress: progress('Sent', 3, 1, 'done') });
    expect(state.progress[1]?.folders['Sent']?.done).toBe(10);
    expect(Object.keys(state.progress[1]?.folders ?? {})).toEqual(['INBOX', 'Sent']);
  });

  it("shows the account's most recent job", () => {
    const state = jobsReducer(emptyJobs, {
      type: 'list',
      jobs: [
        job(1, 'completed', 5),
        job(3, 'running', 6),
        job(2, 'failed', 7),
        job(4, 'running', 8, 'other'),
      ],
    });
    expect(latestJob(state, 'me')?.id).toBe(3);
    expect(latestJob(state, 'nobody')).toBeNull();
    expect(isActive('waiting')).toBe(true);
    expect(isActive('cancelled')).toBe(false);
  });
});

describe("the progress panel's overall line", () => {
  it('shows counts against the totals and a filled bar once every folder is scanned', () => {
    const view = overallView(progress('INBOX', 5));
    expect(view).toEqual({
      messages: '5 of 20 messages',
      bytes: `${formatBytes(500)} of ${formatBytes(2000)}`,
      unscanned: null,
      fraction: 0.25,
    });
  });

  it('gives the totals as a lower bound, with no bar, while folders are still to scan', () => {
    const view = overallView({ ...progress('INBOX', 5), folderCount: 4, foldersPlanned: 1 });
    expect(view.messages).toBe('5 of at least 20 messages');
    expect(view.bytes).toBe(`${formatBytes(500)} of at least ${formatBytes(2000)}`);
    expect(view.unscanned).toBe('3 more folders still to scan');
    expect(view.fraction).toBeNull();
    expect(overallView({ ...progress('INBOX', 5), folderCount: 2, foldersPlanned: 1 }).unscanned).toBe(
      '1 more folder still to scan',
    );
  });
});
