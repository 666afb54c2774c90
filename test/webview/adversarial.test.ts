// Issue 11 in the real page (headless Chromium): inputs that once froze it. 200,000 dots and a
// letter in a tool result and in printed output, shown whole with "Show all", go through file-link
// detection (a backtracking pattern took ~49 s on them); a 10 MB single-line result is folded.
// After each, a later event still opens when clicked — the page did not freeze.
/// <reference lib="dom" />
import * as assert from 'assert';
import { withTotals, type Session } from '../../src/model';
import { hostMessages } from './fixtures';
import { webviewSuite } from './harness';

const DOTS = `see src/app.ts ${'.'.repeat(199_980)}a`;

function dotSession(): Session {
  return withTotals({
    id: 'sess-dots',
    provider: 'demo',
    title: 'Dots',
    metadata: {},
    runs: [
      {
        id: 'r',
        events: [
          { id: 'dots-result', runId: 'r', kind: 'tool_result', name: 'dots', callId: 'c', result: DOTS },
          { id: 'dots-output', runId: 'r', kind: 'code_execution', language: 'python', code: 'print("." * 200_000)', output: DOTS },
          { id: 'one-line', runId: 'r', kind: 'tool_result', name: 'line', callId: 'd', result: 'replaced in the page' },
          { id: 'after', runId: 'r', kind: 'reasoning', text: 'A later event.\nSecond line.' },
        ],
      },
    ],
  });
}

describe('adversarial content stays responsive (issue 11, headless Chromium)', () => {
  const suite = webviewSuite();

  it('a 200,000-dot result and output shown whole, and a 10 MB single line, leave the page answering clicks', async function () {
    this.timeout(60_000);
    const p = await suite.open({ theme: 'dark' });
    const messages = hostMessages(dotSession());
    // The 10 MB line is made in the page: carrying it through the driver is slow.
    await p.page.evaluate(`(function (ms) {
      ms.forEach(function (m) {
        (m.events || []).forEach(function (e) { if (e.id === 'one-line') e.result = 'y'.repeat(10 * 1024 * 1024); });
        window.postMessage(m, '*');
      });
    })(${JSON.stringify(messages)})`);
    await p.waitForState('complete', 30_000);
    const ev = (id: string) => p.page.locator(`li.event[data-event-id="${id}"]`);
    for (const id of ['dots-result', 'dots-output']) {
      // The result is a string shown by the JSON tree (its own "Show all"); the output a text block.
      const showAll = ev(id).locator('.show-all, .jt-show-all').first();
      assert.strictEqual(await showAll.count(), 1, `${id} has no Show all`);
      await showAll.click();
      await p.page.waitForFunction(
        (i) => (document.querySelector(`li.event[data-event-id="${i}"] .text-block pre`)?.textContent ?? '').endsWith('a'),
        id,
        { timeout: 20_000 },
      );
    }
    const toggle = ev('after').locator('button.disclosure');
    await toggle.click();
    await p.page.waitForFunction(
      () => document.querySelector('li.event[data-event-id="after"] button.disclosure')?.getAttribute('aria-expanded') === 'true',
      undefined,
      { timeout: 20_000 },
    );
    // The path before the dots is still a candidate link, and the dots are shown as text.
    const text = (await ev('dots-result').locator('.text-block pre').first().textContent()) ?? '';
    assert.ok(text.startsWith('see src/app.ts ....'), text.slice(0, 40));
    const line = (await ev('one-line').locator('pre').first().textContent()) ?? '';
    assert.ok(line.length > 0 && line.length <= 8000, `the 10 MB line shows ${line.length} characters`);
    await p.screenshot('adversarial-dots-dark');
  });
});
