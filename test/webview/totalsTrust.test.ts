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

  it('says "cost unknown" on the one line, never a bare "—", with the provider\'s figure beside ours where it has one', async () => {
    const noCost = (id: string) =>
      withTotals({
        id,
        provider: 'agno',
        title: 'No cost in the events',
        metadata: {},
        runs: [{ id: 'r1', events: [{ id: 'e1', runId: 'r1', kind: 'assistant_message', text: 'a', tokens: { input: 5, output: 2 } }] }],
      });
    const p = await suite.open({ theme: 'light' });
    const cost = p.page.locator('.session-summary .summary-figure[data-field="costUsd"]');
    const show = async (providerCost: number | undefined) => {
      const s = noCost(`s-cost-${String(providerCost)}`);
      if (providerCost !== undefined) s.providerTotals = { tokens: {}, costUsd: providerCost };
      await p.deliverAll(hostMessages(s));
      await p.waitForState('complete');
      return {
        line: (await p.page.locator('.session-summary__figures').textContent()) ?? '',
        cost: ((await cost.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
        flagged: await cost.locator('.mismatch-flag').count(),
      };
    };
    const none = await show(undefined);
    assert.deepStrictEqual({ cost: none.cost, flagged: none.flagged }, { cost: 'cost unknown', flagged: 0 });
    assert.doesNotMatch(none.line, /—/, `a bare dash on the line: ${none.line}`);
    // The provider charged something the events do not say: beside ours, flagged.
    const charged = await show(0.02);
    assert.deepStrictEqual({ cost: charged.cost, flagged: charged.flagged }, { cost: 'cost unknown provider $0.0200', flagged: 1 });
    // The provider says nothing was charged: beside ours, not a difference.
    const free = await show(0);
    assert.deepStrictEqual({ cost: free.cost, flagged: free.flagged }, { cost: 'cost unknown provider $0.00', flagged: 0 });
    await p.screenshot('summary-cost-unknown-light');
  });
});
