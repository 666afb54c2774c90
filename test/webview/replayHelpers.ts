// Shared by the replay/structure tests and bench/webview.ts: delivering a large session fast
// (as one JSON string, parsed in the page, then posted message by message as the host would), and
// reading the page's replay state.
/// <reference lib="dom" />
import type { WebviewPage } from './harness';

/**
 * Posts the messages from inside the page. Passing 100,000 events to page.evaluate as objects
 * takes half a minute of Playwright serialisation; as one string it takes a second.
 */
export async function deliverFast(p: WebviewPage, messages: unknown[]): Promise<void> {
  await p.page.evaluate((text) => {
    for (const m of JSON.parse(text) as unknown[]) window.postMessage(m, '*');
  }, JSON.stringify(messages));
}

export async function cursor(p: WebviewPage): Promise<number | null> {
  const c = await p.page.evaluate(() => document.body.dataset.cursor ?? '');
  return c === '' ? null : Number(c);
}

export async function waitForCursor(p: WebviewPage, value: number | null, timeoutMs = 10_000): Promise<void> {
  await p.page.waitForFunction((v) => (document.body.dataset.cursor ?? '') === (v === null ? '' : String(v)), value, {
    timeout: timeoutMs,
  });
}

/** Event indexes of the rows in the DOM, in order. */
export async function drawnIndexes(p: WebviewPage): Promise<number[]> {
  return p.page.locator('li.event').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.index)));
}
