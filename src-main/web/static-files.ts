import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The page's own policy is the meta tag in the built index.html (the same one the Electron window uses),
 * and a browser enforces every policy it gets, so this header only adds what a meta tag cannot say:
 * no framing of the app by other pages (clickjacking). base-uri matches the meta tag's `about:`: the
 * message viewer's frame inherits both and needs <base href="about:blank"> (src-main/app/security.ts).
 */
export const WEB_CONTENT_SECURITY_POLICY = "frame-ancestors 'none'; object-src 'none'; base-uri about:";

/** The file under `root` a URL path names, or null when it would leave root or does not exist. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** Sends one file of the built renderer with the headers a local app page should have. */
export function sendStatic(
  response: ServerResponse,
  file: string,
  extraHeaders: Record<string, string> = {},
): void {
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Security-Policy': WEB_CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    // The token's address is redirected before any page loads; this keeps any other address out too.
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
    ...extraHeaders,
  });
  fs.createReadStream(file).pipe(response);
}
