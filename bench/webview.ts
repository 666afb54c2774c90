// The webview's figures for `npm run bench`, measured in Debian's headless Chromium on the real
// inspector page (the test harness's server, CSP and VS Code stand-in): for generated sessions of
// each size, the time until the first events are painted, the time of a replay step and of a
// search, and the JS heap once loaded. Prints nothing and never throws: bench/run.ts prints rows.
/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { generateSession } from '../src/providers/demo/generate';
import { hostMessages } from '../test/webview/fixtures';
import { WebviewPage, launchChromium, WebviewServer } from '../test/webview/harness';
import { deliverFast } from '../test/webview/replayHelpers';

export interface WebviewRow {
  what: string;
  figure: string;
  target: string;
  met?: boolean;
}

const STEPS = 60;
const QUERIES = ['enoent', 'import path', 'packages/core', 'run_tests', 'median ms', 'no-such-text-anywhere', 'rate_limited', 'esm'];

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));
const count = (n: number) => n.toLocaleString('en-US');

export async function measureWebview(sizes: number[]): Promise<WebviewRow[]> {
  const rows: WebviewRow[] = [];
  const server = new WebviewServer();
  let browser: Browser | undefined;
  try {
    await server.start();
    browser = await launchChromium();
    for (const n of sizes) {
      try {
        rows.push(...(await measureOne(browser, server, n)));
      } catch (e) {
        rows.push({ what: `webview, ${count(n)} events`, figure: `not measured: ${(e as Error).message.split('\n')[0]}`, target: '—' });
      }
    }
  } catch (e) {
    rows.push({ what: 'webview figures', figure: `not measured: ${(e as Error).message.split('\n')[0]}`, target: '—' });
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
  }
  return rows;
}

