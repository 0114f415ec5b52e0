/**
 * The renderer's security decisions, kept pure so plain Node can test them: this file only imports
 * Electron's types, never Electron itself. window.ts applies them.
 * See Electron's security checklist: https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { WebPreferences } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'MailTrove';

/**
 * One policy for both delivery paths: the response header set by window.ts, and the meta tag in
 * src-renderer/index.html, which is what counts for the built app because file:// pages get no response
 * headers. A unit test keeps the two identical. 'unsafe-inline' is allowed for styles only (React `style`
 * props); scripts come from the app's own files, never eval or inline. frame-ancestors is left out
 * because browsers ignore it in a meta tag (with a console warning); frame-src 'none' keeps frames out
 * until the message viewer brings its own sandboxed policy.
 *
 * The viewer's srcdoc frame inherits this policy on top of its own, so two entries are for it: img-src
 * lets in data: (the mail's own cid: parts) and remote images (the frame's CSP holds those back until
 * "Load images"), but not the app's own files; base-uri allows only `about:`, so the frame can set
 * <base href="about:blank"> and a relative URL in a mail never resolves to the app.
 */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * The policy, optionally letting scripts carrying `devScriptNonce` run. Only the dev server needs that:
 * @vitejs/plugin-react injects its Fast Refresh preamble as an inline script, and Vite stamps it with
 * the per-run nonce from `html.cspNonce` (electron.vite.config.ts). A nonce that is not plain base64 is
 * ignored rather than pasted into the header.
 */
export function contentSecurityPolicy(options: { devScriptNonce?: string | undefined } = {}): string {
  const nonce = options.devScriptNonce;
  const scriptSrc =
    nonce !== undefined && NONCE.test(nonce) ? `script-src 'self' 'nonce-${nonce}'` : "script-src 'self'";
  return [
    "default-src 'self'",
    scriptSrc,
    "style-src 'self' 'unsafe-inline'",
    // The window shows no image files of its own; this is for the message viewer's frame (see above).
    'img-src data: https: http:',
    "object-src 'none'",
    "frame-src 'none'",
    'base-uri about:',
    "form-action 'none'",
  ].join('; ');
}

const NONCE = /^[A-Za-z0-9+/]{16,}={0,2}$/;

/** webPreferences for every app window: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // A file dropped on the window would otherwise replace the app with that file.
    navigateOnDragDrop: false,
  };
}

/**
 * May a page of the app navigate (or be redirected) to `url`? Only within the app itself: the same
 * origin as the dev server, or a file inside the directory of the built index.html. Everything else
 * (other sites, javascript:, data:, blob:, about:, files elsewhere) is refused.
 */
/**
 * What a window.open may hand to the system browser: an https page (an OAuth2 provider's sign-in, which
 * must never open in an embedded window). Anything else is denied.
 */
export function opensInSystemBrowser(url: string): boolean {
  return parseUrl(url)?.protocol === 'https:';
}

export function isAllowedNavigation(url: string, appUrl: string): boolean {
  const target = parseUrl(url);
  const app = parseUrl(appUrl);
  if (target === null || app === null) return false;

  if (app.protocol === 'http:' || app.protocol === 'https:') {
    return target.protocol === app.protocol && target.origin === app.origin;
  }
  if (app.protocol === 'file:') {
    if (target.protocol !== 'file:') return false;
    // file: URLs have an opaque origin ("null"), so compare decoded paths instead.
    const targetPath = filePath(target);
    const appPath = filePath(app);
    if (targetPath === null || appPath === null) return false;
    const relative = path.relative(path.dirname(appPath), targetPath);
    const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
    return relative !== '' && !outside;
  }
  return false;
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** null when the URL cannot name a local file: a remote host, or an encoded "/" or "\" in the path. */
function filePath(url: URL): string | null {
  try {
    return path.resolve(fileURLToPath(url));
  } catch {
    return null;
  }
}
