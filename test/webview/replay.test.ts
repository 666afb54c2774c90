// The page structure in headless Chromium: replay (play / pause / step / jump / seek / speeds,
// dimmed or hidden later events, idle gaps), keyboard shortcuts and their help, the timeline,
// kind and error filters, search, collapse / expand all, a live session growing while it
// replays, and (after every test) no CSP violation, page error or off-protocol message.
/// <reference lib="dom" />
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { EVENT_KINDS, type SessionEvent } from '../../src/model';
import { eventSearchText } from '../../webview/store/searchText';
import { everyKindSession, hostMessages } from './fixtures';
import { webviewSuite, RESULTS_DIR, type WebviewPage, type OpenOptions } from './harness';
import { cursor, drawnIndexes, waitForCursor } from './replayHelpers';

describe('inspector replay, filters and search (headless Chromium)', () => {
  const suite = webviewSuite();
  const session = everyKindSession();
  const ids = session.runs.flatMap((r) => r.events.map((e) => e.id));
  const LAST = ids.length - 1;

  async function openSession(o: OpenOptions = {}): Promise<WebviewPage> {
    const page = await suite.open(o);
    await page.deliverAll(hostMessages(session));
    await page.waitForState('complete');
    return page;
  }

  const control = (p: WebviewPage, name: string) => p.page.locator(`[data-control="${name}"]`);
  const row = (p: WebviewPage, id: string) => p.page.locator(`li.event[data-event-id="${id}"]`);
  const classes = (p: WebviewPage, id: string) => row(p, id).evaluate((e) => Array.from(e.classList));

  it('jumps to the start and end, steps back and forth, and marks the current event', async () => {
    const p = await openSession();
    assert.strictEqual(await cursor(p), null, 'no replay until asked: every event shows, none dimmed');
    assert.strictEqual(await p.page.locator('li.event.is-future').count(), 0);

    await control(p, 'start').click();
    await waitForCursor(p, 0);
    assert.ok((await classes(p, 'e1')).includes('is-current'));
    assert.strictEqual(await row(p, 'e1').getAttribute('aria-current'), 'step');
    assert.strictEqual(await p.page.locator('li.event.is-future').count(), LAST, 'everything after the current event is dimmed');
    assert.strictEqual(await row(p, 'e2').evaluate((e) => getComputedStyle(e).opacity), '0.4');

    await control(p, 'forward').click();
    await control(p, 'forward').click();
    await waitForCursor(p, 2);
    assert.ok((await classes(p, 'e3')).includes('is-current'));
    assert.ok(!(await classes(p, 'e1')).includes('is-current'));
    assert.strictEqual(await row(p, 'e1').getAttribute('aria-current'), null);
    await control(p, 'back').click();
    await waitForCursor(p, 1);
    await control(p, 'end').click();
    await waitForCursor(p, LAST);
    assert.strictEqual(await p.page.locator('li.event.is-future').count(), 0);
    // The position is shown and announced.
    assert.strictEqual((await p.page.locator('.replay__position').textContent())?.trim(), '18 / 18');
    assert.match((await p.page.locator('.replay__live').textContent()) ?? '', /^Event 18 of 18: Assistant message/);
    // Leaving the replay shows everything again.
    await control(p, 'stop').click();
    await waitForCursor(p, null);
    assert.strictEqual(await p.page.locator('li.event.is-current').count(), 0);
  });

  it('seeks with the seek bar over the whole session and keeps the current event in view', async () => {
    const p = await openSession({ viewport: { width: 1000, height: 600 } });
    const seek = p.page.getByRole('slider', { name: 'Replay position' });
    assert.strictEqual(await seek.getAttribute('max'), String(LAST));
    await seek.fill('14');
    await waitForCursor(p, 14);
    assert.match((await seek.getAttribute('aria-valuetext')) ?? '', /^Event 15 of 18: Assistant message/);
    const box = await row(p, 'e15').locator('.event__card').boundingBox();
    const toolbar = await p.page.locator('.toolbar').boundingBox();
    assert.ok(
      box && toolbar && box.y >= toolbar.y + toolbar.height - 1 && box.y < 600,
      `current event in view below the toolbar: ${JSON.stringify({ box, toolbar })}`,
    );
    await seek.fill('3');
    await waitForCursor(p, 3);
    const top = await row(p, 'e4').locator('.event__card').boundingBox();
    assert.ok(top && top.y >= toolbar!.height - 1 && top.y < 600, `seeking back scrolls up to it: ${JSON.stringify(top)}`);
  });

  it('plays at the pace of the timestamps, 2× and 10× faster, pauses, and marks capped idle gaps', async () => {
    const p = await openSession();
    // One second between the first events at 1×.
    await control(p, 'start').click();
    await waitForCursor(p, 0);
    let t = Date.now();
    await control(p, 'play').click();
    assert.strictEqual(await control(p, 'play').getAttribute('aria-label'), 'Pause (Space)');
    await waitForCursor(p, 1, 3000);
    const oneX = Date.now() - t;
    assert.ok(oneX > 750 && oneX < 1600, `1× step took ${oneX} ms, the events are 1 s apart`);
    await control(p, 'play').click();
    assert.strictEqual(await p.page.evaluate(() => document.body.dataset.playing), 'false');
    const paused = await cursor(p);
    await p.page.waitForTimeout(1300);
    assert.strictEqual(await cursor(p), paused, 'paused stays put');

    await p.page.getByRole('combobox', { name: 'Replay speed' }).selectOption('10');
    t = Date.now();
    await control(p, 'play').click();
    await waitForCursor(p, paused! + 3, 3000);
    const tenX = (Date.now() - t) / 3;
    assert.ok(tenX < 400, `10× steps took ${tenX} ms each`);
    await control(p, 'play').click();

    // The 16 s pause before run 2 is cut to 2 s (0.2 s at 10×) and marked in the list.
    assert.strictEqual((await row(p, 'h1').locator('.idle-gap').textContent())?.trim(), '16.0 s idle');
    assert.strictEqual(await p.page.locator('.idle-gap').count(), 1);
    await control(p, 'end').click();
    await p.page.getByRole('combobox', { name: 'Replay speed' }).selectOption('2');
    await p.page.getByRole('slider', { name: 'Replay position' }).fill('14');
    await waitForCursor(p, 14);
    t = Date.now();
    await control(p, 'play').click();
    await waitForCursor(p, 15, 4000);
    const gap = Date.now() - t;
    assert.ok(gap > 800 && gap < 1600, `the capped gap took ${gap} ms at 2× (2 s / 2)`);
    await control(p, 'play').click();

    // Instant runs to the end at once; playing at the end starts again from the beginning.
    await p.page.getByRole('combobox', { name: 'Replay speed' }).selectOption('instant');
    await control(p, 'start').click();
    await control(p, 'play').click();
    await waitForCursor(p, LAST, 3000);
    await p.page.waitForFunction(() => document.body.dataset.playing === 'false');
    // The speed is remembered for next time.
    await p.page.waitForTimeout(400);
    assert.strictEqual(((await p.savedState()) as { speed: string }).speed, 'instant');
  });

  it('hides later events instead of dimming them when asked', async () => {
    const p = await openSession();
    await p.page.getByRole('combobox', { name: 'Events after the current one' }).selectOption('hide');
    await control(p, 'start').click();
    await control(p, 'forward').click();
    await control(p, 'forward').click();
    await control(p, 'forward').click();
    await waitForCursor(p, 3);
    assert.deepStrictEqual(await drawnIndexes(p), [0, 1, 2, 3]);
    assert.strictEqual(await p.page.locator('section.run[data-run-id="run-2"]').count(), 0, 'a run not reached yet does not show');
    assert.strictEqual(await p.page.locator('li.event.is-future').count(), 0);
    await control(p, 'forward').click();
    await waitForCursor(p, 4);
    assert.deepStrictEqual(await drawnIndexes(p), [0, 1, 2, 3, 4]);
    await p.page.getByRole('combobox', { name: 'Events after the current one' }).selectOption('dim');
    assert.strictEqual(await p.page.locator('li.event').count(), ids.length);
    assert.strictEqual(await p.page.locator('li.event.is-future').count(), LAST - 4);
  });

  it('answers the keyboard: Space, arrows, Home/End, Escape, / for search, e for errors, ? for help', async () => {
    const p = await openSession();
    await p.page.locator('header h1').click();
    await p.page.keyboard.press('Home');
    await waitForCursor(p, 0);
    await p.page.keyboard.press('ArrowRight');
    await waitForCursor(p, 1);
    await p.page.keyboard.press('ArrowRight');
    await p.page.keyboard.press('ArrowLeft');
    await waitForCursor(p, 1);
    await p.page.keyboard.press('End');
    await waitForCursor(p, LAST);
    await p.page.keyboard.press('Home');
    await p.page.keyboard.press('Space');
    assert.strictEqual(await p.page.evaluate(() => document.body.dataset.playing), 'true');
    await p.page.keyboard.press('Space');
    assert.strictEqual(await p.page.evaluate(() => document.body.dataset.playing), 'false');

    // e: the next error after the current event (the failed charge, then the rate limit), E back.
    await p.page.keyboard.press('Home');
    await p.page.keyboard.press('e');
    await waitForCursor(p, ids.indexOf('e12'));
    await p.page.keyboard.press('e');
    await waitForCursor(p, ids.indexOf('e13'));
    await p.page.keyboard.press('Shift+E');
    await waitForCursor(p, ids.indexOf('e12'));
    // e after the last error: said on screen too, not only to a screen reader.
    await p.page.keyboard.press('End');
    await waitForCursor(p, LAST);
    await p.page.keyboard.press('e');
    const notice = p.page.locator('.toolbar__notice');
    await notice.waitFor({ state: 'visible' });
    assert.strictEqual((await notice.textContent())?.trim(), 'No more errors after this one.');
    await p.screenshot('replay-no-more-errors', 700);
    await p.page.keyboard.press('Escape');
    await waitForCursor(p, null);

    // /: into the search field; typing there does not step the replay.
    await p.page.keyboard.press('/');
    assert.strictEqual(await p.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Search all events');
    await p.page.keyboard.type('e ');
    await p.page.keyboard.press('ArrowLeft');
    assert.strictEqual(await cursor(p), null);
    // Escape clears the search and leaves the field: Space and the arrows replay again.
    await p.page.keyboard.press('Escape');
    assert.notStrictEqual(await p.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Search all events');
    assert.strictEqual(await p.page.locator('input.search__input').inputValue(), '');
    await p.page.keyboard.press('Home');
    await waitForCursor(p, 0);
    await p.page.keyboard.press('ArrowRight');
    await waitForCursor(p, 1);
    await p.page.keyboard.press('Escape');
    await waitForCursor(p, null);
    await p.page.locator('header h1').click();

    // ?: the shortcuts, in a popover that Escape closes; the ? button opens it too.
    await p.page.keyboard.press('?');
    const help = p.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor({ state: 'visible' });
    const text = (await help.textContent()) ?? '';
    for (const s of ['Space', 'Play or pause', '←', '→', 'Home', 'End', '/', 'Search', 'Next / previous error', 'Escape'])
      assert.ok(text.includes(s), `help lacks ${s}: ${text}`);
    await p.screenshot('replay-help-dark', 900);
    await p.page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    await p.page.getByRole('button', { name: 'Keyboard shortcuts (?)' }).click();
    await help.waitFor({ state: 'visible' });
    await p.page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
  });

  it('reaches every control by keyboard, each with a name', async () => {
    const p = await openSession();
    const names: string[] = [];
    await p.page.locator('header h1').click();
    for (let i = 0; i < 40; i++) {
      await p.page.keyboard.press('Tab');
      const name = await p.page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        if (!a || !a.closest('.toolbar')) return null;
        const label = a.getAttribute('aria-label') || (a.closest('label')?.textContent ?? '') || a.textContent || '';
        return label.trim();
      });
      if (name === null) {
        if (names.length) break;
        continue;
      }
      assert.ok(name, 'a focusable toolbar control without a name');
      names.push(name);
    }
    for (const expected of [
      'Jump to the start (Home)',
      'Step back (←)',
      'Play (Space)',
      'Step forward (→)',
      'Jump to the end (End)',
      'Replay position',
      'Replay speed',
      'Events after the current one',
      'Keyboard shortcuts (?)',
      'Search all events',
      'Kinds: all',
      'Only errors (2)',
      'Collapse all',
      'Expand all',
    ]) {
      assert.ok(names.includes(expected), `${expected} is not reachable with Tab: ${JSON.stringify(names)}`);
    }
  });

  it('jumps to the event under a click on the timeline', async () => {
    const p = await openSession();
    const canvas = p.page.locator('canvas.timeline__canvas');
    const box = (await canvas.boundingBox())!;
    // Lower lane, far left: the first event; far right: the last.
    await canvas.click({ position: { x: 1, y: box.height - 4 } });
    await waitForCursor(p, 0);
    await canvas.click({ position: { x: box.width - 2, y: box.height - 4 } });
    await waitForCursor(p, LAST);
    // The upper lane is the runs: a click there goes to the start of that run.
    await canvas.click({ position: { x: box.width - 3, y: 3 } });
    await waitForCursor(p, ids.indexOf('h1'));
    const marker = await p.page.locator('.timeline__marker').boundingBox();
    assert.ok(marker && marker.x > box.x + box.width * 0.8, 'the marker shows where the replay is');
    assert.match((await p.page.locator('.timeline').getAttribute('aria-label')) ?? '', /Timeline of 2 runs and 18 steps/);
  });

  it('filters by kind and to errors only, with counts', async () => {
    const p = await openSession();
    await control(p, 'kinds').click();
    const popover = p.page.getByRole('group', { name: 'Event kinds to show' });
    await popover.waitFor({ state: 'visible' });
    assert.match((await popover.locator('label', { hasText: 'Tool calls' }).textContent()) ?? '', /Tool calls\s*5/);
    await popover.getByRole('checkbox', { name: /Tool calls/ }).uncheck();
    await popover.getByRole('checkbox', { name: /Tool results/ }).uncheck();
    await p.page.keyboard.press('Escape');
    const kinds = await p.page.locator('li.event').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind));
    assert.ok(kinds.length === 18 - 5 - 4 && !kinds.includes('tool_call') && !kinds.includes('tool_result'), JSON.stringify(kinds));
    assert.strictEqual((await control(p, 'kinds').textContent())?.trim(), `Kinds: ${EVENT_KINDS.length - 2} of ${EVENT_KINDS.length}`);
    assert.match((await p.page.locator('.load-status').textContent()) ?? '', /9 of 18 events match the filters/);
    // Steps skip what the filters hide.
    await control(p, 'start').click();
    await control(p, 'forward').click();
    await control(p, 'forward').click();
    await control(p, 'forward').click();
    await waitForCursor(p, ids.indexOf('e9'));

    await control(p, 'kinds').click();
    await popover.getByRole('checkbox', { name: /Tool calls/ }).check();
    await popover.getByRole('checkbox', { name: /Tool results/ }).check();
    await p.page.keyboard.press('Escape');
    await p.page.getByRole('checkbox', { name: 'Only errors' }).check();
    assert.deepStrictEqual(await p.page.locator('li.event').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.eventId)), [
      'e12',
      'e13',
    ]);
    assert.strictEqual(await p.page.locator('section.run').count(), 1, 'a run without errors disappears');
    await p.page.getByRole('checkbox', { name: 'Only errors' }).uncheck();
    assert.strictEqual(await p.page.locator('li.event').count(), 18);
  });

  it('searches every event, counts "n / total", goes next and previous, and highlights the matches', async () => {
    const p = await openSession();
    const expected = session.runs
      .flatMap((r) => r.events)
      .filter((e) => eventSearchText(e).includes('invoice'))
      .map((e) => e.id);
    assert.ok(expected.length >= 4, JSON.stringify(expected));
    await p.page.keyboard.press('/');
    await p.page.keyboard.type('Invoice');
    await p.page.waitForFunction((n) => document.querySelector('.search__count')?.textContent === `1 / ${n}`, expected.length);
    assert.deepStrictEqual(
      await p.page.locator('li.event.is-match').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.eventId)),
      expected,
    );
    assert.deepStrictEqual(
      await p.page.locator('li.event.is-match-current').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.eventId)),
      [expected[0]],
    );
    // Highlighted in the visible text, through CSS highlights (no markup added to agent text).
    // As a string: functions declared inside an evaluated callback trip over the test build's helpers.
    const marked = (await p.page.evaluate(
      "({ all: [...(CSS.highlights.get('ai-search') ?? [])].map(String), current: [...(CSS.highlights.get('ai-search-current') ?? [])].map(String) })",
    )) as { all: string[]; current: string[] };
    assert.ok(marked.current.length >= 1 && marked.all.length >= 3, JSON.stringify(marked));
    assert.ok(
      [...marked.all, ...marked.current].every((t) => t.toLowerCase() === 'invoice'),
      JSON.stringify(marked),
    );
    assert.strictEqual(await p.page.locator('#app mark').count(), 0);

    await p.page.keyboard.press('Enter');
    assert.strictEqual(await p.page.locator('.search__count').textContent(), `2 / ${expected.length}`);
    assert.strictEqual(await p.page.locator('li.event.is-match-current').getAttribute('data-event-id'), expected[1]);
    await p.page.getByRole('button', { name: 'Next match (Enter)' }).click();
    assert.strictEqual(await p.page.locator('.search__count').textContent(), `3 / ${expected.length}`);
    await p.page.getByRole('button', { name: 'Previous match (Shift+Enter)' }).click();
    await p.page.getByRole('button', { name: 'Previous match (Shift+Enter)' }).click();
    await p.page.getByRole('button', { name: 'Previous match (Shift+Enter)' }).click();
    assert.strictEqual(
      await p.page.locator('.search__count').textContent(),
      `${expected.length} / ${expected.length}`,
      'previous wraps round',
    );
    assert.strictEqual(
      await p.page.locator('.search__count').getAttribute('aria-label'),
      `Match ${expected.length} of ${expected.length} events`,
    );
    await p.screenshot('replay-search-dark', 1400);

    // Text inside JSON arguments and results is found too; nothing found says so.
    await p.page.getByRole('searchbox').fill('card_expired');
    await p.page.waitForFunction(() => document.querySelector('.search__count')?.textContent === '1 / 1');
    assert.strictEqual(await p.page.locator('li.event.is-match').getAttribute('data-event-id'), 'e8');
    await p.page.getByRole('searchbox').fill('zebra');
    await p.page.waitForFunction(() => document.querySelector('.search__count')?.textContent === 'No matches');
    assert.strictEqual(await p.page.locator('li.event.is-match').count(), 0);
  });

  it('collapses and expands everything', async () => {
    const p = await openSession();
    await p.page.getByRole('button', { name: 'Collapse all', exact: true }).click();
    assert.deepStrictEqual(
      await p.page.locator('section.run h2 button.disclosure').evaluateAll((els) => els.map((e) => e.getAttribute('aria-expanded'))),
      ['false', 'false'],
    );
    assert.strictEqual(await p.page.locator('li.event').count(), 0);
    assert.strictEqual(await p.page.locator('section.run ol.events:visible').count(), 0);
    await p.page.getByRole('button', { name: 'Expand all', exact: true }).click();
    assert.deepStrictEqual(
      await p.page.locator('section.run h2 button.disclosure').evaluateAll((els) => els.map((e) => e.getAttribute('aria-expanded'))),
      ['true', 'true'],
    );
    assert.strictEqual(await p.page.locator('li.event').count(), 18);
    // Folds inside events open too (the reasoning is folded by default).
    assert.strictEqual(await row(p, 'e3').locator('button.disclosure').first().getAttribute('aria-expanded'), 'true');
    assert.ok(await row(p, 'e3').locator('.reasoning-text').isVisible());
    // A replay step into a folded run unfolds it.
    await p.page.getByRole('button', { name: 'Collapse all', exact: true }).click();
    await control(p, 'start').click();
    await waitForCursor(p, 0);
    assert.ok(await row(p, 'e1').isVisible());
  });

  it('plays on into events a live session appends, and updates an event sent again', async () => {
    const p = await openSession();
    await p.page.getByRole('combobox', { name: 'Replay speed' }).selectOption('10');
    await p.page.getByRole('slider', { name: 'Replay position' }).fill(String(LAST - 1));
    await control(p, 'play').click();
    const t = Date.parse('2026-11-20T09:15:33.000Z');
    const more: SessionEvent[] = [
      { id: 'live1', runId: 'run-2', kind: 'user_message', text: 'And invoice 43?', timestamp: new Date(t).toISOString(), timeMs: t },
      {
        id: 'live2',
        runId: 'run-3',
        kind: 'tool_call',
        name: 'lookup_invoice',
        callId: 'call_L',
        arguments: { invoiceId: 43 },
        timeMs: t + 500,
      },
      { id: 'live3', runId: 'run-3', kind: 'tool_result', callId: 'call_L', result: { status: 'paid' }, timeMs: t + 900 },
    ];
    await p.deliver({ type: 'session/append', events: more });
    await waitForCursor(p, LAST + 3, 5000);
    assert.ok(await row(p, 'live3').isVisible());
    assert.ok((await classes(p, 'live3')).includes('is-current'));
    assert.ok((await classes(p, 'live2')).includes('event--before-joined'), 'a result appended after its call joins it');
    assert.match((await p.page.locator('section.run[data-run-id="run-3"]').textContent()) ?? '', /not in the session header/);
    // Waiting at the end of a live session: more events play on.
    assert.strictEqual(await p.page.evaluate(() => document.body.dataset.playing), 'true');
    await p.deliver({
      type: 'session/append',
      events: [{ id: 'live4', runId: 'run-3', kind: 'assistant_message', text: 'Invoice 43 is', timeMs: t + 1200 }],
    });
    await waitForCursor(p, LAST + 4, 5000);
    // The same id again with more text: the row is redrawn in place.
    await p.deliver({
      type: 'session/append',
      events: [{ id: 'live4', runId: 'run-3', kind: 'assistant_message', text: 'Invoice 43 is paid.', timeMs: t + 1200 }],
    });
    await p.page.waitForFunction(() =>
      document.querySelector('li.event[data-event-id="live4"]')?.textContent?.includes('Invoice 43 is paid.'),
    );
    assert.strictEqual(await p.page.locator('li.event[data-event-id="live4"]').count(), 1);
    await control(p, 'play').click();
  });

  it('draws the toolbar readably in light, dark and high contrast (screenshots replay-*.png)', async () => {
    const contrast = fs.readFileSync(path.join(__dirname, 'contrast.js'), 'utf8').replace(/^\/\/.*\n/gm, '');
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      const p = await openSession({ theme, viewport: { width: 1100, height: 900 } });
      await p.page.getByRole('searchbox').fill('invoice');
      await p.page.waitForFunction(() => /\d+ \/ \d+/.test(document.querySelector('.search__count')?.textContent ?? ''));
      await p.page.getByRole('slider', { name: 'Replay position' }).fill('4');
      await waitForCursor(p, 4);
      await p.page.evaluate(() => document.fonts.ready);
      for (const [selector, min] of [
        ['.replay__position', 3],
        ['.search__count', 3],
        ['.toolbar-button', 4.5],
        ['.toolbar-check', 4.5],
        ['.idle-gap', 3],
      ] as const) {
        const ratios = (await p.page.evaluate(`${contrast}(${JSON.stringify(selector)})`)) as number[];
        assert.ok(ratios.length, `nothing matches ${selector}`);
        assert.ok(Math.min(...ratios) >= min, `${selector} contrast ${Math.min(...ratios).toFixed(2)} < ${min} in ${theme}`);
      }
      await p.page.screenshot({ path: path.join(RESULTS_DIR, `replay-${theme}.png`) });
      await control(p, 'kinds').click();
      await p.page.getByRole('group', { name: 'Event kinds to show' }).waitFor({ state: 'visible' });
      await p.page.screenshot({ path: path.join(RESULTS_DIR, `replay-kinds-${theme}.png`) });
      await p.page.keyboard.press('Escape');
      assert.deepStrictEqual(await p.violations(), []);
      await p.close();
    }
  });
});
