// The Agno mapping of a stored streamed run as a real AgentOS (agno 3.1.10) answers it: the
// fixture is the peer's answer to GET /sessions/s-stream and /sessions/s-stream/runs, recorded
// as is. The shapes that differ from what the API notes led us to expect are checked here without
// Python, and variations of them (older agno, reasoning only on the run) are built from it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionSchema, type SessionEvent } from '../../src/model';
import { mapAgnoRun, mapAgnoSession } from '../../src/providers/agno/map';
import { mergeToolResults } from '../../src/providers/agno/mergeToolResults';
import { ofKind, type Of } from './helpers';

type Json = Record<string, any>;
const recorded = (): { detail: Json; runs: Json[] } =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/agno-3.1.10-streamed-session.json'), 'utf8'));

describe('Agno mapping of a stored streamed run (recorded from agno 3.1.10)', () => {
  const { detail, runs } = recorded();
  const raw = runs[0];
  const run = mapAgnoSession(detail, runs).runs[0];
  const eventNames = (raw.events as Json[]).map((e) => e.event);

  it('the recording has the shapes these tests are about', () => {
    assert.equal(raw.parent_run_id, '', 'a top-level run has parent_run_id ""');
    assert.match(raw.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'run created_at is ISO');
    assert.ok(eventNames.includes('ToolCallError') && !eventNames.includes('RunContent'), 'a ToolCallError, no stored RunContent');
    const failed = (raw.events as Json[]).filter((e) => e.tool?.tool_call_id === 'call_2_1' && /ToolCall(Completed|Error)/.test(e.event));
    assert.deepEqual(
      failed.map((e) => [e.event, e.tool.tool_call_error]),
      [
        ['ToolCallCompleted', true],
        ['ToolCallError', true],
      ],
    );
    assert.ok((raw.events as Json[]).some((e) => e.event === 'ModelRequestCompleted' && e.cache_read_tokens === 0));
  });

  it('maps the session to something the model accepts, the run at the top level', () => {
    const session = mapAgnoSession(detail, runs);
    assert.doesNotThrow(() => SessionSchema.parse(session));
    assert.deepEqual(
      session.runs.map((r) => [r.id, r.title]),
      [[raw.run_id, undefined]],
    );
    assert.equal(run.createdAt, raw.created_at);
  });

  it('gives the failed tool one result: the error, with both agno events kept as its raw', () => {
    const results = ofKind(run.events, 'tool_result').filter((r) => r.callId === 'call_2_1');
    assert.equal(results.length, 1);
    const [r] = results;
    assert.equal(r.isError, true);
    assert.equal(r.result, 'quote service unavailable for AGNO');
    assert.equal(r.name, 'get_stock_price');
    assert.ok(r.latencyMs! > 0);
    assert.deepEqual(
      (r.raw as Json[]).map((e) => e.event),
      ['ToolCallCompleted', 'ToolCallError'],
    );
    const good = ofKind(run.events, 'tool_result').filter((x) => x.callId === 'call_2_0');
    assert.deepEqual(
      good.map((x) => [x.isError, x.result]),
      [[undefined, raw.tools[0].result]],
    );
    assert.equal(run.totals.errors, 1);
  });

  it('puts the reasoning after the request that produced it and before the tool calls it led to', () => {
    const kinds = run.events.map((e) => (e.kind === 'other' ? e.type : e.kind));
    const at = kinds.indexOf('reasoning');
    assert.equal(kinds.filter((k) => k === 'reasoning').length, 1);
    assert.equal(kinds[at - 1], 'model_call');
    assert.equal(kinds[at + 1], 'tool_call');
    assert.equal((run.events[at + 1] as Of<'tool_call'>).callId, 'call_2_0');
    assert.equal(ofKind(run.events, 'reasoning')[0].text, raw.reasoning_content);
    assert.equal(ofKind(run.events, 'reasoning')[0].model, 'scripted-helper');
  });

  it('without the message, the run (or RunCompleted) reasoning follows the user input', () => {
    const withoutMessage = (r: Json) => ({ ...r, messages: (r.messages as Json[]).map(({ reasoning_content: _r, ...m }) => m) });
    for (const variant of [withoutMessage(raw), { ...withoutMessage(raw), reasoning_content: null }]) {
      const kinds = mapAgnoRun(variant).events.map((e) => e.kind);
      assert.deepEqual(kinds.slice(0, 3), ['system_message', 'user_message', 'reasoning']);
      assert.equal(kinds.filter((k) => k === 'reasoning').length, 1);
    }
  });

  it('drops zero counts of ModelRequestCompleted, so tokens match the run metrics', () => {
    const requests = ofKind(run.events, 'model_call');
    assert.deepEqual(
      requests.map((e) => e.tokens),
      [
        { input: 14, output: 20, reasoning: 9 },
        { input: 25, output: 12 },
      ],
    );
    assert.deepEqual(run.totals.tokens, { input: 39, output: 32, reasoning: 9 });
    assert.deepEqual(run.providerTotals?.tokens, run.totals.tokens);
  });

  it('a request with only zero counts says nothing, and the run total stands in', () => {
    const zeroed = {
      ...raw,
      events: (raw.events as Json[]).map((e) =>
        e.event === 'ModelRequestCompleted' ? { ...e, input_tokens: 0, output_tokens: 0, total_tokens: 0, reasoning_tokens: 0 } : e,
      ),
    };
    const mapped = mapAgnoRun(zeroed);
    assert.ok(ofKind(mapped.events, 'model_call').every((e) => e.tokens === undefined));
    assert.deepEqual(mapped.totals.tokens, { input: 39, output: 32, reasoning: 9 });
  });
});

describe('mergeToolResults', () => {
  const result = (id: string, callId: string | undefined, extra: Partial<Of<'tool_result'>> = {}): Of<'tool_result'> => ({
    id,
    runId: 'r',
    kind: 'tool_result',
    result: null,
    raw: { id },
    ...(callId ? { callId } : {}),
    ...extra,
  });

  it('keeps a lone error (older agno sends only ToolCallError) and results without a call id', () => {
    const events: SessionEvent[] = [
      result('a', 'c1', { isError: true, result: 'boom' }),
      result('b', undefined, { result: 1 }),
      result('c', undefined, { result: 2 }),
    ];
    mergeToolResults(events);
    assert.deepEqual(
      events.map((e) => e.id),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(events[0].raw, { id: 'a' });
  });

  it('folds later results into the first, the error winning, gaps filled', () => {
    const events: SessionEvent[] = [
      result('done', 'c1', { result: 'f() completed in 0.1s.' }),
      { id: 'x', runId: 'r', kind: 'assistant_message', text: 'between' },
      result('err', 'c1', { isError: true, result: 'f failed', latencyMs: 100, name: 'f' }),
      result('again', 'c1', { result: 'late' }),
    ];
    mergeToolResults(events);
    assert.deepEqual(
      events.map((e) => e.id),
      ['done', 'x'],
    );
    const [r] = ofKind(events, 'tool_result');
    assert.deepEqual([r.isError, r.result, r.latencyMs, r.name], [true, 'f failed', 100, 'f']);
    assert.deepEqual(r.raw, [{ id: 'done' }, { id: 'err' }, { id: 'again' }]);
  });
});
