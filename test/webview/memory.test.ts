// Issue 15: the page's heap the same after the third open as after the first. Once a reader had
// scrolled, searched or replayed, every reopen kept the old session view, its breakdown and all
// its events (~58 MB per open at 100,000 events): a toolkit button's ElementInternals that
// Chromium never lets go of, and a file-path lookup the host never answered, each held a handler
// of the old page. This opens one session three times in one page, used in between, and checks
// what stays: no old session view (counted in a heap snapshot) and the heap within a margin of the
// first open's. A leak check (bytes and objects), not a timing check.
/// <reference lib="dom" />
import * as assert from 'assert';
import { generateSession } from '../../src/providers/demo/generate';
import { deliverPacked } from '../../bench/webviewDeliver';
import { heapMb, liveObjects, useSession } from './heap';
import { webviewSuite } from './harness';

/** Enough events that one kept session (~5 MB here) stands well clear of the margin. */
const EVENTS = 10_000;
/** What may differ between opens: the path answers and saved state a page keeps for its life, GC noise. */
const MARGIN = 0.05;
/** The classes one open builds (webview/render/app.ts, breakdown/, virtual/, replay/). */
const PER_SESSION = ['SessionView', 'BreakdownView', 'VirtualList', 'Player', 'Timeline', 'BreakdownBuilder'];

describe('inspector webview memory over reopens (headless Chromium)', () => {
  const suite = webviewSuite();

  it(`keeps one session's worth after a ${EVENTS.toLocaleString('en-US')}-event session is opened, used and opened again twice`, async function () {
    this.timeout(300_000);
    const session = generateSession({ events: EVENTS, seed: 7 });
    const p = await suite.open({ theme: 'dark', viewport: { width: 1200, height: 900 } });
    const heaps: number[] = [];
    for (let open = 1; open <= 3; open++) {
      if (open > 1) {
        await p.deliver({ type: 'session/loading', title: 'again' });
        await p.waitForState('loading');
      }
      await deliverPacked(p, session);
      await p.waitForState('complete', 240_000);
      // The breakdown folded every event in (what it keeps is what a leak kept too).
      if (open === 1) await p.page.locator('.breakdown .disclosure').click();
      await useSession(p, EVENTS);
      assert.match((await p.page.locator('.load-status').textContent()) ?? '', /All 10,000 events loaded/);
      heaps.push(await heapMb(p));
    }
    const alive = await liveObjects(p, PER_SESSION);
    console.log(
      `      JS heap after opens 1, 2, 3: ${heaps.map((h) => `${h.toFixed(1)} MB`).join(' → ')}; alive: ${JSON.stringify(alive)}`,
    );
    assert.deepStrictEqual(alive, Object.fromEntries(PER_SESSION.map((n) => [n, 1])), 'only the open session is held');
    assert.ok(
      heaps[2]! <= heaps[0]! * (1 + MARGIN),
      `the heap grew from ${heaps[0]!.toFixed(1)} MB after the first open to ${heaps[2]!.toFixed(1)} MB after the third`,
    );
  });
});
