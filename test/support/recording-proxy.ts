/**
 * A forward proxy on 127.0.0.1 for a test's Chromium (`--proxy-server`), which notes what the browser
 * asks for. Playwright's request events and routes do not see the requests of a sandboxed frame, so the
 * mail viewer's tests watch the network here instead. Requests to a host under .example (where the
 * tests' mail points) are noted and answered with a 1×1 PNG, or refused for https after their host is
 * noted: nothing leaves the machine. With `forwardLoopback`, requests to 127.0.0.1 and localhost are
 * noted and passed on (Chromium must then be told `--proxy-bypass-list=<-loopback>`), so a test sees
 * every request that reached the app's own server.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import type { Duplex } from 'node:stream';

/** A 1×1 PNG. */
export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export interface RecordingProxy {
  /** for Chromium's --proxy-server */
  url: string;
  /** requests to .example hosts, as asSeen() writes them */
  remote: string[];
  /** requests passed on to this machine, as origin + path (`forwardLoopback` only) */
  loopback: string[];
  close(): Promise<void>;
}

/** A URL as the proxy sees it: http in full but without its fragment, https as its origin only. */
export function asSeen(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.protocol === 'https:' ? parsed.origin : parsed.href;
}

const EXAMPLE_HOST = /^[a-z]+:\/\/[^/]*\.example(?::\d+)?(?:\/|$)/i;
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost)$/i;

export async function startRecordingProxy(
  options: { forwardLoopback?: boolean } = {},
): Promise<RecordingProxy> {
  const remote: string[] = [];
  const loopback: string[] = [];
  const forward = options.forwardLoopback === true;

  const proxy = http.createServer((request, response) => {
    const url = request.url ?? '';
    if (forward && URL.canParse(url) && LOOPBACK_HOST.test(new URL(url).hostname)) {
      loopback.push(asSeen(url));
      passOn(url, request, response);
      return;
    }
    if (EXAMPLE_HOST.test(url)) remote.push(asSeen(url));
    response.writeHead(200, { 'Content-Type': 'image/png' });
    response.end(Buffer.from(PNG_BASE64, 'base64'));
  });
  // https and WebSockets come as CONNECT host:port.
  proxy.on('connect', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = request.url ?? '';
    const [host = '', port = ''] = target.split(/:(?=\d+$)/);
    if (forward && LOOPBACK_HOST.test(host)) {
      const upstream = net.connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
      return;
    }
    if (EXAMPLE_HOST.test(`https://${target}`)) remote.push(asSeen(`https://${target}`));
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    remote,
    loopback,
    close: () => closeServer(proxy),
  };
}

function passOn(url: string, request: http.IncomingMessage, response: http.ServerResponse): void {
  const upstream = http.request(url, { method: request.method, headers: request.headers }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  upstream.on('error', () => {
    response.destroy();
  });
  request.pipe(upstream);
}

export async function closeServer(server: http.Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}
