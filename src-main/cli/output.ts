import { visibleText } from '../../src-shared/visible-text.ts';

/**
 * Where the CLI speaks: machine output on stdout (with --json), human words and progress on stderr, and a
 * live, self-overwriting progress line only when stderr is a terminal. Every human line passes through
 * visibleText here, so a subject or folder name can never reach the terminal as an escape sequence.
 */
export interface Output {
  json: boolean;
  /** the command's result: JSON on stdout with --json, else the human rendering on stdout */
  result(value: unknown, human: () => string): void;
  /** one JSON object per line (--json) or a human line */
  record(value: unknown, human: () => string): void;
  info(text: string): void;
  progress(text: string): void;
  /** a passing state (waiting, retrying): replaces itself on a terminal, one line each in a log */
  notice(text: string): void;
  endProgress(): void;
}

/** Characters JSON.stringify leaves raw that a terminal (or a bidi-aware one) would act on. */
const JSON_UNSAFE = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * `value` as one line of JSON that parses back to exactly `value`, with the C1 controls and bidi
 * overrides written as \u escapes (JSON.stringify escapes only C0), so printing it is harmless too.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(
    JSON_UNSAFE,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A block of human text for the terminal: its own line breaks stay, every other control is shown. */
const human = (text: string): string => visibleText(text, { multiline: true });

/** What the output needs of a stream: process.stdout and process.stderr, or a test's stand-in. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function createOutput(
  json: boolean,
  stdout: OutputStream = process.stdout,
  stderr: OutputStream = process.stderr,
): Output {
  const live = stderr.isTTY === true;
  let lastPlain = 0;
  let showing = false;
  // One line: a line break in a folder name must not scroll the live line away.
  const showLive = (line: string): void => {
    const columns = stderr.columns ?? 0;
    const width = (columns > 0 ? columns : 100) - 1;
    stderr.write(`\r\u001b[2K${line.slice(0, width)}`);
    showing = true;
  };
  const clear = (): void => {
    if (showing) stderr.write('\r\u001b[2K');
    showing = false;
  };
  return {
    json,
    result(value, render) {
      clear();
      stdout.write(`${json ? jsonLine(value) : human(render())}\n`);
    },
    record(value, render) {
      stdout.write(`${json ? jsonLine(value) : human(render())}\n`);
    },
    info(text) {
      clear();
      stderr.write(`${human(text)}\n`);
    },
    progress(text) {
      const line = visibleText(text);
      if (live) {
        showLive(line);
        return;
      }
      // Logs and pipes get a line every few seconds instead of a flood.
      const now = Date.now();
      if (now - lastPlain >= 5000) {
        lastPlain = now;
        stderr.write(`${line}\n`);
      }
    },
    notice(text) {
      const line = visibleText(text);
      if (live) showLive(line);
      else stderr.write(`${line}\n`);
    },
    endProgress: clear,
  };
}
