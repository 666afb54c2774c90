// Reopening a session replaces the page's session view (every `session/begin`: Retry, a reopened
// file, the reload after a chat reply). What the old view listened to must go with it: this suite
// opens a session 20 times in one page and checks that the window's listeners, the live
// ResizeObserver observations and the work one scroll causes (animation frames asked for, layout
// reads made) are the same after the 20th as after the first. Counted work, not time.
/// <reference lib="dom" />
import * as assert from 'assert';
import { generateSession } from '../../src/providers/demo/generate';
import { hostMessages } from './fixtures';
import { webviewSuite, type WebviewPage } from './harness';

/** Counters installed before the page's script: observations alive, frames asked for, layout reads. */
const COUNTERS = `(() => {
  const w = window;
  w.__work = { frames: 0, rects: 0, observed: 0 };
  const raf = w.requestAnimationFrame.bind(w);
  w.requestAnimationFrame = (cb) => { w.__work.frames++; return raf(cb); };
  const rect = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function () { w.__work.rects++; return rect.call(this); };
  const RO = w.ResizeObserver;
  w.ResizeObserver = class extends RO {
    constructor(cb) { super(cb); this.__targets = new Set(); }
    observe(t, o) { if (!this.__targets.has(t)) { this.__targets.add(t); w.__work.observed++; } super.observe(t, o); }
    unobserve(t) { if (this.__targets.delete(t)) w.__work.observed--; super.unobserve(t); }
    disconnect() { w.__work.observed -= this.__targets.size; this.__targets.clear(); super.disconnect(); }
  };
})();`;

interface Snapshot {
  /** The window's event listeners by type, as Chromium's DevTools reports them. */
  listeners: Record<string, number>;
  observed: number;
  /** One scroll: frames asked for by the listeners, and layout reads in the frames that follow. */
  scrollFrames: number;
  scrollRects: number;
  drawn: number;
}

async function snapshot(p: WebviewPage): Promise<Snapshot> {
  const cdp = await p.page.context().newCDPSession(p.page);
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
    const byType: Record<string, number> = {};
    for (const l of listeners) byType[l.type] = (byType[l.type] ?? 0) + 1;
    const work = await p.page.evaluate(async () => {
      const w = window as unknown as { __work: { frames: number; rects: number; observed: number } };
      // Scroll to the same place every round, from the top, and count what that one scroll costs.
      window.scrollTo(0, 0);
      await new Promise((r) => setTimeout(r, 150));
      w.__work.frames = 0;
      w.__work.rects = 0;
      window.scrollTo(0, 400);
      window.dispatchEvent(new Event('scroll'));
      const scrollFrames = w.__work.frames;
      await new Promise((r) => setTimeout(r, 150));
      return { scrollFrames, scrollRects: w.__work.rects, observed: w.__work.observed, drawn: Number(document.body.dataset.drawn) };
    });
    return { listeners: byType, ...work };
  } finally {
    await cdp.detach();
  }
}

describe('inspector webview: reopening a session leaks nothing (headless Chromium)', () => {
  const suite = webviewSuite();

  it('20 reopenings leave the same listeners, observers and scroll cost as one', async function () {
    this.timeout(240_000);
    const session = generateSession({ events: 400, seed: 11 });
    const messages = hostMessages(session);
    const p = await suite.open({ theme: 'dark', initScript: COUNTERS, viewport: { width: 900, height: 700 } });
    const rounds: Snapshot[] = [];
    for (let round = 1; round <= 20; round++) {
      await p.deliverAll(messages);
      await p.waitForState('complete');
      if (round === 1 || round === 2 || round === 20) rounds.push(await snapshot(p));
    }
    const [first, second, last] = rounds as [Snapshot, Snapshot, Snapshot];
    const ours = (l: Record<string, number>) => `scroll ${l.scroll}, resize ${l.resize}, message ${l.message}`;
    console.log(
      `      after 1 / 20 openings: window listeners ${ours(first.listeners)} / ${ours(last.listeners)}; ` +
        `observed ${first.observed} / ${second.observed} / ${last.observed}; one scroll asks for ${first.scrollFrames} / ${second.scrollFrames} / ${last.scrollFrames} frames ` +
        `and reads ${first.scrollRects} / ${second.scrollRects} / ${last.scrollRects} rectangles`,
    );
    assert.ok(
      first.listeners.scroll! >= 1 && first.scrollFrames >= 1 && first.observed >= 1 && first.drawn > 0,
      'the counters see the live list',
    );
    assert.deepStrictEqual(last.listeners, first.listeners, 'window listeners after 20 openings');
    assert.equal(last.observed, first.observed, 'ResizeObserver observations after 20 openings');
    assert.equal(last.scrollFrames, first.scrollFrames, 'animation frames one scroll asks for');
    assert.equal(last.scrollRects, second.scrollRects, 'layout reads one scroll causes');
    assert.equal(last.drawn, first.drawn, 'rows drawn');
  });
});