async function measureOne(browser: Browser, server: WebviewServer, n: number): Promise<WebviewRow[]> {
  const p = await WebviewPage.open(browser, server, { theme: 'dark', viewport: { width: 1200, height: 900 } });
  try {
    const messages = hostMessages(generateSession({ events: n, seed: 7 }));
    await deliverFast(p, messages);
    await p.waitForState('complete', 180_000);
    // From the page taking in session/begin to the first frame after the first rows were drawn.
    const marks = await p.page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
    const firstPaint = marks['inspector:first-paint']! - marks['inspector:begin']!;
    const loaded = marks['inspector:complete']! - marks['inspector:begin']!;
    const drawn = await p.page.locator('li.event').count();

    // Replay steps: from the middle, one → at a time, each timed from the key to the DOM updated
    // (layout included; the row is scrolled into view and measured); a frame between steps.
    await p.page.evaluate(`(() => {
      const slider = document.querySelector('input.replay__seek');
      slider.value = String(${Math.floor(n / 2)});
      slider.dispatchEvent(new Event('input'));
    })()`);
    const steps = (await p.page.evaluate(`(async () => {
      const times = [];
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      for (let i = 0; i < ${STEPS}; i++) {
        await frame();
        const t = performance.now();
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
        times.push(performance.now() - t);
      }
      return times;
    })()`)) as number[];

    // Searches: a query entered with Enter (no typing pause), through to the first match drawn.
    const searches = (await p.page.evaluate(`(async () => {
      const input = document.querySelector('input.search__input');
      const times = [];
      const inStore = [];
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      for (const q of ${JSON.stringify(QUERIES)}) {
        await frame();
        input.value = q;
        // The field searches on a pause in typing; Enter searches at once (timed from here).
        input.dispatchEvent(new Event('input'));
        const t = performance.now();
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        times.push(performance.now() - t);
        inStore.push(Number(document.body.dataset.searchMs));
      }
      return { times, inStore };
    })()`)) as { times: number[]; inStore: number[] };

    // What the page keeps once loaded: garbage collected first.
    const cdp = await p.page.context().newCDPSession(p.page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const heapMb = heap.usedSize / (1024 * 1024);
    await cdp.detach();

    // The breakdown: opened (the whole session folded in), then kept current while the session
    // streams: a turn's events arrive by session/append, each timed from the message to the
    // breakdown redrawn with it (spaced out, so no redraw waits for the one before).
    const session = generateSession({ events: n, seed: 7 });
    const run = session.runs[session.runs.length - 1]!;
    const bd = (await p.page.evaluate(`(async () => {
      // The searches above leave a query: cleared, so each append is not also a search of every event.
      const input = document.querySelector('input.search__input');
      input.value = '';
      input.dispatchEvent(new Event('input'));
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      await new Promise((r) => setTimeout(r, 300));
      const t0 = performance.now();
      document.querySelector('.breakdown .disclosure').click();
      const openMs = performance.now() - t0;
      const drawn = () => Number(document.body.dataset.breakdownDraws || 0);
      const redraw = (before) => new Promise((resolve) => {
        if (drawn() > before) return resolve();
        const o = new MutationObserver(() => { if (drawn() > before) { o.disconnect(); resolve(); } });
        o.observe(document.body, { attributes: true, attributeFilter: ['data-breakdown-draws'] });
      });
      const appends = [];
      const replaces = [];
      const own = [];
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      for (let i = 0; i < 15; i++) {
        for (const [list, event] of [
          [appends, { id: 'bench-' + i, runId: ${JSON.stringify(run.id)}, kind: 'assistant_message', text: 'Working on it', timeMs: ${(run.events.at(-1)?.timeMs ?? 0) + 1} + i }],
          [replaces, { id: 'bench-' + i, runId: ${JSON.stringify(run.id)}, kind: 'assistant_message', text: 'Working on it, done.', tokens: { input: 900 + i, output: 40 }, costUsd: 0.002, latencyMs: 700, timeMs: ${(run.events.at(-1)?.timeMs ?? 0) + 1} + i }],
        ]) {
          await sleep(150);
          const before = drawn();
          const t = performance.now();
          window.postMessage({ type: 'session/append', events: [event] }, '*');
          await redraw(before);
          list.push(performance.now() - t);
          own.push(Number(document.body.dataset.breakdownDrawMs));
        }
      }
      return { openMs, appends, replaces, own };
    })()`)) as { openMs: number; appends: number[]; replaces: number[]; own: number[] };
    if (p.pageErrors.length) throw new Error(`page error: ${p.pageErrors[0]}`);

    const size = count(n);
    return [
      {
        what: `webview first paint, ${size} events`,
        figure: `${ms(firstPaint)} ms (all loaded ${ms(loaded)} ms, ${drawn} rows in the DOM)`,
        target: '< 1 s',
        met: firstPaint < 1000,
      },
      {
        what: `webview replay step, ${size} events`,
        figure: `median ${ms(median(steps))} ms, worst ${ms(Math.max(...steps))} ms (${STEPS} steps)`,
        target: '< 16 ms median',
        met: median(steps) < 16,
      },
      {
        what: `webview search, ${size} events`,
        figure: `median ${ms(median(searches.inStore))} ms, worst ${ms(Math.max(...searches.inStore))} ms (${QUERIES.length} queries over all events)`,
        target: '< 100 ms',
        met: Math.max(...searches.inStore) < 100,
      },
      {
        what: `webview search + first match drawn, ${size} events`,
        figure: `median ${ms(median(searches.times))} ms, worst ${ms(Math.max(...searches.times))} ms`,
        target: '< 100 ms',
        met: median(searches.times) < 100,
      },
      { what: `webview JS heap, ${size} events`, figure: `${heapMb.toFixed(0)} MB`, target: '< 300 MB', met: heapMb < 300 },
      {
        what: `webview breakdown opened, ${size} events`,
        figure: `${ms(bd.openMs)} ms (every event folded in, the runs drawn)`,
        target: '—',
      },
      {
        what: `webview breakdown redraw while streaming, ${size} events`,
        figure: `event appended: median ${ms(median(bd.appends))} ms, worst ${ms(Math.max(...bd.appends))} ms; streamed answer replaced: median ${ms(median(bd.replaces))} ms (message to redrawn; the breakdown's own fold + draw: median ${ms(median(bd.own))} ms)`,
        target: '< 50 ms',
        met: median(bd.appends) < 50 && median(bd.replaces) < 50,
      },
    ];
  } finally {
    await p.close();
  }
}
