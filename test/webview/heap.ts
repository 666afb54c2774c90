// What the page holds, read through the DevTools protocol: its JS heap after garbage collection,
// and how many objects of given classes are alive (a heap snapshot, counted by constructor name:
// the test build keeps class names; `npm run bench` minifies, so only the heap figure is read
// there). And what a reader does to a session between two opens: scroll, search, replay — the
// things that once left an old session held (test/webview/memory.test.ts, bench/webview.ts).
/// <reference lib="dom" />
import type { WebviewPage } from './harness';

/** The page's JS heap in MB, garbage collected first (twice: what one pass frees, the next may). */
export async function heapMb(p: WebviewPage): Promise<number> {
  const cdp = await p.page.context().newCDPSession(p.page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return heap.usedSize / (1024 * 1024);
  } finally {
    await cdp.detach();
  }
}

/** How many objects of each of `names` (constructor names) the heap holds, garbage collected first. */
export async function liveObjects(p: WebviewPage, names: readonly string[]): Promise<Record<string, number>> {
  const cdp = await p.page.context().newCDPSession(p.page);
  try {
    const chunks: string[] = [];
    cdp.on('HeapProfiler.addHeapSnapshotChunk', (e: { chunk: string }) => chunks.push(e.chunk));
    await cdp.send('HeapProfiler.collectGarbage');
    // A snapshot collects garbage itself before it walks the heap.
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const snap = JSON.parse(chunks.join('')) as {
      snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
      nodes: number[];
      strings: string[];
    };
    const fields = snap.snapshot.meta.node_fields;
    const width = fields.length;
    const typeAt = fields.indexOf('type');
    const nameAt = fields.indexOf('name');
    const objectType = snap.snapshot.meta.node_types[0].indexOf('object');
    const counts: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
    for (let i = 0; i < snap.nodes.length; i += width) {
      if (snap.nodes[i + typeAt] !== objectType) continue;
      // esbuild may name a class `_Name` (it refers to itself) or `Name2` (two of one name).
      const name = snap.strings[snap.nodes[i + nameAt]!]!.replace(/^_/, '').replace(/\d+$/, '');
      if (name in counts) counts[name]! += 1;
    }
    return counts;
  } finally {
    await cdp.detach();
  }
}

/**
 * What a reader does with a loaded session of `events` events: scrolls to the middle and on, runs
 * two searches and clears them, replays ten steps from the middle and leaves the replay. Resolves
 * once the page has drawn the last of it.
 */
export async function useSession(p: WebviewPage, events: number): Promise<void> {
  await p.page.evaluate(`(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const key = (target, k) => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    window.scrollTo(0, Math.floor(document.documentElement.scrollHeight / 2));
    for (let i = 0; i < 10; i++) { await frame(); window.scrollBy(0, 240); }
    const input = document.querySelector('input.search__input');
    for (const q of ['enoent', 'run_tests', '']) {
      input.value = q;
      input.dispatchEvent(new Event('input'));
      key(input, 'Enter');
      await frame();
    }
    input.blur();
    const slider = document.querySelector('input.replay__seek');
    slider.value = String(${Math.floor(events / 2)});
    slider.dispatchEvent(new Event('input'));
    for (let i = 0; i < 10; i++) { await frame(); key(document.body, 'ArrowRight'); }
    key(document.body, 'Escape');
    await frame();
  })()`);
}
