// Agent content is hostile: messages, reasoning, tool names, arguments, results, code and errors
// carrying <script>, <img onerror>, javascript: links, page-hiding CSS and style attributes, plus
// a 10 MB string and JSON text nested 10,000 levels deep (built inside the page, which is faster
// than carrying them through the test driver). The page must stay inert (no script runs, no dialog, no
// CSP violation), responsive (a later click answers promptly) and readable (the hostile text is
// shown as text, the page is visible). Screenshots in light, dark and high contrast are saved
// under test-results/webview/ for a person to look at.
/// <reference lib="dom" />
import * as assert from 'assert';
import { contentSession, hostileSession, HOSTILE_ALL, SCRIPT } from './contentFixtures';
import { hostMessages } from './fixtures';
import { webviewSuite, lowContrast, type WebviewPage } from './harness';
import type { ThemeKind } from './themes';

/** The content's own colours must stay readable (WCAG AA 4.5 for code and text, 3 for muted parts). */
const READABLE: Array<[string, number]> = [
  ['.jt-key', 4.5],
  ['.jt-string', 4.5],
  ['.jt-number', 4.5],
  ['.jt-boolean', 4.5],
  ['.jt-summary', 3],
  ['.hljs-keyword', 4.5],
  ['.hljs-string', 4.5],
  ['.hljs-comment', 4.5],
  ['.hljs-title', 4.5],
  ['.hljs-built_in', 4.5],
  ['.markdown-body a[href]', 4.5],
  ['.markdown-body code', 4.5],
  ['.file-link', 4.5],
  ['.jt-show-all', 4.5],
];

const TEN_MB = 10 * 1024 * 1024;
const DEPTH = 10_000;

/** Runs in the page: fills the placeholders with the huge values, then posts every message. */
const DELIVER_HUGE = `function (o) {
  var line = o.hostile + '\\n' + 'x'.repeat(500) + '\\n';
  var huge = line.repeat(Math.ceil(o.size / line.length)).slice(0, o.size);
  // As JSON text, the way most providers pass tool arguments: the page parses it. (A 10,000-deep
  // object cannot even be posted: structured clone overflows the stack on the way.)
  var opens = [], closes = [];
  for (var i = o.depth - 1; i >= 0; i--) opens.push(i % 2 ? '{"k' + i + '":' : '[');
  for (var j = 0; j < o.depth; j++) closes.push(j % 2 ? '}' : ']');
  var deep = opens.join('') + JSON.stringify({ leaf: o.hostile }) + closes.join('');
  var deepText = '['.repeat(o.depth) + '"<script>window.__pwned=1</script>"' + ']'.repeat(o.depth);
  var fill = {
    'big-answer': function (e) { e.text = huge; },
    'big-result': function (e) { e.result = huge; },
    'big-output': function (e) { e.output = huge; },
    'deep-args': function (e) { e.arguments = deep; },
    'deep-text': function (e) { e.result = deepText; }
  };
  o.messages.forEach(function (m) {
    (m.events || []).forEach(function (e) { if (fill[e.id]) fill[e.id](e); });
    window.postMessage(m, '*');
  });
}`;

