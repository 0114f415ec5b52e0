import { InvalidArgumentError } from 'commander';

/** A positive whole number, for commander option parsers. */
export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('expected a whole number ≥ 1.');
  return Number(value);
}

/** A TCP port to listen on; 0 means any free port. */
export function listenPort(value: string): number {
  if (value === '0') return 0;
  return port(value);
}

export function port(value: string): number {
  const n = positiveInt(value);
  if (n > 65535) throw new InvalidArgumentError('a port is at most 65535.');
  return n;
}

/** A comma-separated list of folder paths ("INBOX,Archive/2023"). */
export function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
