// A million events (issue 15): the list is laid out taller than Chromium lays out an element
// (~33.5M px; the list once stopped near row 378,707), so it is squeezed onto the page
// (webview/virtual/scrollMap.ts). Every way to the end reaches the last event, every way to the
// start the first, a wheel from anywhere slides the rows on screen, a search and a seek find rows
// at the end, and a reload comes back to the same rows.
/// <reference lib="dom" />
import * as assert from 'assert';
import { deliverShort } from '../../bench/webviewDeliver';
import { webviewSuite, type WebviewPage } from './harness';
import { waitForCursor } from './replayHelpers';

const N = 1_000_000;
const VIEWPORT = { width: 1100, height: 900 };
/** Rows in the DOM may not grow with the session (as in large.test.ts). */
const MAX_DRAWN_ROWS = 120;

/** Event indexes of the rows wholly or partly on screen below the sticky toolbar, in order. */
async function onScreen(p: WebviewPage): Promise<number[]> {
  return p.page.evaluate(() => {
    const below = document.querySelector('.toolbar')?.getBoundingClientRect().bottom ?? 0;
    return Array.from(document.querySelectorAll<HTMLElement>('li.event'))
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.bottom > below + 1 && r.top < window.innerHeight - 1;
      })
      .map((e) => Number(e.dataset.index));
  });
}

/** Two frames: the scroll event's pass and the one after it have drawn. */
const settled = (p: WebviewPage) =>
  p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))));

async function scrollPageTo(p: WebviewPage, where: 'end' | 'top' | number): Promise<void> {
  await p.page.evaluate((w) => {
    const max = document.documentElement.scrollHeight - window.innerHeight;
    window.scrollTo(0, w === 'end' ? max : w === 'top' ? 0 : Math.round(max * w));
  }, where);
  await settled(p);
}

/** The last event is wholly on screen, at the bottom of a list scrolled to its end. */
async function assertLastShown(p: WebviewPage, what: string): Promise<void> {
  const last = p.page.locator(`li.event[data-index="${N - 1}"]`);
  await last.waitFor({ state: 'visible' });
  const box = await last.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= VIEWPORT.height + 1, `${what}: the last event on screen at ${JSON.stringify(box)}`);
}

