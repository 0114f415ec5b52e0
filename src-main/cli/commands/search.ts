import { Command } from 'commander';
import { visibleText } from '../../../src-shared/visible-text.ts';
import { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, MailtroveError, type SearchHit } from '../../engine/api/index.ts';
import { contextOf } from '../context.ts';
import { positiveInt } from '../parse-options.ts';
import { resultCountPhrase } from '../../../src-shared/search-counts.ts';

const QUERY_HELP = `
Query language: words (all must match), "exact phrase", prefix*, a OR b, -exclude, (groups),
from: to: cc: subject: body: filename: folder: account: has:attachment
before:2024-06-01 after:2023 larger:5M smaller:100k. Case and accents are ignored.
At most ${MAX_QUERY_LENGTH.toLocaleString('en-US')} characters and ${MAX_QUERY_DEPTH} levels of parentheses.`;

export function searchCommand(): Command {
  return new Command('search')
    .description('search the archive; results are threads, best first')
    .argument('<query...>', 'the query (quote it in the shell when it has spaces or parentheses)')
    .option('--limit <n>', 'threads to show', positiveInt, 20)
    .option('--offset <n>', 'threads to skip (paging)', (v) => (v === '0' ? 0 : positiveInt(v)), 0)
    .addHelpText('after', QUERY_HELP)
    .action((words: string[], flags: { limit: number; offset: number }, command: Command) => {
      const { out, engine } = contextOf(command);
      const query = words.join(' ');
      const started = performance.now();
      const page = engine.reads.search(query, flags);
      const ms = performance.now() - started;
      for (const hit of page.hits) out.record(hit, () => renderHit(hit));
      out.info(
        page.totalThreads === 0
          ? `No messages match ${JSON.stringify(query)}.`
          : `${capitalize(resultCountPhrase(page, String))} match; showing ${flags.offset + 1}–${flags.offset + page.hits.length}${NEWEST_FIRST[page.order]} (${ms.toFixed(0)} ms).`,
      );
    });
}

/** The CLI always asks for best match first: newest first means the words were too common to rank. */
const NEWEST_FIRST = {
  relevance: '',
  date: ', newest first (these words are in too much mail to rank)',
} as const;

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Each field on its own line: a line break inside a subject cannot make up a line of its own. */
function renderHit(hit: SearchHit): string {
  const count = hit.messages.length > 1 ? ` (${hit.messages.length} matching)` : '';
  const [from, subject, folders, snippet] = [
    hit.from ?? '(no sender)',
    hit.subject ?? '(no subject)',
    hit.folders.join(', '),
    hit.snippet,
  ].map((text) => visibleText(text));
  return [
    `${hit.date.slice(0, 10)}  ${from}  [thread ${hit.threadId}]`,
    `  ${subject}${count}  — ${folders}`,
    `  ${snippet}`,
  ].join('\n');
}

export function threadCommand(): Command {
  return new Command('thread')
    .description("list a thread's messages in date order")
    .argument('<id>', 'thread id (from search or messages)', positiveInt)
    .action((threadId: number, _options: unknown, command: Command) => {
      const { out, engine } = contextOf(command);
      const messages = engine.reads.thread(threadId);
      if (messages.length === 0) {
        throw new MailtroveError('usage', `No thread ${threadId} in this archive.`, {
          hint: 'Thread ids come from `mailtrove search` or `mailtrove messages`.',
        });
      }
      for (const m of messages) {
        out.record(
          m,
          () =>
            `${m.date.slice(0, 16).replace('T', ' ')}  ${visibleText(m.from ?? '')}\n` +
            `  ${visibleText(m.subject ?? '(no subject)')}  — ${visibleText(m.folders.join(', '))}`,
        );
      }
    });
}
