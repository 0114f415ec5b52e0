/**
 * Where the CLI speaks: machine output on stdout (with --json), human words and progress on stderr, and a
 * live, self-overwriting progress line only when stderr is a terminal.
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

export function createOutput(
  json: boolean,
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
): Output {
  const live = stderr.isTTY;
  let lastPlain = 0;
  let showing = false;
  const showLive = (text: string): void => {
    const width = (stderr.columns || 100) - 1;
    stderr.write(`\r\u001b[2K${text.slice(0, width)}`);
    showing = true;
  };
  const clear = (): void => {
    if (showing) stderr.write('\r\u001b[2K');
    showing = false;
  };
  return {
    json,
    result(value, human) {
      clear();
      stdout.write(json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
    },
    record(value, human) {
      stdout.write(json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
    },
    info(text) {
      clear();
      stderr.write(`${text}\n`);
    },
    progress(text) {
      if (live) {
        showLive(text);
        return;
      }
      // Logs and pipes get a line every few seconds instead of a flood.
      const now = Date.now();
      if (now - lastPlain >= 5000) {
        lastPlain = now;
        stderr.write(`${text}\n`);
      }
    },
    notice(text) {
      if (live) showLive(text);
      else stderr.write(`${text}\n`);
    },
    endProgress: clear,
  };
}
