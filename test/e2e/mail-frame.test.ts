/**
 * The viewer's sanitizer against hostile mail, in Chromium, in a page with the app's own CSP: the
 * "Load images" count is right for every way a mail can name a remote file, nothing is requested before
 * the user allows it, afterwards only what was counted is, and never anything from the app's origin.
 * cid: images show from the message's own parts.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM, startMailFrame, type MailFrameHarness } from '../support/mail-frame.ts';
import { asSeen, PNG_BASE64 } from '../support/recording-proxy.ts';

const skip = !fs.existsSync(CHROMIUM) && process.env['CI'] !== 'true';
if (skip) console.warn(`Skipping the mail frame tests: ${CHROMIUM} not installed.`);

interface HostileCase {
  label: string;
  html: string;
  /** remote references the count must report */
  blocked: number;
  /** requests that must happen after "Load images" (normalised URLs) */
  loads: string[];
  /** requests that may happen after "Load images" (the browser's choice: fonts, srcset, SVG paint) */
  mayLoad?: string[];
}

const CASES: HostileCase[] = [
  {
    label: 'http: without slashes',
    html: '<img src="http:t1.example/a.png">',
    blocked: 1,
    loads: ['http://t1.example/a.png'],
  },
  {
    label: 'http: with backslashes',
    html: '<img src="http:\\\\t2.example\\a.png">',
    blocked: 1,
    loads: ['http://t2.example/a.png'],
  },
  {
    label: 'scheme-relative',
    html: '<img src="//t3.example/a.png"><img src="\\\\t3b.example/b.png">',
    blocked: 2,
    loads: ['https://t3.example/a.png', 'https://t3b.example/b.png'],
  },
  {
    label: 'a tab inside the scheme, a control character before it',
    html: '<img src="ht&#9;tp://t4.example/a.png"><img src=" &#1;http://t4b.example/b.png">',
    blocked: 2,
    loads: ['http://t4.example/a.png', 'http://t4b.example/b.png'],
  },
  {
    label: 'CSS escapes in url()',
    html:
      '<div style="background:url(h\\74tp://t5.example/a.png)">a</div>' +
      '<div style="background-image:url(\\68 ttp://t5b.example/b.png)">b</div>' +
      '<div style="background:\\75 rl(http://t5c.example/c.png)">c</div>',
    blocked: 3,
    loads: ['http://t5.example/a.png', 'http://t5b.example/b.png', 'http://t5c.example/c.png'],
  },
  {
    label: 'image-set() and -webkit-image-set()',
    html:
      '<style>p{background-image:image-set("http://t6.example/a.png" 1x)}</style><p>x</p>' +
      '<div style="background-image:-webkit-image-set(\'http://t6b.example/b.png\' 1x)">y</div>',
    blocked: 2,
    loads: ['http://t6.example/a.png', 'http://t6b.example/b.png'],
  },
  {
    label: '@import, with a string and with url() (stylesheets never load)',
    html: '<style>@import "http://t7.example/a.css";@import url(http://t7b.example/b.css);</style><p>x</p>',
    blocked: 2,
    loads: [],
  },
  {
    label: '<link> (a stylesheet, never loaded)',
    html: '<link rel="stylesheet" href="http://t8.example/a.css"><p>x</p>',
    blocked: 1,
    loads: [],
  },
  {
    label: 'SVG <image href> and xlink:href',
    html:
      '<svg width="20" height="20"><image href="http://t9.example/a.png" width="10" height="10"/>' +
      '<image xlink:href="http://t9b.example/b.png" width="10" height="10"/></svg>',
    blocked: 2,
    loads: ['http://t9.example/a.png', 'http://t9b.example/b.png'],
  },
  {
    label: 'srcset and <picture>',
    html:
      '<img srcset="http://t10.example/a.png 1x, //t10b.example/b.png 2x">' +
      '<picture><source srcset="http:t10c.example/c.png"><img src="http://t10d.example/d.png"></picture>',
    blocked: 4,
    loads: ['http://t10.example/a.png', 'http://t10c.example/c.png'],
    mayLoad: ['https://t10b.example/b.png', 'http://t10d.example/d.png'],
  },
  {
    label: 'background attributes on <body> and <table>',
    html:
      '<html><body background="http://t11.example/a.png">' +
      '<table background="http://t11b.example/b.png"><tr><td>x</td></tr></table></body></html>',
    blocked: 2,
    loads: ['http://t11.example/a.png', 'http://t11b.example/b.png'],
  },
  {
    label: '<video poster> (an image) and audio/video sources (never loaded)',
    html:
      '<video poster="http://t12.example/a.png" src="http://t12b.example/v.mp4" width="20" height="20"></video>' +
      '<audio src="http://t12c.example/a.mp3"></audio>',
    blocked: 3,
    loads: ['http://t12.example/a.png'],
  },
  {
    label: 'SVG paint and a web font (CSS url() too)',
    html:
      '<style>@font-face{font-family:X;src:url(http://t13.example/f.woff2)}p{font-family:X}</style><p>x</p>' +
      '<svg width="20" height="20"><rect width="10" height="10" fill="url(http://t13b.example/p.svg#g)"/></svg>',
    blocked: 2,
    loads: [],
    mayLoad: ['http://t13.example/f.woff2', 'http://t13b.example/p.svg'],
  },
];

