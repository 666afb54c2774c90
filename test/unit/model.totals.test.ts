import assert from 'node:assert/strict';
import { computeTotals, compareTotals, type SessionEvent } from '../../src/model';

describe('model totals', () => {
  it('sums tokens by kind without folding cache reads into input', () => {
    const events: SessionEvent[] = [
      { id: 'a', runId: 'r', kind: 'user_message', text: 'hi', tokens: { input: 10 } },
      { id: 'b', runId: 'r', kind: 'assistant_message', text: 'yo', tokens: { output: 5, cacheRead: 100 }, costUsd: 0.01, latencyMs: 200 },
    ];
    const t = computeTotals(events);
    assert.deepEqual(t.tokens, { input: 10, output: 5, cacheRead: 100 });
    assert.equal(t.costUsd, 0.01);
    assert.equal(t.messages, 2);
    assert.deepEqual(compareTotals(t, { tokens: { input: 10, output: 6 } }), [{ field: 'tokens.output', computed: 5, reported: 6 }]);
  });
  it('keeps cost unknown when no event has one', () => {
    const t = computeTotals([{ id: 'a', runId: 'r', kind: 'user_message', text: 'hi' }]);
    assert.equal(t.costUsd, undefined);
  });
});
