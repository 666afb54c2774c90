// Event content in headless Chromium: the JSON tree (expand/collapse, copy value and path, show
// all, paging, state kept when rows are drawn again), highlighted code with Copy and Open in
// Editor, markdown answers (sanitised, links posted to the host), file links resolved through
// the host, per-event facts and the run chart. After each test: no CSP violation, page error or
// dialog, and everything posted fits the protocol.
/// <reference lib="dom" />
import * as assert from 'assert';
import type { Locator } from 'playwright-core';
import { contentSession, LONG_TITLE, PYTHON_CODE } from './contentFixtures';
import { eventSearchText } from '../../webview/store/searchText';
import { hostMessages } from './fixtures';
import { aSession } from '../builders';
import * as path from 'path';
import { RESULTS_DIR, webviewSuite, type WebviewPage, type OpenOptions, type Posted } from './harness';

describe('inspector event content (headless Chromium)', () => {
  const suite = webviewSuite();
  const session = contentSession();

  async function openSession(o: OpenOptions = {}): Promise<WebviewPage> {
    const page = await suite.open(o);
    await page.deliverAll(hostMessages(session));
    await page.waitForState('complete');
    return page;
  }

  const ev = (p: WebviewPage, id: string) => p.page.locator(`li.event[data-event-id="${id}"]`);
  const row = (scope: Locator, path: string) => scope.locator(`.jt-row[data-path=${JSON.stringify(path)}]`);
  const paths = (scope: Locator) =>
    scope.locator('.jt-row:not(.jt-more)').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.path));

  async function newPosts(p: WebviewPage, action: () => Promise<void>): Promise<Posted[]> {
    const before = (await p.posted()).length;
    await action();
    await p.page.waitForTimeout(50);
    return (await p.posted()).slice(before);
  }

  describe('JSON tree', () => {
    it('opens small containers, folds large ones with a glimpse, and expands and collapses a node', async () => {
      const p = await openSession();
      const result = ev(p, 'c3');
      // Small containers open at levels 0 and 1; the result objects (level 2) start folded.
      assert.deepStrictEqual(await paths(result), [
        '$',
        '$.count',
        '$.results',
        '$.results[0]',
        '$.results[1]',
        '$.results[2]',
        '$.results[3]',
        '$["weird key"]',
        '$["weird key"]["a.b"]',
        '$["weird key"].nothing',
      ]);
      const toggle = row(result, '$.results[3]').locator('.jt-toggle');
      assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'false');
      assert.strictEqual(
        await row(result, '$.results[3]').locator('.jt-summary').textContent(),
        '{3 keys} {title: "Invoice 4", url: "https://example.com/4", note: "A very long title. Lorem…"}',
      );
      await toggle.click();
      assert.strictEqual(await row(result, '$.results[3]').locator('.jt-toggle').getAttribute('aria-expanded'), 'true');
      assert.deepStrictEqual((await paths(result)).slice(7, 10), ['$.results[3].title', '$.results[3].url', '$.results[3].note']);
      // Keyboard focus stays on the toggle that was pressed.
      assert.strictEqual(
        await p.page.evaluate(() => document.activeElement?.closest<HTMLElement>('.jt-row')?.dataset.path),
        '$.results[3]',
      );
      await p.page.keyboard.press('Enter');
      assert.strictEqual(await row(result, '$.results[3].title').count(), 0, 'collapsing removes the children');
      // Collapsing the root hides everything below it; opening it brings back what was open.
      await row(result, '$').locator('.jt-toggle').click();
      assert.deepStrictEqual(await paths(result), ['$']);
      await row(result, '$').locator('.jt-toggle').click();
      assert.strictEqual((await paths(result)).length, 10);
    });

    it('expands all and collapses all', async () => {
      const p = await openSession();
      const result = ev(p, 'c3');
      await result.getByRole('button', { name: /^Expand all of the result of search$/ }).click();
      const all = await paths(result);
      assert.ok(all.includes('$.results[2].url') && all.includes('$["weird key"]["a.b"]'), JSON.stringify(all));
      assert.strictEqual(all.length, 1 + 1 + 1 + 4 + 2 * 3 + 3 + 1 + 2);
      await result.getByRole('button', { name: /^Collapse all of the result of search$/ }).click();
      assert.deepStrictEqual(await paths(result), ['$']);
    });

    it('posts the value and the JSONPath of a node for "Copy value" and "Copy path"', async () => {
      const p = await openSession();
      const result = ev(p, 'c3');
      await row(result, '$.results[3]').locator('.jt-toggle').click();
      const title = row(result, '$.results[3].title');
      await title.hover();
      let posts = await newPosts(p, () => title.getByRole('button', { name: 'Copy the path $.results[3].title' }).click());
      assert.deepStrictEqual(posts, [{ type: 'copy', text: '$.results[3].title' }]);
      posts = await newPosts(p, () => title.getByRole('button', { name: 'Copy the value at $.results[3].title' }).click());
      assert.deepStrictEqual(posts, [{ type: 'copy', text: 'Invoice 4' }]);
      // A container's value is its pretty JSON; keys that are not identifiers use brackets.
      const weird = row(result, '$["weird key"]');
      posts = await newPosts(p, () => weird.getByRole('button', { name: /^Copy the value at/ }).click());
      assert.deepStrictEqual(posts, [{ type: 'copy', text: JSON.stringify({ 'a.b': true, nothing: null }, null, 2) }]);
      posts = await newPosts(p, () =>
        row(result, '$["weird key"]["a.b"]')
          .getByRole('button', { name: /^Copy the path/ })
          .click(),
      );
      assert.deepStrictEqual(posts, [{ type: 'copy', text: '$["weird key"]["a.b"]' }]);
      // Copy buttons are reachable by keyboard: Tab from the toggle lands on them.
      await row(result, '$.results[3]').locator('.jt-toggle').focus();
      await p.page.keyboard.press('Tab');
      assert.match(
        (await p.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) ?? '',
        /^Copy the value at \$\.results\[3\]$/,
      );
    });

    it('folds a long string behind "show all", and keeps it shown when the row is drawn again', async () => {
      const p = await openSession();
      const result = ev(p, 'c3');
      await row(result, '$.results[3]').locator('.jt-toggle').click();
      const note = row(result, '$.results[3].note');
      const shown = async () => (await note.locator('.jt-string__text').textContent()) ?? '';
      assert.ok((await shown()).length <= 300 && LONG_TITLE.startsWith(await shown()), 'only the beginning is shown');
      await note
        .getByRole('button', {
          name: new RegExp(
            `Show all of the string at \\$\\.results\\[3\\]\\.note, ${LONG_TITLE.length.toLocaleString('en-US')} characters`,
          ),
        })
        .click();
      assert.strictEqual(await shown(), LONG_TITLE);
      assert.strictEqual(await note.locator('.jt-show-all').count(), 0);
      // The same session drawn again (every row re-created): what was opened is still open.
      await p.deliverAll(hostMessages(session));
      await p.waitForState('complete');
      assert.strictEqual(await row(ev(p, 'c3'), '$.results[3].note').locator('.jt-string__text').textContent(), LONG_TITLE);
    });

    it('shows a string of JSON as a tree and says so', async () => {
      const p = await openSession();
      await p.deliverAll(
        hostMessages({
          ...session,
          runs: [
            { ...session.runs[0]!, events: [{ id: 's1', runId: 'r1', kind: 'tool_call', name: 'f', arguments: '{"a":[1,2],"b":"x"}' }] },
          ],
        }),
      );
      await p.waitForState('complete');
      assert.deepStrictEqual(await paths(ev(p, 's1')), ['$', '$.a', '$.a[0]', '$.a[1]', '$.b']);
      assert.match((await ev(p, 's1').locator('.block-note').textContent()) ?? '', /JSON text/);
    });
  });

  describe('code', () => {
    it('highlights code with highlight.js, keeps its text exact, and posts Copy and Open in Editor', async () => {
      const p = await openSession();
      const code = ev(p, 'c4');
      const pre = code.locator('pre.source-code');
      assert.strictEqual(await pre.evaluate((e) => e.textContent), PYTHON_CODE);
      assert.ok(await pre.evaluate((e) => e.classList.contains('hljs')));
      assert.deepStrictEqual(await pre.locator('.hljs-keyword').allTextContents(), ['import', 'as', 'def', 'return']);
      assert.deepStrictEqual(await pre.locator('.hljs-string').allTextContents(), ['"""Read the CSV."""', '"data/sales.csv"']);
      assert.deepStrictEqual(await pre.locator('.hljs-comment').allTextContents(), ['# 42 rows']);
      // Tokens are coloured differently from plain text.
      const colours = await pre.evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e.querySelector('.hljs-keyword')!).color]);
      assert.notStrictEqual(colours[0], colours[1]);
      let posts = await newPosts(p, () => code.getByRole('button', { name: 'Copy the python code' }).click());
      assert.deepStrictEqual(posts, [{ type: 'copy', text: PYTHON_CODE }]);
      posts = await newPosts(p, () => code.getByRole('button', { name: 'Open the python code in an editor' }).click());
      assert.deepStrictEqual(posts, [{ type: 'openCode', code: PYTHON_CODE, language: 'python' }]);
      // The output is beneath, as text.
      assert.match((await code.locator('pre.code-output').textContent()) ?? '', /^\(42, 3\)\nSaved report to output\/report\.md/);
    });

    it('shows code in a language it has no grammar for as plain text', async () => {
      const p = await openSession();
      const s = contentSession();
      s.runs = [
        {
          ...s.runs[0]!,
          events: [{ id: 'k1', runId: 'r1', kind: 'code_execution', language: 'cobol', code: 'DISPLAY "HI".', output: 'HI' }],
        },
      ];
      await p.deliverAll(hostMessages(s));
      await p.waitForState('complete');
      const pre = ev(p, 'k1').locator('pre.source-code');
      assert.strictEqual(await pre.textContent(), 'DISPLAY "HI".');
      assert.strictEqual(await pre.locator('span').count(), 0);
    });

    it('names the tool that ran the code and shows its other inputs, which search finds', async () => {
      const p = await openSession();
      const s = contentSession();
      const code = {
        id: 'k2',
        runId: 'r1',
        kind: 'code_execution' as const,
        name: 'Sandbox Python',
        language: 'python',
        code: 'print(2)',
        arguments: { dataset: 'ri.foundry.main.dataset.77', timeout_s: 30 },
        output: '2',
      };
      s.runs = [{ ...s.runs[0]!, events: [code, { id: 'k3', runId: 'r1', kind: 'code_execution', language: 'sql', code: 'SELECT 1' }] }];
      await p.deliverAll(hostMessages(s));
      await p.waitForState('complete');
      const card = ev(p, 'k2');
      assert.strictEqual(await card.locator('.event__name').textContent(), 'Sandbox Python');
      assert.match(
        (await card.textContent()) ?? '',
        /Arguments[\s\S]*dataset[\s\S]*ri\.foundry\.main\.dataset\.77[\s\S]*timeout_s[\s\S]*30/,
      );
      // Without a name or arguments: the language is the title and no empty Arguments block.
      assert.strictEqual(await ev(p, 'k3').locator('.event__name').textContent(), 'sql');
      assert.doesNotMatch((await ev(p, 'k3').textContent()) ?? '', /Arguments/);
      await p.screenshot('code-card-name-arguments');
      const text = eventSearchText(code);
      for (const word of ['sandbox python', 'ri.foundry.main.dataset.77', 'timeout_s']) assert.ok(text.includes(word), word);
    });
  });

  describe('markdown answers', () => {
    it('renders markdown: headings, emphasis, lists, code, tables, links', async () => {
      const p = await openSession();
      const body = ev(p, 'c5').locator('.markdown-body');
      assert.strictEqual(await body.locator('h2').textContent(), 'Findings');
      assert.strictEqual(await body.locator('strong').textContent(), 'card expired');
      assert.deepStrictEqual(await body.locator('ul > li').allTextContents(), ['first point with inline code', 'second point']);
      assert.strictEqual(await body.locator('li code').textContent(), 'inline code');
      assert.deepStrictEqual(await body.locator('pre code .hljs-keyword').allTextContents(), ['import', 'def', 'return']);
      assert.deepStrictEqual(await body.locator('td').allTextContents(), ['pro', '100']);
      assert.ok(
        await body
          .locator('td')
          .nth(1)
          .evaluate((e) => e.classList.contains('md-align-right') && getComputedStyle(e).textAlign === 'right'),
      );
      assert.deepStrictEqual(await body.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [
        'https://example.com/docs/billing?x=1',
        'https://status.example.com',
        'https://example.com/chart.png',
      ]);
    });

    it('sanitises: no script links, no remote images, no inline styles', async () => {
      const p = await openSession();
      const body = ev(p, 'c5').locator('.markdown-body');
      assert.strictEqual(await body.locator('img').count(), 0, 'a remote image is never loaded');
      assert.strictEqual(await body.locator('a.md-image-link').textContent(), '[image: chart]');
      assert.strictEqual(await body.locator('[style]').count(), 0);
      // A relative link loses its target; a javascript: one is not even a link (markdown-it refuses it).
      assert.deepStrictEqual(await body.locator('a:not([href])').allTextContents(), ['a relative link']);
      assert.match((await body.textContent()) ?? '', /\[a bad one\]\(javascript:window\.__pwned=1\)/);
      const hrefs = await body.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      assert.ok(
        hrefs.every((h) => h === '' || h.startsWith('https://')),
        JSON.stringify(hrefs),
      );
    });

    it('posts openLink when a link is clicked, and does not navigate', async () => {
      const p = await openSession();
      const url = p.page.url();
      const posts = await newPosts(p, () => ev(p, 'c5').getByRole('link', { name: 'billing docs' }).click());
      assert.deepStrictEqual(posts, [{ type: 'openLink', url: 'https://example.com/docs/billing?x=1' }]);
      assert.strictEqual(p.page.url(), url);
      const none = await newPosts(p, () => ev(p, 'c5').getByText('a bad one').click());
      assert.deepStrictEqual(none, [], 'an inert link posts nothing');
    });

    it('makes errors stand out with their code and message', async () => {
      const p = await openSession();
      const err = ev(p, 'c8');
      assert.strictEqual(await err.locator('.error-code').textContent(), 'E_TIMEOUT');
      assert.match((await err.locator('.message-text').textContent()) ?? '', /timed out after 30 s/);
      assert.ok(await err.evaluate((e) => e.classList.contains('tone-error')));
    });
  });

  describe('file links', () => {
    it('asks the host once which paths exist, links those, and posts openFile with the line', async () => {
      const p = await openSession();
      const ask = await p.waitForPosted((m) => m.type === 'resolvePaths');
      const asked = ask.paths as string[];
      for (const path of [
        'src/app.ts',
        './data/sales.csv',
        'README.md',
        'missing/nowhere.py',
        'output/report.md',
        '/nonexistent/abs/tool.py',
      ]) {
        assert.ok(asked.includes(path), `${path} was not asked about: ${JSON.stringify(asked)}`);
      }
      // URLs and prose are not paths.
      for (const notPath of ['https://example.com/1', 'example.com/1', 'invoices'])
        assert.ok(!asked.includes(notPath), `${notPath} was asked about`);
      assert.strictEqual((await p.posted()).filter((m) => m.type === 'resolvePaths').length, 1, 'one request for the whole batch');
      assert.strictEqual(await p.page.locator('a.file-link').count(), 0, 'nothing is a link before the host answers');

      await p.deliver({ type: 'pathsResolved', id: ask.id, existing: ['src/app.ts', 'README.md', 'output/report.md'] });
      const args = ev(p, 'c2');
      await args.locator('a.file-link').first().waitFor();
      assert.deepStrictEqual(await args.locator('a.file-link').allTextContents(), ['src/app.ts', 'README.md:3']);
      assert.deepStrictEqual(await ev(p, 'c4').locator('pre.code-output a.file-link').allTextContents(), ['output/report.md']);
      assert.strictEqual(
        await args.locator('.path-candidate').filter({ hasText: 'missing/nowhere.py' }).count(),
        1,
        'a path that does not exist stays text',
      );

      let posts = await newPosts(p, () => args.getByRole('link', { name: 'README.md:3' }).click());
      assert.deepStrictEqual(posts, [{ type: 'openFile', path: 'README.md', line: 3 }]);
      posts = await newPosts(p, () => ev(p, 'c4').getByRole('link', { name: 'output/report.md' }).click());
      assert.deepStrictEqual(posts, [{ type: 'openFile', path: 'output/report.md' }]);

      // Drawn again, the links come back at once without asking again.
      await p.clearPosted();
      await p.deliverAll(hostMessages(session));
      await p.waitForState('complete');
      assert.deepStrictEqual(await ev(p, 'c2').locator('a.file-link').allTextContents(), ['src/app.ts', 'README.md:3']);
      await p.page.waitForTimeout(100);
      assert.strictEqual((await p.posted()).filter((m) => m.type === 'resolvePaths').length, 0);
    });
  });

  describe('facts and chart', () => {
    it('shows latency, tokens by kind, cost and model of an event', async () => {
      const p = await openSession();
      const meta = (await ev(p, 'c2').locator('.event__meta').textContent()) ?? '';
      for (const s of ['420 ms', '1,500 in', '60 out', '1,000 cache read', '200 cache write', '30 reasoning', '$0.0123', 'gpt-4.1'])
        assert.ok(meta.includes(s), `meta lacks ${s}: ${meta}`);
    });

    it('draws tokens and cost by run: one bar per known figure, labelled for screen readers', async () => {
      const p = await openSession();
      const chart = p.page.locator('svg.run-chart');
      assert.strictEqual(await chart.count(), 1);
      assert.strictEqual(await chart.getAttribute('role'), 'img');
      assert.strictEqual(await chart.locator('title').first().textContent(), 'Tokens and cost by run');
      const desc = (await chart.locator('desc').textContent()) ?? '';
      assert.match(
        desc,
        /Run 1 · Search: 2,770 tokens, \$0\.0123; Run 2 · Analyse: 3,220 tokens, \$0\.0240; Run 3 · Follow-up: 105 tokens, cost unknown/,
      );
      assert.strictEqual(await chart.locator('.run-chart__bars .run-chart__bar--tokens').count(), 3);
      assert.strictEqual(await chart.locator('.run-chart__bars .run-chart__bar--cost').count(), 2, 'no cost bar where the cost is unknown');
      // The largest value fills the plot; smaller ones are proportionally shorter.
      const heights = await chart
        .locator('.run-chart__bars .run-chart__bar--tokens')
        .evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
      assert.ok(heights[1]! > heights[0]! && heights[0]! > heights[2]!, JSON.stringify(heights));
      assert.strictEqual(await chart.locator('.run-chart__bars rect title').first().textContent(), 'Run 1 · Search: 2,770 tokens');
      const fill = await chart
        .locator('.run-chart__bars .run-chart__bar--tokens')
        .first()
        .evaluate((e) => getComputedStyle(e).fill);
      assert.ok(fill && fill !== 'rgb(0, 0, 0)', `bars use the theme's chart colour, got ${fill}`);
    });

    for (const runs of [12, 151, 2_000, 25_000]) {
      it(`labels the run axis without overlap and keeps the bars few with ${runs.toLocaleString('en')} runs`, async () => {
        const b = aSession({ title: 'Many runs' });
        for (let i = 1; i <= runs; i++)
          b.run(`r${i}`, (e) => [e.assistant('ok', { tokens: { output: (i * 37) % 1000 }, costUsd: ((i * 13) % 100) / 1e4 })]);
        const page = await suite.open();
        await page.deliverAll(hostMessages(b.build(), 5000));
        await page.waitForState('complete', 120_000);
        // The chart is under the header's Details.
        await page.page.locator('[data-control="session-details"]').click();
        const chart = page.page.locator('svg.run-chart');
        const labels = await chart.locator('.run-chart__run').evaluateAll((ts) =>
          ts.map((t) => {
            const box = (t as SVGGraphicsElement).getBBox();
            return { text: t.textContent ?? '', left: box.x, right: box.x + box.width };
          }),
        );
        const width = Number(await chart.getAttribute('width'));
        assert.ok(labels.length >= 2, `at least two run numbers: ${JSON.stringify(labels)}`);
        assert.strictEqual(labels[0]!.text, '1');
        for (let i = 1; i < labels.length; i++)
          assert.ok(
            labels[i]!.left >= labels[i - 1]!.right + 2,
            `labels ${labels[i - 1]!.text} and ${labels[i]!.text} overlap: ${JSON.stringify(labels.slice(i - 1, i + 1))}`,
          );
        for (const l of labels)
          assert.ok(l.left >= 0 && l.right <= width, `label ${l.text} inside the chart (${l.left}–${l.right} of ${width})`);
        const bars = await chart.locator('.run-chart__bars .run-chart__bar--tokens').count();
        if (runs <= 150) assert.strictEqual(bars, runs, 'one bar per run up to 150');
        else assert.ok(bars <= 150 && bars > 75, `at most 150 bars, one per group of runs: ${bars}`);
        if (runs > 150) {
          assert.match(
            (await chart.locator('title').first().textContent()) ?? '',
            new RegExp(`${runs.toLocaleString('en')} runs in groups of`),
          );
          // The groups' sums are the runs' figures: nothing is dropped by grouping.
          const titles = await chart.locator('.run-chart__bars .run-chart__bar--tokens title').allTextContents();
          const sum = titles.reduce((n, t) => n + Number(/: ([\d,]+) tokens/.exec(t)![1]!.replace(/,/g, '')), 0);
          let expected = 0;
          for (let i = 1; i <= runs; i++) expected += (i * 37) % 1000;
          assert.strictEqual(sum, expected);
        }
        if (runs >= 2_000) await chart.screenshot({ path: path.join(RESULTS_DIR, `run-chart-${runs}-runs.png`) });
        assert.deepStrictEqual(page.pageErrors, []);
      });
    }

    it('draws no chart for a single run', async () => {
      const page = await suite.open();
      const one = { ...session, runs: [session.runs[0]!] };
      await page.deliverAll(hostMessages(one));
      await page.waitForState('complete');
      assert.strictEqual(await page.page.locator('svg.run-chart').count(), 0);
    });
  });
});