describe.skipIf(skip)('the mail frame in Chromium', () => {
  let harness!: MailFrameHarness;

  beforeAll(async () => {
    harness = await startMailFrame();
  }, 60_000);

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => {
    harness.elsewhere.length = 0;
  });

  /**
   * What the proxy saw for the hosts this mail names: a frame shown before may still have requests in
   * flight (fonts, SVG paint), and they must not count against this one.
   */
  const seenFor = (html: string): string[] => {
    const hosts = new Set(html.match(/[a-z0-9]+\.example/g));
    return harness.elsewhere.filter((url) => hosts.has(new URL(url).hostname));
  };

  /** The app's server was asked for nothing but the page, its script and its icon. */
  const appUntouched = (): void => {
    const own = new Set(['/', '/mail-html.js', '/favicon.ico']);
    expect(harness.appHits.filter((hit) => !own.has(hit))).toEqual([]);
  };

  it.each(CASES)('$label: counted, held back, then loaded as counted', async (hostile) => {
    const held = await harness.show(hostile.html, { allowRemote: false });
    expect(held.blocked).toBe(hostile.blocked);
    expect(seenFor(hostile.html)).toEqual([]);
    appUntouched();

    const allowed = await harness.show(hostile.html, { allowRemote: true });
    expect(allowed.blocked).toBe(0);
    for (const url of hostile.loads) {
      await expect.poll(() => seenFor(hostile.html), { timeout: 10_000 }).toContain(asSeen(url));
    }
    const permitted = new Set([...hostile.loads, ...(hostile.mayLoad ?? [])].map(asSeen));
    expect(seenFor(hostile.html).filter((url) => !permitted.has(url))).toEqual([]);
    appUntouched();
  });

  it('never resolves a relative URL against the app, before or after "Load images"', async () => {
    const html =
      '<img src="leak-img.png"><img src="/leak-root.png"><img src="http:"><img src="?leak-query">' +
      '<img srcset="leak-srcset.png 1x"><svg width="9" height="9"><image href="leak-svg.png" width="9" height="9"/></svg>' +
      '<div style="background:url(leak-css.png)">a</div><div style="background:url(#leak-fragment)">b</div>' +
      '<style>p{background-image:url(leak-style.png)} @import "leak-import.css";</style><p>c</p>' +
      `<img src="${harness.origin}/leak-absolute.png"><img src="http://localhost:${new URL(harness.origin).port}/leak-localhost.png">` +
      '<a href="leak-link">d</a><video poster="leak-poster.png"></video>' +
      // A remote image as the control: "Load images" did load what it should.
      '<img src="http://control.example/c.png">';
    expect((await harness.show(html, { allowRemote: false })).blocked).toBe(1);
    appUntouched();
    await harness.show(html, { allowRemote: true });
    await expect.poll(() => seenFor(html)).toContain('http://control.example/c.png');
    appUntouched();
    expect(seenFor(html)).toEqual(['http://control.example/c.png']);
  });

  it('keeps a relative URL the rewriting missed from reaching the app: the <base> guard', async () => {
    const missed = '<img src="leak-guard.png"><div style="background:url(leak-guard-css.png)">x</div>';
    await harness.showRaw((await harness.head(true)) + missed);
    appUntouched();
    // The control: without the guard the same frame does reach the app, so the check above can fail.
    await harness.showRaw(`<img src="control-no-guard.png">`);
    await expect.poll(() => harness.appHits).toContain('/control-no-guard.png');
    harness.appHits.splice(harness.appHits.indexOf('/control-no-guard.png'), 1);
  });

  it('shows cid: images from the message’s own parts, with remote content still blocked', async () => {
    const html =
      '<img id="logo" src="cid:Logo%40mail.example"><img id="missing" src="cid:nothing@mail.example">' +
      '<div id="bg" style="background:url(cid:logo@mail.example);width:9px;height:9px"></div>' +
      '<img id="spoofed" src="cid:page@mail.example">';
    const shown = await harness.show(html, {
      allowRemote: false,
      inline: [
        { contentId: '<logo@mail.example>', contentType: 'image/png', base64: PNG_BASE64 },
        // Only images become data: URLs; a part claiming another type is left out.
        { contentId: '<page@mail.example>', contentType: 'text/html', base64: btoa('<b>x</b>') },
      ],
    });
    expect(shown.blocked).toBe(0);
    await expect.poll(() => harness.imageWidth('logo')).toBeGreaterThan(0);
    expect(await harness.imageWidth('missing')).toBe(0);
    expect(await harness.imageWidth('spoofed')).toBe(0);
    expect(shown.srcdoc).toContain('url(&quot;data:image/png;base64,');
    expect(shown.srcdoc).not.toContain('text/html');
    expect(seenFor(html)).toEqual([]);
    appUntouched();
  });
});
