// The inspector's first screen as a person sees it: the header is one line of figures (a
// difference from the provider's figure stays on it) with the rest behind Details, remembered per
// reader, so events are on screen at 900×700; the help popover opens beside its button; and
// "error" means one thing in the totals, a run's line, "Only errors" and the Kinds filter.
/// <reference lib="dom" />
import * as assert from 'assert';
import { catalog } from '../../src/providers/demo/catalog';
import { everyKindSession, hostMessages } from './fixtures';
import { webviewSuite, type OpenOptions, type WebviewPage } from './harness';

describe('inspector first screen (headless Chromium)', () => {
  const suite = webviewSuite();
  const session = everyKindSession();
  // The largest hand-written demo session: many runs, so the header has a chart and a full grid.
  const demo = catalog()
    .filter((e) => !e.summary.id.startsWith('generated'))
    .map((e) => e.load())
    .sort((a, b) => b.runs.length - a.runs.length)[0]!;

  async function openSession(o: OpenOptions = {}, s = session): Promise<WebviewPage> {
    const p = await suite.open(o);
    await p.deliverAll(hostMessages(s));
    await p.waitForState('complete');
    return p;
  }

  /** Event cards whose heading line is inside the window, below the sticky toolbar. */
  const readableEvents = (p: WebviewPage) =>
    p.page.evaluate(() => {
      const toolbar = document.querySelector('.toolbar')!.getBoundingClientRect().bottom;
      return Array.from(document.querySelectorAll('li.event .event__card')).filter((c) => {
        const r = c.getBoundingClientRect();
        return r.top >= toolbar - 1 && r.top + 28 <= window.innerHeight;
      }).length;
    });

  for (const [width, height, atLeast] of [
    [900, 700, 2],
    [1440, 900, 4],
  ] as const) {
    it(`shows the first events under a one-line header at ${width}×${height} (screenshot first-screen-${width}x${height}.png)`, async () => {
      const p = await openSession({ viewport: { width, height } }, demo);
      const header = p.page.locator('header.session-header');
      assert.strictEqual(await p.page.locator('.session-details').isVisible(), false, 'details folded by default');
      assert.strictEqual(await p.page.locator('[data-control="session-details"]').getAttribute('aria-expanded'), 'false');
      const line = (await p.page.locator('.session-summary__figures').textContent()) ?? '';
      for (const s of [
        `${demo.runs.length} runs`,
        `${demo.totals.events!.toLocaleString('en')} events`,
        `${demo.totals.errors} errors`,
        'tokens',
        '$',
      ])
        assert.ok(line.includes(s), `the line lacks ${s}: ${line}`);
      const headerHeight = (await header.boundingBox())!.height;
      assert.ok(headerHeight < 110, `the compact header is ${headerHeight}px high`);
      const events = await readableEvents(p);
      assert.ok(events >= atLeast, `${events} events readable at ${width}×${height}, expected at least ${atLeast}`);
      await p.page.screenshot({ path: await p.screenshotPath(`first-screen-${width}x${height}`) });
    });
  }

  it('opens Details on request, says so to the host, and keeps it for the next session and after a reload', async () => {
    const p = await openSession({ viewport: { width: 900, height: 700 } }, demo);
    const toggle = p.page.locator('[data-control="session-details"]');
    await toggle.click();
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await p.page.locator('.totals-grid').isVisible());
    assert.ok(await p.page.locator('svg.run-chart').isVisible());
    assert.deepStrictEqual(
      (await p.posted()).filter((m) => m.type === 'headerExpanded'),
      [{ type: 'headerExpanded', expanded: true }],
    );
    await p.page.waitForFunction(() => (window as unknown as { __state?: { headerExpanded?: boolean } }).__state?.headerExpanded === true);
    // Another session in the same panel: still expanded (it is the reader's choice, not the session's).
    await p.deliverAll(hostMessages(session));
    await p.waitForState('complete');
    assert.strictEqual(await p.page.locator('[data-control="session-details"]').getAttribute('aria-expanded'), 'true');
    const state = await p.savedState();
    // After the panel was hidden and shown (the page reloads with its saved state).
    const again = await openSession({ state });
    assert.strictEqual(await again.page.locator('.session-details').isVisible(), true);
    // Folding it again goes back to one line.
    await again.page.locator('[data-control="session-details"]').click();
    assert.strictEqual(await again.page.locator('.session-details').isVisible(), false);
    assert.deepStrictEqual(
      (await again.posted()).filter((m) => m.type === 'headerExpanded'),
      [{ type: 'headerExpanded', expanded: false }],
    );
  });

  it("starts from the reader's setting in a new panel", async () => {
    const expanded = await openSession({ bodyData: { 'header-expanded': 'true' } });
    assert.strictEqual(await expanded.page.locator('.session-details').isVisible(), true);
    const compact = await openSession({ bodyData: { 'header-expanded': 'false' } });
    assert.strictEqual(await compact.page.locator('.session-details').isVisible(), false);
  });

  it("keeps a difference from the provider's figures on the one line", async () => {
    const p = await openSession();
    // The fixture's provider reports a different cost: it is beside the cost, not only under Details.
    const cost = p.page.locator('.session-summary .summary-figure[data-field="costUsd"]');
    assert.match((await cost.textContent()) ?? '', /^\$0\.0078 provider \$0\.0200$/);
    assert.ok(await cost.locator('.mismatch-flag').isVisible());
  });

  it('opens the help popover beside its ? button, inside the window', async () => {
    const p = await openSession({ viewport: { width: 900, height: 700 } });
    const button = p.page.locator('[data-control="help"]');
    await button.click();
    const popover = p.page.locator('.popover.help');
    await popover.waitFor({ state: 'visible' });
    const b = (await button.boundingBox())!;
    const r = (await popover.boundingBox())!;
    assert.ok(Math.abs(r.y - (b.y + b.height)) <= 8, `the popover starts under the button (${r.y} vs ${b.y + b.height})`);
    assert.ok(Math.abs(r.x + r.width - (b.x + b.width)) <= 10, `lined up with the button's right edge: ${JSON.stringify({ r, b })}`);
    assert.ok(r.x >= 8 && r.x + r.width <= 900 - 7, 'inside the window');
    await p.page.screenshot({ path: await p.screenshotPath('help-popover-900x700') });
    await p.page.keyboard.press('Escape');
    await popover.waitFor({ state: 'hidden' });
  });

  it('means one thing by "error": the totals, the run line and "Only errors" agree, and the Kinds filter says "Error events"', async () => {
    const p = await openSession();
    const errors = session.totals.errors!;
    const kinds = session.runs.flatMap((r) => r.events).filter((e) => e.kind === 'error').length;
    assert.ok(errors > kinds, 'the fixture has a failed tool call as well as an error event');
    assert.strictEqual(await p.page.locator('.total[data-field="errors"] .total__computed').textContent(), String(errors));
    assert.match(
      (await p.page.locator('.total[data-field="errors"]').getAttribute('title')) ?? '',
      /Error events, failed tool calls and failed model calls/,
    );
    assert.match(
      (await p.page.locator('.session-summary .summary-figure[data-field="errors"]').textContent()) ?? '',
      new RegExp(`^${errors} errors`),
    );
    const onlyErrors = p.page.getByRole('checkbox', { name: 'Only errors' });
    assert.match((await p.page.locator('label.toolbar-check').textContent()) ?? '', new RegExp(`Only errors\\s*\\(${errors}\\)`));
    await onlyErrors.check();
    assert.strictEqual(await p.page.locator('li.event').count(), errors, '"Only errors" shows what the totals count');
    await onlyErrors.uncheck();
    await p.page.locator('[data-control="kinds"]').click();
    const option = p.page.locator('.kinds__option:has(input[data-kind="error"])');
    assert.match((await option.textContent()) ?? '', new RegExp(`^Error events\\s*${kinds}$`));
    assert.strictEqual(await p.page.locator('.kinds__option', { hasText: /^Errors/ }).count(), 0, 'no "Errors" that counts something else');
  });
});
