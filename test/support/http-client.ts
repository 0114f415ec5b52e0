/** Raw HTTP and TCP clients for the local web server's tests: they send what a browser or an attacker would. */
import http from 'node:http';
import net from 'node:net';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpRequestOptions {
  /** Host defaults to 127.0.0.1:PORT; any header here wins */
  headers?: Record<string, string>;
  /** sent in one piece, with its Content-Length */
  body?: string | Buffer;
  /** sent as chunked transfer encoding, one chunk per item, with no Content-Length */
  chunks?: Buffer[];
}

/** One request on a fresh connection; resolves with the whole answer. */
export function httpRequest(
  port: number,
  method: string,
  urlPath: string,
  options: HttpRequestOptions = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers = { host: `127.0.0.1:${port}`, ...options.headers };
    const req = http.request(
      { host: '127.0.0.1', port, method, path: urlPath, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          });
        });
      },
    );
    req.on('error', reject);
    if (options.chunks === undefined) {
      req.end(options.body);
      return;
    }
    for (const chunk of options.chunks) req.write(chunk);
    req.end();
  });
}

/** A TCP connection to the server, once it is open. */
export function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Everything the server sends on `socket` until it closes the connection. */
export function untilClosed(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    // A reset after the server's last bytes still ends the connection; what it said is kept.
    socket.on('error', () => undefined);
    socket.once('close', () => {
      resolve(received);
    });
  });
}

/** The Set-Cookie header's attributes, by lower-cased name, with the cookie itself as `name` and `value`. */
export function parseSetCookie(header: string): {
  name: string;
  value: string;
  attributes: Map<string, string>;
} {
  const [pair = '', ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const at = part.indexOf('=');
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase();
    attributes.set(key, at === -1 ? '' : part.slice(at + 1).trim());
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}
