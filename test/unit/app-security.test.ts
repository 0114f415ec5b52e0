import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  isAllowedNavigation,
  opensInSystemBrowser,
  secureWebPreferences,
} from '../../src-main/app/security.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** directive name -> its source list, e.g. "script-src" -> ["'self'"] */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name !== undefined && name !== '') map.set(name, sources);
  }
  return map;
}

describe('security.ts stays testable without Electron', () => {
  it('imports electron for types only', () => {
    const source = readFileSync(path.join(repoRoot, 'src-main/app/security.ts'), 'utf8');
    const electronImports = source.match(/^\s*import\s[^;]*?from\s+['"]electron['"]/gm) ?? [];
    for (const statement of electronImports) expect(statement.trim()).toMatch(/^import\s+type\s/);
    expect(source).not.toMatch(/require\(\s*['"]electron['"]\s*\)/);
  });
});

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs');

  it('isolates and sandboxes the page and keeps Node out of it', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and the risky extras off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('uses the given preload', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });
});

describe('isAllowedNavigation with the dev server', () => {
  const appUrl = 'http://localhost:5173';

  it.each([
    'http://localhost:5173/',
    'http://localhost:5173/index.html',
    'http://localhost:5173/#/search?q=x',
  ])('allows %s', (url) => {
    expect(isAllowedNavigation(url, appUrl)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://example.com/',
    'http://localhost:5174/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
    'http://localhost:5173.evil.example/',
    'http://localhost:5173@evil.example/',
    'blob:http://localhost:5173/6f1c9a52-0000-4000-8000-000000000000',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'about:blank',
    'not a url',
    '',
  ])('denies %s', (url) => {
    expect(isAllowedNavigation(url, appUrl)).toBe(false);
  });
});

describe('isAllowedNavigation with the built app (file://)', () => {
  const rendererDir = path.resolve(repoRoot, 'out/renderer');
  const indexUrl = pathToFileURL(path.join(rendererDir, 'index.html')).href;
  const dirUrl = pathToFileURL(rendererDir).href;

  it.each([indexUrl, `${indexUrl}#/accounts`, `${indexUrl}?view=search`])('allows %s', (url) => {
    expect(isAllowedNavigation(url, indexUrl)).toBe(true);
  });

  it.each([
    ['a file elsewhere', pathToFileURL(path.resolve('/etc/passwd')).href],
    ['the parent directory', pathToFileURL(path.resolve(rendererDir, '..')).href],
    ['the main bundle via ..', `${dirUrl}/../main/index.js`],
    ['an encoded .. traversal', `${dirUrl}/%2e%2e/main/index.js`],
    ['an encoded slash', `${dirUrl}/..%2F..%2Fsecret.txt`],
    ['a sibling sharing the prefix', `${dirUrl}-evil/index.html`],
    ['the app directory itself', `${dirUrl}/`],
    ['a file on a remote host', 'file://evil.example/share/index.html'],
    ['a website', 'https://example.com/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
  ])('denies %s', (_label, url) => {
    expect(isAllowedNavigation(url, indexUrl)).toBe(false);
  });

  it('denies everything when the app URL is not http(s) or file', () => {
    expect(isAllowedNavigation('about:blank', 'about:blank')).toBe(false);
    expect(isAllowedNavigation(indexUrl, 'not a url')).toBe(false);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it("defaults to 'self'", () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it('runs only the app’s own scripts: no eval, no inline', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
    expect(policy.get('script-src')).toEqual(["'self'"]);
  });

  it('refuses plugins, frames, form posts and any <base> but about: (the mail frame’s guard)', () => {
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(['about:']);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it('lets no directive but img-src load from everywhere', () => {
    // Mail images are gated per message by the viewer frame's own CSP until "Load images"; data: is for
    // the mail's own cid: parts; the app's own files are no images for a mail to show.
    expect(policy.get('img-src')).toEqual(['data:', 'https:', 'http:']);
    for (const [name, sources] of policy) {
      if (name === 'img-src') continue;
      expect(sources, name).not.toContain('*');
      expect(sources, name).not.toContain('http:');
      expect(sources, name).not.toContain('https:');
      expect(sources, name).not.toContain('data:');
    }
  });

  it('is the same policy as the meta tag in src-renderer/index.html', () => {
    const html = readFileSync(path.join(repoRoot, 'src-renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('contentSecurityPolicy for the dev server', () => {
  it('adds a well-formed nonce to script-src only', () => {
    const policy = directives(contentSecurityPolicy({ devScriptNonce: 'q1w2e3r4t5y6u7i8o9p0AA==' }));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-q1w2e3r4t5y6u7i8o9p0AA=='"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it.each(["abc'; script-src *", 'short', ''])('ignores the malformed nonce %j', (nonce) => {
    expect(contentSecurityPolicy({ devScriptNonce: nonce })).toBe(CONTENT_SECURITY_POLICY);
  });

  it('without a nonce is the production policy', () => {
    expect(contentSecurityPolicy({})).toBe(CONTENT_SECURITY_POLICY);
    expect(contentSecurityPolicy({ devScriptNonce: undefined })).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('opensInSystemBrowser', () => {
  it("hands a provider's https sign-in page to the system browser, nothing else", () => {
    expect(opensInSystemBrowser('https://accounts.google.com/o/oauth2/v2/auth?client_id=x')).toBe(true);
    expect(opensInSystemBrowser('about:blank')).toBe(false);
    expect(opensInSystemBrowser('file:///etc/passwd')).toBe(false);
    expect(opensInSystemBrowser('http://example.org/')).toBe(false);
    expect(opensInSystemBrowser('javascript:alert(1)')).toBe(false);
    expect(opensInSystemBrowser('not a url')).toBe(false);
  });
});
