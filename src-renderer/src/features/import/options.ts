/** The import options the window sends, from what the user picked. */
import { DEFAULT_BATCH_SIZE, type DateRange, type ImportOptions } from '../../../../src-shared/domain.ts';
import { presetRange } from './dates.ts';

/**
 * `folders: null` asks for the engine's default selection (everything but Junk and Trash), which also
 * picks up folders created on the server later; an explicit list is sent only when the user changed it.
 */
export function importOptions(
  selected: ReadonlySet<string>,
  defaults: ReadonlySet<string>,
  range: DateRange,
  dryRun: boolean,
): ImportOptions {
  const same = selected.size === defaults.size && [...selected].every((path) => defaults.has(path));
  return {
    folders: same ? null : [...selected].sort(),
    exclude: [],
    range,
    dryRun,
    maxMessages: null,
    batchSize: DEFAULT_BATCH_SIZE,
  };
}

/** "Import last year": the default folders and the last 365 days. */
export function lastYearOptions(today: Date, dryRun: boolean): ImportOptions {
  return {
    folders: null,
    exclude: [],
    range: presetRange('year', today),
    dryRun,
    maxMessages: null,
    batchSize: DEFAULT_BATCH_SIZE,
  };
}
