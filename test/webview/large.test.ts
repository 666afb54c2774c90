// A 5,000-event session (the demo's deterministic generator) must draw completely and keep the
// page responsive while it does: first events early, input handled between render slices, and
// large folded payloads not printed until asked for.
/// <reference lib="dom" />
import * as assert from 'assert';
import type { Browser } from 'playwright-core';
import { generateSession } from '../../src/providers/demo/generate';
import { hostMessages } from './fixtures';
import { InspectorPage, launchChromium, WebviewServer } from './harness';

describe('inspector webview with 5,000 events (headless Chromium)', () => {
  const server = new WebviewServer();
  let browser: Browser;

  before(async () => {
    await server.start();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server.stop();
  });

  it('draws all of it progressively and stays responsive', async () => {
    const session = generateSession({ events: 5000, seed: 42 });
    const total = session.runs.reduce((n, r) => n + r.events.length, 0);
    assert.strictEqual(total, 5000);
    const messages = hostMessages(session);
    assert.ok(messages.length >= 12, 'sent in chunks of 500');
    const p = await InspectorPage.open(browser, server, { theme: 'dark' });
    try {
      const started = Date.now();
      // The host posts begin + chunks + end without waiting; so does this.
      await p.page.evaluate((ms) => ms.forEach((m) => window.postMessage(m, '*')), messages as unknown[]);
      // Between slices the page answers at once, even while thousands of rows are pending.
      await p.page.waitForFunction(() => Number(document.body.dataset.rendered) > 0);
      const lags: number[] = [];
      while ((await p.page.evaluate(() => document.body.dataset.state)) !== 'complete') {
        const t = Date.now();
        await p.page.evaluate(() => 1);
        lags.push(Date.now() - t);
        assert.ok(Date.now() - started < 60_000, 'drawing took more than a minute');
      }
      const elapsed = Date.now() - started;
      assert.ok(lags.length > 0 && Math.max(...lags) < 500, `page was unresponsive for ${Math.max(...lags)} ms`);
      assert.strictEqual(await p.page.locator('li.event').count(), 5000);
      const marks = await p.page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
      const first = marks['inspector:first-events']! - marks['inspector:begin']!;
      const all = marks['inspector:complete']! - marks['inspector:begin']!;
      assert.ok(first < all / 2, `first events after ${first} ms, all after ${all} ms`);
      console.log(`      5,000 events: first drawn after ${Math.round(first)} ms, all after ${Math.round(all)} ms (${elapsed} ms with transfer); worst input lag ${Math.max(...lags)} ms`);

      // Folded payloads are only previewed: no <pre> longer than the preview until "Show all".
      const longest = await p.page.evaluate(() => Math.max(...Array.from(document.querySelectorAll('pre.json-text.is-truncated')).map((e) => (e.textContent ?? '').split('\n').length)));
      assert.ok(longest <= 20, `a folded payload shows ${longest} lines`);
      // Scrolling to the end and back works and shows the last event.
      await p.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await p.page.locator('li.event').last().waitFor({ state: 'visible' });
      assert.ok(await p.page.locator('li.event').last().isVisible());
      await p.screenshot('large-5000-end', 900);
      assert.deepStrictEqual(await p.violations(), []);
      assert.deepStrictEqual(p.pageErrors, []);
    } finally {
      await p.close();
    }
  });
});
