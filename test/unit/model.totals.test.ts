import assert from 'node:assert/strict';
import { computeTotals, compareTotals, sumTotals, tokenSum, withTotals, type SessionEvent, type Totals } from '../../src/model';

const user = (id: string, extra: Partial<SessionEvent> = {}): SessionEvent =>
  ({ id, runId: 'r', kind: 'user_message', text: 'hi', ...extra }) as SessionEvent;

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

  it('leaves every unknown figure undefined rather than zero', () => {
    const t = computeTotals([user('a'), user('b', { tokens: {} })]);
    assert.deepEqual(t.tokens, {});
    assert.equal(t.latencyMs, undefined);
    assert.equal(t.costUsd, undefined);
    assert.equal(t.requests, undefined);
    assert.equal('input' in t.tokens, false);
  });

  it('reports a token kind as soon as one event knows it, and ignores non-finite values', () => {
    const t = computeTotals([
      user('a', { tokens: { input: 7 } }),
      user('b', { tokens: { input: Number.NaN, cacheWrite: 3, reasoning: Infinity } }),
      user('c', { tokens: { cacheWrite: 2 }, costUsd: Number.NaN, latencyMs: 0 }),
    ]);
    assert.deepEqual(t.tokens, { input: 7, cacheWrite: 5 });
    assert.equal(t.costUsd, undefined);
    assert.equal(t.latencyMs, 0, 'a reported zero latency is known, not unknown');
  });

  it('counts messages, tool calls (code included) and errors (failed tool results included)', () => {
    const events: SessionEvent[] = [
      user('u'),
      { id: 'a', runId: 'r', kind: 'assistant_message', text: 'x', interrupted: true },
      { id: 's', runId: 'r', kind: 'system_message', text: 'sys' },
      { id: 'c', runId: 'r', kind: 'tool_call', name: 't', callId: '1', arguments: {} },
      { id: 'x', runId: 'r', kind: 'code_execution', code: 'print(1)', language: 'python', output: '1' },
      { id: 'ok', runId: 'r', kind: 'tool_result', callId: '1', result: 'fine' },
      { id: 'bad', runId: 'r', kind: 'tool_result', callId: '1', result: 'boom', isError: true },
      { id: 'e', runId: 'r', kind: 'error', message: 'x' },
      { id: 'o', runId: 'r', kind: 'other', type: 'x', fields: {} },
    ];
    const t = computeTotals(events);
    assert.equal(t.events, 9);
    assert.equal(t.messages, 2);
    assert.equal(t.toolCalls, 2);
    assert.equal(t.errors, 2);
  });

  it('sums run totals into session totals, keeping unknowns unknown', () => {
    const a: Totals = { events: 2, messages: 2, toolCalls: 0, errors: 0, tokens: { input: 5 }, latencyMs: 100 };
    const b: Totals = { events: 3, messages: 1, toolCalls: 1, errors: 1, tokens: { input: 1, cacheRead: 50 }, costUsd: 0.2, requests: 2 };
    const t = sumTotals([a, b]);
    assert.deepEqual(t, {
      events: 5,
      messages: 3,
      toolCalls: 1,
      errors: 1,
      tokens: { input: 6, cacheRead: 50 },
      costUsd: 0.2,
      latencyMs: 100,
      requests: 2,
    });
    assert.deepEqual(sumTotals([]), { events: 0, messages: 0, toolCalls: 0, errors: 0, tokens: {} });
  });

  it('fills run and session totals from the events with withTotals', () => {
    const s = withTotals({
      id: 's',
      provider: 'demo',
      title: 't',
      metadata: {},
      runs: [
        { id: 'r1', events: [user('a', { tokens: { input: 4 }, costUsd: 0.5 })] },
        { id: 'r2', events: [user('b', { tokens: { input: 6, output: 1 } }), user('c')] },
      ],
    });
    assert.deepEqual(s.runs[0].totals.tokens, { input: 4 });
    assert.equal(s.runs[1].totals.events, 2);
    assert.equal(s.runs[1].totals.costUsd, undefined);
    assert.deepEqual(s.totals.tokens, { input: 10, output: 1 });
    assert.equal(s.totals.events, 3);
    assert.equal(s.totals.costUsd, 0.5);
  });

  it('tokenSum adds input, output and cache (reasoning is inside output), or falls back to the bare total', () => {
    assert.equal(tokenSum({ input: 1, output: 2, cacheRead: 3, cacheWrite: 4, reasoning: 5 }), 10);
    assert.equal(tokenSum({ input: 1, total: 999 }), 1, 'a breakdown wins over a total');
    assert.equal(tokenSum({ total: 42 }), 42);
    assert.equal(tokenSum({}), undefined);
    assert.equal(tokenSum(undefined), undefined);
  });

  it('a reported 0 where the events say nothing is not a mismatch', () => {
    assert.deepEqual(compareTotals({ tokens: {} }, { tokens: {}, costUsd: 0 }), []);
    assert.equal(compareTotals({ tokens: {} }, { tokens: {}, costUsd: 0.2 }).length, 1);
  });

  describe('model calls', () => {
    const call = (id: string, extra: Partial<SessionEvent> = {}): SessionEvent =>
      ({ id, runId: 'r', kind: 'model_call', model: 'm', ...extra }) as SessionEvent;

    it("counts a request's tokens and cost once, on its model call, when the answer carries them too", () => {
      const events: SessionEvent[] = [
        user('u'),
        call('m1', { tokens: { input: 100, output: 10, cacheRead: 50 }, costUsd: 0.02, latencyMs: 900 }),
        {
          id: 't',
          runId: 'r',
          kind: 'tool_call',
          name: 'x',
          callId: 'c',
          arguments: {},
          tokens: { input: 100, output: 10 },
          latencyMs: 40,
        },
        call('m2', { tokens: { input: 120, output: 30 }, costUsd: 0.03, latencyMs: 1100 }),
        { id: 'a', runId: 'r', kind: 'assistant_message', text: 'done', tokens: { input: 120, output: 30 }, costUsd: 0.03 },
      ];
      const t = computeTotals(events);
      assert.deepEqual(t.tokens, { input: 220, output: 40, cacheRead: 50 });
      assert.ok(Math.abs(t.costUsd! - 0.05) < 1e-12);
      assert.equal(t.requests, 2, 'requests are the model calls');
      assert.equal(t.latencyMs, 2040, "latency is every event's, as before");
      assert.equal(t.messages, 2);
      assert.equal(t.toolCalls, 1);
    });

    it('falls back to the other events for a figure no model call reports', () => {
      const events: SessionEvent[] = [
        call('m1'),
        { id: 'a', runId: 'r', kind: 'assistant_message', text: 'x', tokens: { output: 7 }, costUsd: 0.5 },
      ];
      const t = computeTotals(events);
      assert.deepEqual(t.tokens, { output: 7 });
      assert.equal(t.costUsd, 0.5);
      assert.equal(t.requests, 1);
    });

    it('takes tokens from the calls but cost from the messages when only they priced it', () => {
      const events: SessionEvent[] = [
        call('m1', { tokens: { input: 3 } }),
        { id: 'a', runId: 'r', kind: 'assistant_message', text: 'x', tokens: { input: 3 }, costUsd: 0.1 },
      ];
      const t = computeTotals(events);
      assert.deepEqual(t.tokens, { input: 3 });
      assert.equal(t.costUsd, 0.1);
    });

    it('counts a failed model call as an error, and no requests without model calls', () => {
      assert.equal(computeTotals([call('m1', { error: 'rate_limited' })]).errors, 1);
      assert.equal(computeTotals([call('m1')]).errors, 0);
      assert.equal(computeTotals([user('u')]).requests, undefined);
    });
  });

  describe('compareTotals', () => {
    const computed: Totals = { tokens: { input: 100, output: 20 }, costUsd: 0.3 };

    it('finds nothing to compare without provider totals', () => {
      assert.deepEqual(compareTotals(computed, undefined), []);
      assert.deepEqual(compareTotals(computed, { tokens: {} }), []);
    });

    it('flags each reported figure that differs, in a stable order', () => {
      assert.deepEqual(compareTotals(computed, { tokens: { input: 90, output: 20 }, costUsd: 0.31 }), [
        { field: 'tokens.input', computed: 100, reported: 90 },
        { field: 'costUsd', computed: 0.3, reported: 0.31 },
      ]);
    });

    it('flags a reported figure the events do not know at all', () => {
      assert.deepEqual(compareTotals(computed, { tokens: { cacheRead: 10 } }), [
        { field: 'tokens.cacheRead', computed: undefined, reported: 10 },
      ]);
    });

    it('does not flag a figure only the events know', () => {
      assert.deepEqual(compareTotals({ tokens: { input: 5, reasoning: 9 }, costUsd: 1 }, { tokens: { input: 5 } }), []);
    });

    it("never flags latency: the computed sum of steps and the platform's run duration measure different things", () => {
      assert.deepEqual(compareTotals({ tokens: {}, latencyMs: 120 }, { tokens: {}, latencyMs: 900 }), []);
    });

    it('tolerates floating-point noise but not real differences', () => {
      assert.deepEqual(compareTotals({ tokens: {}, costUsd: 0.1 + 0.2 }, { tokens: {}, costUsd: 0.3 }), []);
      assert.equal(compareTotals({ tokens: {}, costUsd: 0.300001 }, { tokens: {}, costUsd: 0.3 }).length, 1);
      assert.equal(compareTotals({ tokens: { output: 1 } }, { tokens: { output: 0 } }).length, 1, 'a reported zero is compared');
    });
  });
});
