// The page builder on its own (plain Node): the policy it writes and what it refuses.
import * as assert from 'assert';
import { INSPECTOR_PAGE } from '../../src/views/inspector/html';
import { makeNonce, renderWebviewPage, type PageHtmlOptions } from '../../src/views/webviewHost/html';

const renderInspectorHtml = (o: PageHtmlOptions) => renderWebviewPage(o, INSPECTOR_PAGE);

describe('the page builder (the inspector page)', () => {
  const base = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'AbCdEfGhIjKlMnOpQrStUvWx12345678',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUris: [
      'https://file+.vscode-resource.vscode-cdn.net/ext/dist/codicons/codicon.css',
      'https://file+.vscode-resource.vscode-cdn.net/ext/media/inspector.css',
    ],
    title: 'Session',
  };

  function csp(html: string): Map<string, string[]> {
    const content = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    assert.ok(content, 'has a CSP meta tag');
    return new Map(
      content
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );
  }

  it('writes a strict policy: nothing by default, scripts only by nonce, no inline or eval', () => {
    const html = renderInspectorHtml(base);
    const p = csp(html);
    assert.deepStrictEqual(p.get('default-src'), ["'none'"]);
    assert.deepStrictEqual(p.get('script-src'), [`'nonce-${base.nonce}'`]);
    assert.deepStrictEqual(p.get('style-src'), [base.cspSource, `'nonce-${base.nonce}'`]);
    assert.deepStrictEqual(p.get('font-src'), [base.cspSource]);
    assert.deepStrictEqual(p.get('img-src'), [base.cspSource, 'data:']);
    assert.deepStrictEqual(p.get('base-uri'), ["'none'"]);
    assert.ok(
      !/unsafe-inline|unsafe-eval|https?:\/\/(?!file\+)/.test([...p.values()].flat().join(' ')),
      'no unsafe keywords or remote hosts',
    );
    assert.ok(!p.has('connect-src') && !p.has('frame-src'), 'nothing beyond default-src none');
  });

  it('loads the script with the nonce and the style sheets in order, with no inline script or style', () => {
    const html = renderInspectorHtml(base);
    assert.ok(html.includes(`<script nonce="${base.nonce}" src="${base.scriptUri}"></script>`));
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
    assert.deepStrictEqual(links, base.styleUris);
    assert.strictEqual((html.match(/<script/g) ?? []).length, 1);
    assert.ok(!/<style|style="|\son[a-z]+=/i.test(html));
  });

  it('escapes the title and refuses a nonce or source that could widen the policy', () => {
    const html = renderInspectorHtml({ ...base, title: '</title><script>alert(1)</script>' });
    assert.ok(html.includes('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>'));
    assert.strictEqual((html.match(/<script/g) ?? []).length, 1);
    assert.throws(() => renderInspectorHtml({ ...base, nonce: "abc' 'unsafe-inline" }), /nonce/);
    assert.throws(() => renderInspectorHtml({ ...base, nonce: 'short' }), /nonce/);
    assert.throws(() => renderInspectorHtml({ ...base, cspSource: "https://a; script-src 'unsafe-inline'" }), /cspSource/);
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = makeNonce();
    const b = makeNonce();
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.notStrictEqual(a, b);
    assert.doesNotThrow(() => renderInspectorHtml({ ...base, nonce: a }));
  });
});
