/**
 * A plain TCP pass-through in front of a test Dovecot that notes every command line a client sends, so a
 * test can say which IMAP commands a run cost (e.g. "no SELECT, EXAMINE or FETCH"). Bytes pass unchanged
 * both ways. Plain TCP only: TLS or COMPRESS would hide the commands (the test Dovecot offers neither).
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';

export interface ImapCommandLog {
  host: string;
  port: number;
  /** command lines as sent, tag included, over every connection so far */
  lines: string[];
  /** the verbs of the lines so far, upper case, with UID joined on ("UID FETCH", "EXAMINE") */
  verbs(): string[];
  /** forgets the lines so far */
  clear(): void;
  close(): Promise<void>;
}

export async function startImapCommandLog(target: { host: string; port: number }): Promise<ImapCommandLog> {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  };
  const listener = createServer((client) => {
    track(client);
    const server = connect(target);
    track(server);
    let pending = '';
    client.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n'); end >= 0; end = pending.indexOf('\r\n')) {
        lines.push(pending.slice(0, end));
        pending = pending.slice(end + 2);
      }
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
  });
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const address = listener.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    lines,
    verbs: () =>
      lines.flatMap((line) => {
        const match = /^\S+ (UID \S+|\S+)/i.exec(line);
        return match?.[1] ? [match[1].toUpperCase()] : [];
      }),
    clear: () => {
      lines.length = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        listener.close(() => {
          resolve();
        });
      });
    },
  };
}