describe('inspector webview with a million events (headless Chromium)', function () {
  this.timeout(600_000);
  const suite = webviewSuite();

  it('reaches the last event and the first, by scrolling, replay, seeking and search, and slides 1:1 anywhere', async () => {
    const p = await suite.open({ theme: 'dark', viewport: VIEWPORT });
    try {
      await deliverShort(p, N);
      await p.waitForState('complete', 540_000);
      const height = await p.page.evaluate(() => document.documentElement.scrollHeight);
      assert.ok(height < 33_000_000, `the page is ${height} px: past Chromium's cap an element stops growing`);

      // The page scrolled to its end (Ctrl+End, the scrollbar's bottom): the last event.
      await scrollPageTo(p, 'end');
      await assertLastShown(p, 'scrolled to the end');
      await p.screenshot('million-scrolled-end', VIEWPORT.height);
      // A wheel up from there shows the rows just above, as at any size.
      const atEnd = await onScreen(p);
      await p.page.mouse.wheel(0, -400);
      await settled(p);
      const up = await onScreen(p);
      assert.ok(up[0]! < atEnd[0]! && up.at(-1)! >= atEnd[0]!, `a wheel up from the end: ${atEnd.join(',')} → ${up.join(',')}`);

      // Dragging the scrollbar's thumb to the middle lands mid-session; wheels from there slide.
      await scrollPageTo(p, 0.5);
      const rows = await onScreen(p);
      assert.ok(Math.abs(rows[0]! - N / 2) < N / 50, `half way down the scrollbar: ${rows[0]}`);
      for (const by of [240, 240, 700, -240, -700, 240]) {
        const tops = await p.page.evaluate(() =>
          Object.fromEntries(
            Array.from(document.querySelectorAll<HTMLElement>('li.event')).map((r) => [r.dataset.index, r.getBoundingClientRect().top]),
          ),
        );
        await p.page.mouse.wheel(0, by);
        await settled(p);
        // Some row on screen before is on screen now, moved by the wheel's distance (not a jump).
        const moved = await p.page.evaluate((before) => {
          for (const r of Array.from(document.querySelectorAll<HTMLElement>('li.event'))) {
            const was = before[r.dataset.index!];
            if (was !== undefined) return was - r.getBoundingClientRect().top;
          }
          return null;
        }, tops);
        assert.ok(moved !== null && Math.abs(moved - by) <= 2, `a wheel of ${by} px moved the rows by ${moved}`);
      }
      assert.ok((await p.page.locator('li.event').count()) <= MAX_DRAWN_ROWS);
      const indexes = await p.page.locator('li.event').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.index)));
      assert.ok(
        indexes.every((v, i) => i === 0 || v === indexes[i - 1]! + 1),
        `drawn rows contiguous: ${indexes.join(',')}`,
      );

      // The scrollbar's top: the first event, under the header.
      await scrollPageTo(p, 'top');
      assert.strictEqual((await onScreen(p))[0], 0);

      // Replay: End shows the last event, Home the first, a seek to the end the last again.
      await p.page.locator('header h1').click();
      await p.page.keyboard.press('End');
      await waitForCursor(p, N - 1);
      await assertLastShown(p, 'replay End');
      await p.screenshot('million-replay-end', VIEWPORT.height);
      await p.page.keyboard.press('Home');
      await waitForCursor(p, 0);
      assert.ok(await p.page.locator('li.event[data-index="0"].is-current').isVisible());
      await p.page.keyboard.press('ArrowRight');
      await waitForCursor(p, 1);
      assert.ok(await p.page.locator('li.event[data-index="1"].is-current').isVisible());
      await p.page.getByRole('slider', { name: 'Replay position' }).fill(String(N - 1));
      await waitForCursor(p, N - 1);
      await assertLastShown(p, 'seeked to the end');
      await p.page.locator('header h1').click();
      await p.page.keyboard.press('Escape');
      await waitForCursor(p, null);

      // A word in half the events: the first match shows while the rest are still searched ("…"), then the count.
      await scrollPageTo(p, 'top');
      const early = await p.page.evaluate(() => {
        const input = document.querySelector<HTMLInputElement>('input.search__input')!;
        input.value = 'lookup';
        input.dispatchEvent(new Event('input'));
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        return {
          count: document.querySelector('.search__count')?.textContent ?? '',
          current: document.querySelector<HTMLElement>('li.event.is-match-current')?.dataset.index,
        };
      });
      assert.match(early.count, /^1 \/ [\d,]+…$/, `counting still: ${JSON.stringify(early)}`);
      assert.ok(early.current !== undefined, 'the first match drawn before the count is final');
      await p.page.waitForFunction(() => /^1 \/ [\d,]+$/.test(document.querySelector('.search__count')?.textContent ?? ''), undefined, {
        timeout: 60_000,
      });
      // Every tool call is one (a quarter of the events).
      assert.strictEqual(await p.page.locator('.search__count').textContent(), '1 / 250,000');

      // Search from the top for words in the last events: the match is scrolled to and shown.
      await scrollPageTo(p, 'top');
      await p.page.getByRole('searchbox').fill('line 999990');
      await p.page.keyboard.press('Enter');
      await p.page.waitForFunction(() => document.querySelector('.search__count')?.textContent === '1 / 1', undefined, { timeout: 60_000 });
      const match = p.page.locator('li.event[data-index="999990"].is-match-current');
      await match.waitFor({ state: 'visible' });
      const box = await match.boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= VIEWPORT.height, `the match on screen at ${JSON.stringify(box)}`);
      await p.screenshot('million-search-end', VIEWPORT.height);
      assert.deepStrictEqual(p.pageErrors, []);
    } finally {
      await p.close();
    }
  });

  it('comes back to the same rows after a reload, a third of the way down', async () => {
    const p = await suite.open({ theme: 'dark', viewport: VIEWPORT });
    let state: unknown;
    let rows: number[];
    try {
      await deliverShort(p, N);
      await p.waitForState('complete', 540_000);
      await scrollPageTo(p, 1 / 3);
      // And a few wheels: the list slid from where the jump put it.
      for (let i = 0; i < 4; i++) await p.page.mouse.wheel(0, 600);
      await settled(p);
      rows = await onScreen(p);
      await p.page.waitForTimeout(400);
      state = await p.savedState();
    } finally {
      await p.close();
    }
    const again = await suite.open({ theme: 'dark', viewport: VIEWPORT, state });
    try {
      await deliverShort(again, N);
      await again.waitForState('complete', 540_000);
      await settled(again);
      const back = await onScreen(again);
      assert.ok(Math.abs(back[0]! - rows[0]!) <= 1, `before the reload ${rows.join(',')}, after ${back.join(',')}`);
      await again.screenshot('million-reloaded', VIEWPORT.height);
    } finally {
      await again.close();
    }
  });
});
