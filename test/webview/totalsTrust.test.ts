// Figures a person can trust, in headless Chromium: a sum too large for a number (events reporting
// ±1.8e308) reads "too large to add" on the summary line and in the totals grid — never Infinity
// or NaN — and is flagged against the provider's figure; where the provider's figure differs and
// the mapper knows why, the reason stands beside the difference.
/// <reference lib="dom" />
import * as assert from 'assert';
import { withTotals } from '../../src/model';
import { hostMessages } from './fixtures';
import { webviewSuite } from './harness';

describe('totals that overflow, and why a provider figure differs (headless Chromium)', () => {
  const suite = webviewSuite();
  const session = withTotals({
    id: 's-huge',
    provider: 'agno',
    title: 'Huge figures',
    metadata: {},
    runs: [
      {
        id: 'r1',
        events: [
          { id: 'e1', runId: 'r1', kind: 'user_message', text: 'hi' },
          { id: 'e2', runId: 'r1', kind: 'assistant_message', text: 'a', tokens: { input: Number.MAX_VALUE, output: 3 } },
          { id: 'e3', runId: 'r1', kind: 'assistant_message', text: 'b', tokens: { input: Number.MAX_VALUE, output: 4 } },
        ],
      },
    ],
  });
  session.providerTotals = { tokens: { input: 10, output: 7 }, counted: 'The provider counts only its own requests.' };

  it('says "too large to add" where the sum overflowed, flags it against the provider, and gives the reason', async () => {
    assert.deepStrictEqual(session.totals.overflow, ['tokens.input'], 'the model names the overflow');
    const p = await suite.open({ theme: 'dark' });
    await p.deliverAll(hostMessages(session));
    await p.waitForState('complete');
    const line = (await p.page.locator('.session-summary__figures').textContent()) ?? '';
    assert.match(line, /tokens too large to add/);
    assert.doesNotMatch(line, /Infinity|NaN/);
    await p.page.locator('[data-control="session-details"]').click();
    const cell = p.page.locator('.totals-grid .total[data-field="tokens.input"]');
    assert.match((await cell.textContent()) ?? '', /too large to add/);
    assert.strictEqual(await cell.evaluate((n) => n.classList.contains('is-mismatch')), true, 'differs from the provider: flagged');
    assert.strictEqual(await p.page.locator('.totals-grid .total[data-field="tokens.output"] .total__computed').textContent(), '7');
    const grid = (await p.page.locator('.session-totals').textContent()) ?? '';
    assert.doesNotMatch(grid, /Infinity|NaN/);
    assert.match((await p.page.locator('.mismatch-banner').textContent()) ?? '', /Why: The provider counts only its own requests\./);
    await p.screenshot('totals-overflow-dark');
  });
});
