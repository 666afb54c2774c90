// Agno traces (src/providers/agno/traces.ts) over the shapes AgentOS serves, changed: whatever a
// trace list or tree holds (missing, null, wrong-typed, nested oddly), reading never throws, and a
// session with model calls from traces keeps agno's tokens and cost and every event it had.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mapAgnoSession } from '../../src/providers/agno/map';
import {
  AgnoTraceDetailSchema,
  llmNodesByRun,
  traceIdsByRun,
  withTraceModelCalls,
  type AgnoTraceDetail,
} from '../../src/providers/agno/traces';

const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);
const iso = fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }).map((t) => new Date(t).toISOString().replace('Z', '123Z'));

const node = fc.letrec((tie) => ({
  node: fc.record(
    {
      id: fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), junk),
      name: fc.oneof(fc.string(), junk),
      type: fc.oneof(fc.constantFrom('AGENT', 'TEAM', 'WORKFLOW', 'LLM', 'TOOL'), junk),
      start_time: fc.oneof(iso, junk),
      end_time: fc.oneof(iso, junk),
      status: fc.oneof(fc.constantFrom('OK', 'ERROR'), junk),
      input: fc.oneof(fc.constant('{"messages": [{"role": "user", "content": "hi"}]}'), junk),
      output: fc.oneof(
        fc.constant('[{"role": "assistant", "content": "ok", "tool_calls": [{"id": "c1", "function": {"name": "f", "arguments": "{}"}}]}]'),
        junk,
      ),
      metadata: fc.oneof(
        fc.record(
          { run_id: fc.oneof(fc.constantFrom('r1', 'r2'), junk), model: fc.oneof(fc.string(), junk), input_tokens: junk },
          { requiredKeys: [] },
        ),
        junk,
      ),
      spans: fc.oneof(fc.array(tie('node'), { maxLength: 3 }), junk),
    },
    { requiredKeys: ['id'] },
  ),
}));

/** An agent's span with two LLM spans (well formed) among whatever else: the case that adds calls, often enough. */
const llm = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  type: fc.constant('LLM'),
  start_time: iso,
  end_time: iso,
  metadata: fc.record({ model: fc.string() }),
});
const agentTree = fc
  .tuple(llm, llm, fc.array(node.node, { maxLength: 2 }))
  .map(([a, b, rest]) => [{ id: 'root', type: 'AGENT', spans: [a, ...rest, b] }]);

/** Two stored runs as GET /sessions/{id}/runs serves them: a model turn that calls a tool, then the answer. */
function storedSession() {
  const run = (id: string, t: number) => ({
    run_id: id,
    agent_id: 'helper',
    status: 'COMPLETED',
    created_at: t,
    run_input: 'weather?',
    content: 'sunny',
    model: 'm',
    model_provider: 'P',
    metrics: { input_tokens: 30, output_tokens: 8, total_tokens: 38 },
    messages: [
      { role: 'user', content: 'weather?', created_at: t },
      {
        role: 'assistant',
        tool_calls: [{ id: `${id}-c`, type: 'function', function: { name: 'get', arguments: '{}' } }],
        metrics: { input_tokens: 10, output_tokens: 5 },
        created_at: t,
      },
      { role: 'tool', tool_call_id: `${id}-c`, tool_name: 'get', content: 'sun', created_at: t },
      { role: 'assistant', content: 'sunny', metrics: { input_tokens: 20, output_tokens: 3 }, created_at: t },
    ],
    tools: [{ tool_call_id: `${id}-c`, tool_name: 'get', tool_args: {}, result: 'sun' }],
  });
  return mapAgnoSession(
    { session_id: 's', agent_id: 'helper', created_at: 1_700_000_000 },
    [run('r1', 1_700_000_000), run('r2', 1_700_000_100)],
    { sessionId: 's', agentId: 'helper' },
  );
}

describe('Agno traces (property-based)', () => {
  it('reads any trace list without throwing, taking only entries with a trace id', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          junk,
          fc.record({
            data: fc.oneof(
              fc.array(fc.oneof(junk, fc.record({ trace_id: fc.oneof(fc.string(), junk), run_id: fc.oneof(fc.string(), junk) }))),
              junk,
            ),
            meta: fc.oneof(junk, fc.record({ page: junk, total_pages: junk })),
          }),
        ),
        (json) => {
          const { byRun } = traceIdsByRun(json);
          for (const [run, trace] of byRun) assert.ok(typeof run === 'string' && typeof trace === 'string');
        },
      ),
    );
  });

  it("adds model calls from any trace tree without losing an event, agno's tokens or cost", () => {
    const stored = storedSession();
    let added = 0;
    fc.assert(
      fc.property(
        fc.record({
          trace_id: fc.string(),
          run_id: fc.oneof(fc.constantFrom('r1', 'r2'), junk),
          tree: fc.oneof(fc.array(node.node, { maxLength: 3 }), agentTree),
        }),
        (json) => {
          const d = AgnoTraceDetailSchema.safeParse(json);
          if (!d.success) return;
          llmNodesByRun(d.data);
          const traces = new Map<string, AgnoTraceDetail>([[d.data.run_id ?? 'r1', d.data]]);
          const out = withTraceModelCalls(stored, traces);
          assert.deepEqual(out.totals.tokens, stored.totals.tokens);
          assert.equal(out.totals.costUsd, stored.totals.costUsd);
          out.runs.forEach((r, i) => {
            const before = stored.runs[i]!.events.map((e) => e.id);
            assert.deepEqual(
              r.events.filter((e) => e.kind !== 'model_call').map((e) => e.id),
              before,
              'every stored event, in order',
            );
            const calls = r.events.filter((e) => e.kind === 'model_call');
            assert.ok(calls.length === 0 || calls.length === 2, 'a call for each of the two model turns, or none');
            if (calls.length) added++;
          });
          JSON.stringify(out);
        },
      ),
      { numRuns: 300 },
    );
    assert.ok(added > 0, 'some generated trees did add model calls');
  });
});