describe('hostile event content (headless Chromium)', () => {
  const suite = webviewSuite({
    afterPassing: async (p) => {
      assert.strictEqual(
        await p.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
        undefined,
        'a hostile script ran',
      );
    },
  });

  /** Delivers the hostile session, with the 10 MB strings and the 10,000-deep JSON made in the page. */
  async function openHostile(theme: ThemeKind = 'dark'): Promise<WebviewPage> {
    const p = await suite.open({ theme });
    const messages = hostMessages(hostileSession());
    // A string, not a function: the test runner's compiler would add helpers the page lacks.
    await p.page.evaluate(`(${DELIVER_HUGE})(${JSON.stringify({ messages, hostile: HOSTILE_ALL, size: TEN_MB, depth: DEPTH })})`);
    await p.waitForState('complete', 60_000);
    return p;
  }

  const ev = (p: WebviewPage, id: string) => p.page.locator(`li.event[data-event-id="${id}"]`);

  it('runs no script, loads nothing remote, and keeps markup out of the page', async () => {
    const p = await openHostile();
    const dom = await p.page.evaluate(() => {
      const app = document.getElementById('app')!;
      const all = Array.from(app.querySelectorAll('*'));
      return {
        scripts: document.querySelectorAll('script').length,
        styles: document.querySelectorAll('style').length,
        foreign: app.querySelectorAll('iframe, object, embed, form, img, svg:not(.run-chart), details').length,
        handlers: all.filter((e) => Array.from(e.attributes).some((a) => /^on/i.test(a.name))).length,
        scriptHrefs: app.querySelectorAll('[href^="javascript" i], [src^="javascript" i], [href^="data" i]').length,
        // Only our own rows set a style (their indent, through the CSSOM); agent content never does.
        styled: all.filter((e) => e.hasAttribute('style') && !e.classList.contains('jt-row')).map((e) => e.className),
        bodyDisplay: getComputedStyle(document.body).display,
        bodyVisibility: getComputedStyle(document.body).visibility,
      };
    });
    assert.strictEqual(dom.scripts, 1, 'only the page’s own script');
    assert.ok(dom.styles <= 1, `style elements: ${dom.styles} (FAST's one empty probe at most)`);
    assert.strictEqual(dom.foreign, 0, 'no iframes, images, forms, svg or details from agent content');
    assert.strictEqual(dom.handlers, 0, 'no event-handler attributes');
    assert.strictEqual(dom.scriptHrefs, 0, 'no javascript: or data: targets');
    assert.ok(
      dom.styled.every((c) => !/markdown|message|jt-string|code-text/.test(String(c))),
      JSON.stringify(dom.styled.slice(0, 5)),
    );
    assert.strictEqual(dom.bodyDisplay, 'block');
    assert.strictEqual(dom.bodyVisibility, 'visible');
    // Readable: the hostile text is there, as text, where it was written.
    assert.strictEqual(await p.page.locator('h1.session-title').textContent(), `Hostile ${SCRIPT}`);
    assert.ok(await p.page.locator('h1.session-title').isVisible());
    assert.ok(((await ev(p, 'x1').locator('.message-text').textContent()) ?? '').includes('<style>body{display:none !important}'));
    const answer = ev(p, 'x2').locator('.markdown-body');
    assert.strictEqual(await answer.locator('h1').textContent(), 'Answer');
    assert.ok(((await answer.textContent()) ?? '').includes('<img src=x onerror='), 'raw HTML in markdown is text');
    const hrefs = await answer.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    assert.ok(
      hrefs.every((h) => h.startsWith('https://')),
      `only https links stay links: ${JSON.stringify(hrefs)}`,
    );
    assert.ok(((await ev(p, 'x4').locator('.event__name').textContent()) ?? '').includes('<b>bold</b>'));
    assert.ok(((await ev(p, 'x6').locator('pre.source-code').textContent()) ?? '').startsWith('</code></pre><script>'));
    assert.ok(((await ev(p, 'x8').locator('.error-code').textContent()) ?? '') === SCRIPT);
    // Clicking every link-looking thing in hostile content still runs nothing.
    for (const link of await p.page.locator('li.event[data-event-id^="x"] a').all()) await link.click();
    assert.strictEqual(p.page.url().startsWith(suite.server.origin), true);
  });

  it('folds a 10 MB string everywhere it appears and stays responsive', async () => {
    const started = Date.now();
    const p = await openHostile();
    const loadMs = Date.now() - started;
    // The answer is too long for markdown: text, folded.
    const answer = ev(p, 'big-answer');
    assert.match((await answer.locator('.block-note').textContent()) ?? '', /Too long to format as markdown/);
    assert.ok(((await answer.locator('.message-text').textContent()) ?? '').length <= 8000);
    assert.match((await answer.locator('.show-all').textContent()) ?? '', /^Show more \(1,000,000 of 10,4\d\d,\d{3} more characters\)$/);
    for (const id of ['big-result', 'big-output']) {
      const shown = (await ev(p, id).locator('pre').first().textContent()) ?? '';
      assert.ok(shown.length > 0 && shown.length <= 8000, `${id} shows ${shown.length} characters`);
    }
    // A later event still answers a click promptly.
    const toggle = ev(p, 'after').locator('button.disclosure');
    const t0 = Date.now();
    await toggle.click();
    await p.page.waitForFunction(
      () => document.querySelector('li.event[data-event-id="after"] button.disclosure')?.getAttribute('aria-expanded') === 'true',
    );
    const clickMs = Date.now() - t0;
    assert.ok(clickMs < 1000, `the click took ${clickMs} ms`);
    // "Show more" adds a megabyte, not ten.
    const t1 = Date.now();
    await answer.locator('.show-all').click();
    const more = (await answer.locator('.message-text').textContent()) ?? '';
    assert.ok(more.length === 1_000_000 + 8000 || more.length <= 1_010_000, `after Show more: ${more.length} characters`);
    console.log(
      `      hostile session with 10 MB strings: complete after ${loadMs} ms, a click answered in ${clickMs} ms, Show more in ${Date.now() - t1} ms`,
    );
  });

  it('shows JSON nested 10,000 deep without overflowing the stack, and copies it', async () => {
    const p = await openHostile();
    const tree = ev(p, 'deep-args').locator('.json-tree');
    assert.match((await tree.locator('.block-note').textContent()) ?? '', /JSON text/);
    // Small containers open two levels by default; the rest is folded.
    assert.deepStrictEqual(await tree.locator('.jt-row').evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.path)), [
      '$',
      '$.k9999',
      '$.k9999[0]',
    ]);
    await tree.getByRole('button', { name: /^Expand all/ }).click();
    const rows = await tree.locator('.jt-row').count();
    assert.ok(rows >= 2000 && rows <= 2001, `expand all opens a bounded number of levels, got ${rows} rows`);
    assert.strictEqual(await tree.locator('.jt-row').last().locator('.jt-level').textContent(), 'level 2,000');
    // The DOM stays flat however deep the data: rows are siblings.
    assert.strictEqual(await tree.locator('.jt-rows > .jt-row').count(), rows);
    await p.clearPosted();
    await tree.getByRole('button', { name: /^Copy arguments of deep$/ }).click();
    const copy = await p.waitForPosted((m) => m.type === 'copy', 15_000);
    const text = copy.text as string;
    assert.ok(text.includes('window.__pwned'), 'the value is copied whole');
    let depth = 0;
    for (
      let v: unknown = JSON.parse(text);
      v && typeof v === 'object' && !('leaf' in (v as object));
      v = Array.isArray(v) ? v[0] : Object.values(v as object)[0]
    )
      depth++;
    assert.strictEqual(depth, DEPTH);
    // JSON text nested 10,000 deep in a result is parsed and shown the same way.
    const textTree = ev(p, 'deep-text').locator('.json-tree');
    assert.match((await textTree.locator('.block-note').textContent()) ?? '', /JSON text/);
    assert.strictEqual(await textTree.locator('.jt-row').count(), 3);
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeKind[]) {
    it(`stays readable in the ${theme} theme (screenshots content-${theme}.png, hostile-${theme}.png)`, async () => {
      const p = await suite.open({ theme });
      await p.deliverAll(hostMessages(contentSession()));
      await p.waitForState('complete');
      // Show the interesting parts: a nested node open, file links resolved.
      await p.page.locator('li.event[data-event-id="c3"] .jt-row[data-path="$.results[3]"] .jt-toggle').click();
      const ask = await p.waitForPosted((m) => m.type === 'resolvePaths');
      await p.deliver({ type: 'pathsResolved', id: ask.id, existing: ['src/app.ts', 'README.md', 'output/report.md'] });
      await p.page.locator('a.file-link').first().waitFor();
      await p.page.locator('li.event[data-event-id="c3"] .jt-row[data-path="$.results[3].title"]').hover();
      await p.page.evaluate(() => document.fonts.ready);
      assert.deepStrictEqual(await lowContrast(p.page, READABLE), [], `low contrast in the ${theme} theme`);
      await p.screenshot(`content-${theme}`);
      await p.close();

      const h = await openHostile(theme);
      assert.ok(await h.page.locator('h1.session-title').isVisible());
      await h.screenshot(`hostile-${theme}`, 4000);
    });
  }
});
