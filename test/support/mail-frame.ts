/**
 * The message viewer's sanitizer (src-renderer/.../mail-html.ts) in a real Chromium, inside a page that
 * stands for the app: served from 127.0.0.1 with the window's own CSP. Every request the mail frame
 * makes is recorded: the ones to the app's server by the server, every other one by the recording
 * proxy (recording-proxy.ts), so nothing leaves the machine.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../../src-main/app/security.ts';
import { WEB_CONTENT_SECURITY_POLICY } from '../../src-main/web/static-files.ts';
import type { InlineImageView } from '../../src-shared/ipc/views.ts';
import { closeServer, PNG_BASE64, startRecordingProxy } from './recording-proxy.ts';

export const CHROMIUM = '/usr/bin/chromium';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface MailFrameHarness {
  /** the app's origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** paths the app's server was asked for, in order (the page and its script included) */
  appHits: string[];
  /**
   * every URL on a host under .example (where all the tests' mail points) that the page asked for, as
   * asSeen() writes it; Chromium's own background requests are left out
   */
  elsewhere: string[];
  /**
   * Sanitizes `html` with the viewer's own code and shows it in a sandboxed srcdoc frame, as the viewer
   * does; resolves once the frame has loaded, with the blocked count and the frame's srcdoc.
   */
  show(
    html: string,
    options: { allowRemote: boolean; inline?: InlineImageView[] },
  ): Promise<{ blocked: number; srcdoc: string }>;
  /** what the viewer puts before every mail: its CSP and its <base> guard */
  head(allowRemote: boolean): Promise<string>;
  /** Shows `srcdoc` as it is (nothing sanitized), in the same kind of frame. */
  showRaw(srcdoc: string): Promise<void>;
  /** naturalWidth of the image with this id in the frame shown last (0 when it did not load) */
  imageWidth(id: string): Promise<number>;
  page: Page;
  close(): Promise<void>;
}

/**
 * What the page's script defines. Typed here, not imported: mail-html.ts needs the DOM library, which
 * the tests compile without.
 */
interface PageGlobals {
  MailHtml: {
    safeMailDocument(
      html: string,
      options: { allowRemote: boolean; inline: ReadonlyMap<string, string> },
    ): { srcdoc: string; blocked: number };
    inlineImageUrls(images: readonly InlineImageView[]): Map<string, string>;
    mailDocumentHead(allowRemote: boolean): string;
  };
  showMail(srcdoc: string): Promise<void>;
}

interface FrameGlobals {
  document: { getElementById(id: string): { naturalWidth?: number } | null };
}

/** Shows a srcdoc as the viewer does: a fresh frame, sandbox="", no referrer; resolves on its load. */
const SHOW_MAIL = `
window.showMail = (srcdoc) => new Promise((resolve) => {
  document.querySelector('iframe')?.remove();
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', '');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.addEventListener('load', () => resolve(), { once: true });
  frame.srcdoc = srcdoc;
  document.body.append(frame);
});
`;

/** Builds mail-html.ts for the browser, as one script defining `MailHtml`. */
async function bundleViewer(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    root: repoRoot,
    build: {
      write: false,
      minify: false,
      lib: {
        entry: path.join(repoRoot, 'src-renderer/src/features/viewer/mail-html.ts'),
        formats: ['iife'],
        name: 'MailHtml',
      },
    },
  });
  const result = Array.isArray(output) ? output[0] : output;
  if (result === undefined || !('output' in result)) throw new Error('vite gave no bundle');
  return result.output[0].code + SHOW_MAIL;
}

export async function startMailFrame(): Promise<MailFrameHarness> {
  const script = await bundleViewer();
  const appHits: string[] = [];
  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    appHits.push(url);
    if (url === '/') {
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': WEB_CONTENT_SECURITY_POLICY,
      });
      response.end(
        `<!doctype html><meta charset="utf-8">` +
          `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">` +
          `<script src="/mail-html.js"></script><body></body>`,
      );
    } else if (url === '/mail-html.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      response.end(script);
    } else {
      // Whatever a mail managed to ask the app for gets a real image: a leak must be visible.
      response.writeHead(200, { 'Content-Type': 'image/png' });
      response.end(Buffer.from(PNG_BASE64, 'base64'));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const proxy = await startRecordingProxy();

  let browser: Browser | undefined;
  try {
    // Loopback addresses bypass the proxy (Chromium's default), so the app's server sees its own hits.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', `--proxy-server=${proxy.url}`],
    });
    const page = await browser.newPage();
    await page.goto(`${origin}/`);

    const frameHtml = (srcdoc: string): Promise<void> =>
      page.evaluate((doc) => (globalThis as unknown as PageGlobals).showMail(doc), srcdoc);

    const harness: MailFrameHarness = {
      origin,
      appHits,
      elsewhere: proxy.remote,
      page,
      async show(html, options) {
        const made = await page.evaluate(
          ({ html, allowRemote, inline }) => {
            const viewer = (globalThis as unknown as PageGlobals).MailHtml;
            return viewer.safeMailDocument(html, { allowRemote, inline: viewer.inlineImageUrls(inline) });
          },
          { html, allowRemote: options.allowRemote, inline: options.inline ?? [] },
        );
        await frameHtml(made.srcdoc);
        return made;
      },
      head: (allowRemote) =>
        page.evaluate(
          (allow) => (globalThis as unknown as PageGlobals).MailHtml.mailDocumentHead(allow),
          allowRemote,
        ),
      showRaw: frameHtml,
      async imageWidth(id) {
        const frame = page.frames().find((f) => f !== page.mainFrame());
        if (frame === undefined) throw new Error('no mail frame');
        return frame.evaluate((imageId) => {
          const image = (globalThis as unknown as FrameGlobals).document.getElementById(imageId);
          return image?.naturalWidth ?? -1;
        }, id);
      },
      async close() {
        await browser?.close();
        await closeServer(server);
        await proxy.close();
      },
    };
    return harness;
  } catch (error) {
    await browser?.close();
    await closeServer(server);
    await proxy.close();
    throw error;
  }
}
