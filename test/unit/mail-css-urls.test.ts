import { describe, expect, it } from 'vitest';
import {
  NEUTRAL_URL,
  rewriteCssUrls,
  type CssUrlRef,
} from '../../src-renderer/src/features/viewer/css-urls.ts';
import { parseSrcset, serializeSrcset } from '../../src-renderer/src/features/viewer/srcset.ts';

/** The URLs the CSS would load, as the rewriter saw them, and the CSS with every one neutralised. */
function scan(css: string): { refs: CssUrlRef[]; neutral: string } {
  const refs: CssUrlRef[] = [];
  const neutral = rewriteCssUrls(css, (ref) => {
    refs.push(ref);
    return null;
  });
  return { refs, neutral };
}

describe('rewriteCssUrls finds every URL the CSS would load', () => {
  it.each([
    ['bare url()', 'body{background:url(http://t.example/a.png)}', 'http://t.example/a.png'],
    ['quoted url()', "p{background:url( 'http://t.example/a.png' )}", 'http://t.example/a.png'],
    ['escapes in the URL', 'p{background:url(h\\74tp://t.example/a.png)}', 'http://t.example/a.png'],
    [
      'a hex escape ending in a space',
      'p{background:url(\\68 ttp://t.example/a.png)}',
      'http://t.example/a.png',
    ],
    ['escapes in a quoted URL', 'p{background:url("\\68 ttp://t.example/\\"a")}', 'http://t.example/"a'],
    [
      'escapes in the function name',
      'p{background:\\75 rl(http://t.example/a.png)}',
      'http://t.example/a.png',
    ],
    [
      'an escaped letter in the name',
      'p{background:u\\rl(http://t.example/a.png)}',
      'http://t.example/a.png',
    ],
    ['upper case', 'p{background:URL(http://t.example/a.png)}', 'http://t.example/a.png'],
    ['scheme-relative', 'p{background:url(//t.example/a.png)}', '//t.example/a.png'],
    ['src()', 'p{background:src("http://t.example/a.png")}', 'http://t.example/a.png'],
    [
      'a font',
      '@font-face{font-family:x;src:url(http://t.example/f.woff2) format("woff2")}',
      'http://t.example/f.woff2',
    ],
    ['a cursor', 'p{cursor:url(http://t.example/c.cur),auto}', 'http://t.example/c.cur'],
  ])('%s', (_label, css, url) => {
    const { refs, neutral } = scan(css);
    expect(refs).toEqual([{ url, context: 'url' }]);
    expect(neutral).toContain(`"${NEUTRAL_URL}"`);
    expect(neutral).not.toContain('t.example');
  });

  it('reads the strings and url()s of image-set() and -webkit-image-set()', () => {
    const { refs, neutral } = scan(
      'p{background-image:image-set("http://t.example/1.png" 1x, url(http://t.example/2.png) 2x);' +
        'background-image:-webkit-image-set(\'http://t.example/3.png\' 1x type("image/png"))}',
    );
    expect(refs).toEqual([
      { url: 'http://t.example/1.png', context: 'image-set' },
      { url: 'http://t.example/2.png', context: 'url' },
      { url: 'http://t.example/3.png', context: 'image-set' },
    ]);
    expect(neutral).not.toContain('t.example');
    expect(neutral).toContain('type("image/png")');
  });

  it('reads @import with a string, with url(), and escaped', () => {
    const { refs, neutral } = scan(
      '@import "http://t.example/a.css";\n@import url(http://t.example/b.css) screen;' +
        "@IMPORT url('http://t.example/c.css');@\\69mport 'http://t.example/d.css';p{color:red}",
    );
    expect(refs.map((ref) => [ref.url, ref.context])).toEqual([
      ['http://t.example/a.css', 'import'],
      ['http://t.example/b.css', 'import'],
      ['http://t.example/c.css', 'import'],
      ['http://t.example/d.css', 'import'],
    ]);
    expect(neutral).not.toContain('t.example');
    expect(neutral).toContain('p{color:red}');
  });

  it('leaves strings that load nothing alone, and the text around URLs byte for byte', () => {
    const css = '/* url(http://t.example/c) */ p::before{content:"http://t.example/s";font-family:"A B"}';
    expect(scan(css)).toEqual({ refs: [], neutral: css });
    const { neutral } = scan('a{ color : red ; background : url(x.png) no-repeat } b{}');
    expect(neutral).toBe(`a{ color : red ; background : url("${NEUTRAL_URL}") no-repeat } b{}`);
  });

  it('neutralises a bad url() without asking (the browser would load nothing)', () => {
    const { refs, neutral } = scan('p{background:url(http://t.example/a b.png)} q{color:red}');
    expect(refs).toEqual([]);
    expect(neutral).toBe(`p{background:url("${NEUTRAL_URL}")} q{color:red}`);
  });

  it('writes a replacement so that it reads back exactly', () => {
    const out = rewriteCssUrls('p{background:url(cid:logo)}', () => 'data:image/png;base64,AA"\\\n');
    expect(out).toBe('p{background:url("data:image/png;base64,AA\\"\\\\\\a ")}');
    const back: string[] = [];
    rewriteCssUrls(out, (ref) => {
      back.push(ref.url);
      return ref.url;
    });
    expect(back).toEqual(['data:image/png;base64,AA"\\\n']);
  });
});

describe('srcset', () => {
  it('parses candidates as browsers do, commas inside data: URLs included', () => {
    expect(
      parseSrcset(' a.png 1x,b.png  2x , data:image/png;base64,AA,BB 3x,c.png,, d.png (x y) 4x'),
    ).toEqual([
      { url: 'a.png', descriptors: ['1x'] },
      { url: 'b.png', descriptors: ['2x'] },
      { url: 'data:image/png;base64,AA,BB', descriptors: ['3x'] },
      { url: 'c.png', descriptors: [] },
      { url: 'd.png', descriptors: ['(x y)', '4x'] },
    ]);
  });

  it('writes candidates back', () => {
    expect(
      serializeSrcset([
        { url: 'a', descriptors: ['1x'] },
        { url: 'b', descriptors: [] },
      ]),
    ).toBe('a 1x, b');
  });
});
