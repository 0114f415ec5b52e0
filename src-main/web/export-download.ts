import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportName } from '../../src-shared/export-names.ts';
import type { Handlers } from '../handlers/index.ts';

/**
 * GET /api/export.mbox?query=… (or ?folder=…): in a browser an export is a download, never a path on
 * the server's disk. The body streams as the archive is read, so memory stays flat whatever the size;
 * an error midway cuts the response short (no final chunk), so a browser never keeps a truncated
 * file as complete. The caller has already checked the request's token.
 */
export async function sendExportDownload(
  handlers: Handlers,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'GET') {
    sendText(response, 405, 'Use GET.');
    return;
  }
  const params = new URL(request.url ?? '/', 'http://localhost').searchParams;
  const query = params.get('query');
  const folder = params.get('folder');
  if ((query === null) === (folder === null)) {
    sendText(response, 400, 'Give either ?query= or ?folder=.');
    return;
  }
  const download = handlers.mboxDownload(query === null ? { folder } : { query });
  if (!download.ok) {
    const clientError = ['usage', 'query', 'invalid-request'].includes(download.error.code);
    sendText(response, clientError ? 400 : 500, download.error.message);
    return;
  }
  response.writeHead(200, {
    'Content-Type': 'application/mbox',
    'Content-Disposition': `attachment; filename="${exportName('mbox', new Date())}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Mailtrove-Messages': String(download.value.messages),
  });
  try {
    await pipeline(Readable.from(download.value.chunks, { objectMode: false }), response);
  } catch {
    // The browser went away or the archive failed midway: the response is already destroyed.
  }
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(`${text}\n`);
}
