// Large sessions (the demo's deterministic generator): the list is virtualised, so only the rows
// in and near the viewport exist in the DOM whatever the size; the first events paint before the
// last are applied; the page answers input while a session streams in; scrolling, filtering,
// searching and replaying work at 100,000 events.
/// <reference lib="dom" />
import * as assert from 'assert';
import { generateSession } from '../../src/providers/demo/generate';
import { hostMessages } from './fixtures';
import { webviewSuite } from './harness';
import { deliverFast, waitForCursor } from './replayHelpers';

/** Rows in the DOM may not grow with the session: a viewport's worth plus the margins. */
const MAX_DRAWN_ROWS = 120;

describe('inspector webview with large sessions (headless Chromium)', () => {
  const suite = webviewSuite();

  it('streams 5,000 events: first events early, input answered, a bounded number of rows', async () => {
    const session = generateSession({ events: 5000, seed: 42 });
    // Small chunks (the host sends 2,000 a message): many messages, to see the page stream them.
    const messages = hostMessages(session, 500);
    assert.ok(messages.length >= 12, 'sent in chunks of 500');
    const p = await suite.open({ theme: 'dark' });
    try {
      const started = Date.now();
      await p.page.evaluate((ms) => ms.forEach((m) => window.postMessage(m, '*')), messages as unknown[]);
      await p.page.waitForFunction(() => Number(document.body.dataset.rendered) > 0);
      const lags: number[] = [];
      while ((await p.page.evaluate(() => document.body.dataset.state)) !== 'complete') {
        const t = Date.now();
        await p.page.evaluate(() => 1);
        lags.push(Date.now() - t);
        assert.ok(Date.now() - started < 60_000, 'loading took more than a minute');
      }
      assert.ok(!lags.length || Math.max(...lags) < 500, `page was unresponsive for ${Math.max(...lags)} ms`);
      const marks = await p.page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
      const first = marks['inspector:first-events']! - marks['inspector:begin']!;
      const all = marks['inspector:complete']! - marks['inspector:begin']!;
      assert.ok(first <= all, `first events after ${first} ms, all after ${all} ms`);
      console.log(
        `      5,000 events: first drawn after ${Math.round(first)} ms, all loaded after ${Math.round(all)} ms; worst input lag ${lags.length ? Math.max(...lags) : 0} ms`,
      );
      const drawn = await p.page.locator('li.event').count();
      assert.ok(drawn > 0 && drawn <= MAX_DRAWN_ROWS, `${drawn} rows in the DOM`);
      // Folded payloads are only previewed.
      const longest = await p.page.evaluate(() =>
        Math.max(
          0,
          ...Array.from(document.querySelectorAll('pre.json-text.is-truncated')).map((e) => (e.textContent ?? '').split('\n').length),
        ),
      );
      assert.ok(longest <= 20, `a folded payload shows ${longest} lines`);
      // Scrolling to the end shows the last event.
      await p.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const last = p.page.locator('li.event[data-index="4999"]');
      await last.waitFor({ state: 'visible' });
      assert.ok(await last.isVisible());
      await p.screenshot('large-5000-end', 900);
      assert.deepStrictEqual(await p.violations(), []);
      assert.deepStrictEqual(p.pageErrors, []);
    } finally {
      await p.close();
    }
  });

  it('opens, scrolls, filters, searches and replays 100,000 events with a bounded DOM', async function () {
    this.timeout(240_000);
    const session = generateSession({ events: 100_000, seed: 7 });
    const p = await suite.open({ theme: 'dark', viewport: { width: 1100, height: 900 } });
    try {
      await deliverFast(p, hostMessages(session));
      await p.waitForState('complete', 120_000);
      const marks = await p.page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
      const firstPaint = marks['inspector:first-paint']! - marks['inspector:begin']!;
      const all = marks['inspector:complete']! - marks['inspector:begin']!;
      console.log(`      100,000 events: first painted after ${Math.round(firstPaint)} ms, all loaded after ${Math.round(all)} ms`);
      assert.ok(firstPaint < all, 'the first events paint before the last are loaded');
      const rows = () => p.page.locator('li.event').count();
      assert.ok((await rows()) <= MAX_DRAWN_ROWS, `${await rows()} rows in the DOM`);
      assert.match((await p.page.locator('.load-status').textContent()) ?? '', /All 100,000 events loaded/);

      // Scroll to the very end: the last event shows; still few rows.
      for (let i = 0; i < 3; i++) {
        await p.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await p.page.waitForTimeout(100);
      }
      const last = p.page.locator('li.event[data-index="99999"]');
      await last.waitFor({ state: 'visible' });
      assert.ok((await rows()) <= MAX_DRAWN_ROWS);
      const box = await last.boundingBox();
      assert.ok(box && box.y + box.height <= 900 + 1, `the last event is on screen: ${JSON.stringify(box)}`);
      // Scrolling back up by a screen shows the rows just above, contiguous.
      await p.page.mouse.wheel(0, -700);
      await p.page.waitForTimeout(200);
      const indexes = await p.page.locator('li.event').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.index)));
      assert.ok(
        indexes.every((v, i) => i === 0 || v > indexes[i - 1]!),
        'rows in session order',
      );

      // Replay: jump to the start, step, jump to the end.
      await p.page.locator('header h1').click();
      await p.page.keyboard.press('Home');
      await waitForCursor(p, 0);
      await p.page.keyboard.press('ArrowRight');
      await waitForCursor(p, 1);
      assert.ok(await p.page.locator('li.event[data-index="1"]').isVisible());
      await p.page.getByRole('slider', { name: 'Replay position' }).fill('50000');
      await waitForCursor(p, 50000);
      assert.ok(await p.page.locator('li.event[data-index="50000"].is-current').isVisible());
      assert.ok((await rows()) <= MAX_DRAWN_ROWS);
      await p.page.keyboard.press('End');
      await waitForCursor(p, 99999);
      assert.ok(await last.isVisible());

      // Only errors: every row drawn is an error; search counts matches across all 100,000.
      await p.page.keyboard.press('Escape');
      await p.page.getByRole('checkbox', { name: 'Only errors' }).check();
      const kinds = await p.page
        .locator('li.event')
        .evaluateAll((els) =>
          els.map((e) => ((e as HTMLElement).classList.contains('tone-error') ? 'error' : (e as HTMLElement).dataset.kind)),
        );
      assert.ok(kinds.length > 0 && kinds.every((k) => k === 'error'), JSON.stringify(kinds.slice(0, 10)));
      await p.page.getByRole('checkbox', { name: 'Only errors' }).uncheck();
      const t = Date.now();
      await p.page.getByRole('searchbox').fill('ENOENT');
      await p.page.waitForFunction(() => /^1 \/ [\d,]+$/.test(document.querySelector('.search__count')?.textContent ?? ''));
      console.log(
        `      search "ENOENT": ${await p.page.locator('.search__count').textContent()} in ${Date.now() - t} ms (with the typing pause)`,
      );
      assert.ok(await p.page.locator('li.event.is-match-current').isVisible());
      assert.ok((await rows()) <= MAX_DRAWN_ROWS);
      assert.deepStrictEqual(await p.violations(), []);
      assert.deepStrictEqual(p.pageErrors, []);
    } finally {
      await p.close();
    }
  });
});
