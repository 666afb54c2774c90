import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionSchema, toMillis, type SessionEvent } from '../../src/model';
import {
  mapFoundryAgent,
  mapFoundryExchange,
  mapFoundrySession,
  mapFoundrySessionPage,
  mapFoundrySessionSummary,
} from '../../src/providers/foundry/map';
import { FoundryAgentVersionListSchema, FoundrySessionListSchema } from '../../src/providers/foundry/schema';
import { ResponseShapeError } from '../../src/providers/mapping';

const fixture = () => JSON.parse(readFileSync(join(__dirname, '../fixtures/foundry-session.json'), 'utf8'));
const split = () => {
  const { content, traces, ...session } = fixture();
  return { session, content, traces: traces as Record<string, unknown> };
};
const kinds = (events: SessionEvent[]) => events.map((e) => e.kind);
const T1 = '00000000-0000-4000-8000-0000000t0001';
const T2 = '00000000-0000-4000-8000-0000000t0002';

describe('Foundry mapping', () => {
  const { session: raw, content, traces } = split();
  const session = mapFoundrySession(raw, content, traces, { connectionId: 'foundry-1', agentName: 'Logistics Agent' });
  const [run1, run2] = session.runs;

  it('produces a session the model schema accepts, with its metadata', () => {
    assert.doesNotThrow(() => SessionSchema.parse(session));
    assert.equal(session.provider, 'foundry');
    assert.equal(session.id, 'ri.aip-agents..session.00000000-0000-4000-8000-00000000f001');
    assert.equal(session.agentId, 'ri.aip-agents..agent.00000000-0000-4000-8000-00000000f0a1');
    assert.equal(session.agentName, 'Logistics Agent');
    assert.equal(session.connectionId, 'foundry-1');
    assert.equal(session.title, 'Late shipments in March');
    assert.equal(session.createdAt, '2025-03-10T08:00:00.100000001Z', 'nanoseconds kept as given');
    assert.equal(session.updatedAt, '2025-03-10T08:02:41.962583055Z');
    assert.deepEqual(session.metadata, { agentVersion: '3.1', messageCount: 4, estimatedExpiresTime: '2025-03-11T08:02:41.962583055Z' });
  });

  it('makes one run per exchange, named after its trace', () => {
    assert.deepEqual(
      session.runs.map((r) => [r.id, r.status]),
      [
        [T1, 'COMPLETE'],
        [T2, 'IN_PROGRESS'],
      ],
    );
  });

  it('maps question, context, thoughts, tool calls, code and answer in order', () => {
    assert.deepEqual(kinds(run1.events), [
      'user_message',
      'other',
      'reasoning',
      'tool_call',
      'tool_result',
      'reasoning',
      'code_execution',
      'assistant_message',
      'other',
    ]);
    const [user, ctx, thought, call, result, thought2, code, answer, updates] = run1.events;
    assert.equal(user.kind === 'user_message' && user.text, 'How many shipments were late in March, and what is the average delay?');
    assert.equal(ctx.kind === 'other' && ctx.type, 'contexts');
    assert.equal(ctx.kind === 'other' && ctx.text, 'Context retrieved: 2 objects');
    assert.match(thought.kind === 'reasoning' ? thought.text : '', /promised date/);
    assert.equal(call.kind, 'tool_call');
    if (call.kind === 'tool_call') {
      assert.equal(call.name, 'Shipments search');
      assert.equal(call.toolType, 'ONTOLOGY_SEMANTIC_SEARCH');
      assert.deepEqual(call.arguments, {
        query: 'late shipments March 2025',
        objectType: 'ri.ontology.main.object-type.00000000-0000-4000-8000-0000000000s1',
      });
    }
    assert.equal(result.kind, 'tool_result');
    if (result.kind === 'tool_result' && call.kind === 'tool_call') {
      assert.equal(result.callId, call.callId, 'the result names its call');
      assert.equal(result.result, 'ri.object-set.main.object-set.00000000-0000-4000-8000-0000000000r1');
      assert.equal(result.isError, undefined);
    }
    assert.equal(thought2.kind === 'reasoning' && thought2.text, 'Count them and average the delay.');
    assert.equal(code.kind, 'code_execution');
    if (code.kind === 'code_execution') {
      assert.match(code.code, /^import pandas as pd/);
      assert.equal(code.language, 'python');
      assert.equal(code.output, '42 2.3\n');
    }
    assert.equal(
      answer.kind === 'assistant_message' && answer.text,
      '**42** shipments were late in March, with an average delay of **2.3 days**.',
    );
    assert.deepEqual(answer.tokens, { total: 5321 });
    assert.equal(answer.kind === 'assistant_message' && answer.interrupted, undefined);
    assert.equal(updates.kind === 'other' && updates.type, 'parameterUpdates');
    assert.deepEqual(updates.kind === 'other' && updates.fields, { month: { type: 'string', value: '2025-03' } });
  });

  it('maps a failed call to an error result with the correction message, and marks an interrupted answer', () => {
    assert.deepEqual(kinds(run2.events), ['user_message', 'tool_call', 'tool_result', 'tool_call', 'assistant_message']);
    const [, call, failed, pending, answer] = run2.events;
    assert.equal(call.kind === 'tool_call' && call.toolType, 'OBJECT_QUERY_WITH_SQL');
    assert.equal(failed.kind, 'tool_result');
    if (failed.kind === 'tool_result') {
      assert.equal(failed.isError, true);
      assert.equal(failed.result, 'Column "carrier" does not exist; did you mean "carrier_name"?');
    }
    assert.equal(pending.kind === 'tool_call' && pending.name, 'Update month', 'a call without output yet is still shown');
    assert.equal(answer.kind === 'assistant_message' && answer.interrupted, true);
    assert.equal(run2.totals.errors, 1);
  });

  it('knows tokens only as a total, and has no cost or latency', () => {
    assert.deepEqual(session.totals.tokens, { total: 5321 + 1877 });
    assert.equal(session.totals.costUsd, undefined);
    assert.equal(session.totals.latencyMs, undefined);
    assert.equal(session.providerTotals, undefined);
    for (const e of session.runs.flatMap((r) => r.events)) {
      assert.equal(e.costUsd, undefined);
      assert.equal(e.latencyMs, undefined);
    }
  });

  it('keeps raw payloads and their unknown fields', () => {
    const withExtra = split();
    withExtra.content.exchanges[0].result.newField = 'kept';
    (
      withExtra.traces[T1] as { toolCallGroups: Array<{ toolCalls: Array<Record<string, unknown>> }> }
    ).toolCallGroups[0].toolCalls[0].latencyHint = 12;
    const s = mapFoundrySession(withExtra.session, withExtra.content, withExtra.traces);
    const answer = s.runs[0].events.find((e) => e.kind === 'assistant_message')!;
    assert.equal((answer.raw as Record<string, unknown>).newField, 'kept');
    const call = s.runs[0].events.find((e) => e.kind === 'tool_call')!;
    assert.equal((call.raw as Record<string, unknown>).latencyHint, 12);
    assert.equal((s.raw as Record<string, unknown>).agentVersion, '3.1');
    // The run's raw is its exchange and its trace's own fields (the calls are the events' raw).
    const runRaw = s.runs[0].raw as { result: unknown; sessionTrace: Record<string, unknown> };
    assert.deepEqual(
      Object.keys(runRaw.sessionTrace).sort(),
      ['contexts', 'id', 'status'].filter((k) => k in (withExtra.traces[T1] as object)),
    );
    assert.equal(runRaw.sessionTrace.id, T1);
  });

  it('shows exchanges whose trace was not fetched yet, and sessions without content', () => {
    const s = mapFoundrySession(raw, content, {});
    assert.deepEqual(kinds(s.runs[1].events), ['user_message', 'assistant_message']);
    assert.deepEqual(kinds(s.runs[0].events), ['user_message', 'other', 'assistant_message', 'other']);
    const bare = mapFoundrySession(raw, undefined, {});
    assert.deepEqual(bare.runs, []);
    assert.equal(bare.title, 'Late shipments in March');
    assert.equal(bare.emptyReason, 'Foundry returned this session without its content (the exchanges).');
    assert.equal(s.emptyReason, undefined, 'a session with exchanges has no reason');
  });

  it('says why a session has no exchanges: none asked yet, or its metadata counts messages the content no longer has', () => {
    const fresh = mapFoundrySession({ rid: 'ri.s.1', metadata: { title: 't', messageCount: 0 } }, { exchanges: [] });
    assert.equal(fresh.emptyReason, 'Foundry returned no exchanges for this session: nothing was asked in it yet.');
    const gone = mapFoundrySession(
      { rid: 'ri.s.2', metadata: { title: 't', messageCount: 6, estimatedExpiresTime: '2026-10-01T00:00:00Z' } },
      { exchanges: [] },
    );
    assert.equal(
      gone.emptyReason,
      "Foundry's metadata counts 6 messages, but the session's content has no exchanges: it may have expired (its metadata gives 2026-10-01T00:00:00Z as the estimated expiry).",
    );
  });

  it('maps a code execution that failed to the code and an error result', () => {
    const events = mapFoundryExchange(
      {
        userInput: { text: 'total?' },
        result: { agentMarkdownResponse: 'Sorry.', parameterUpdates: {}, interruptedOutput: false, sessionTraceId: 'tx' },
      },
      {
        id: 'tx',
        status: 'COMPLETE',
        toolCallGroups: [
          {
            toolCalls: [
              {
                toolMetadata: { name: 'SQL', type: 'CODE_EXECUTION' },
                input: { inputs: { sql: { type: 'string', value: 'SELECT sum(x) FROM t' } } },
                output: { type: 'failure', correctionMessage: 'table t not found' },
              },
            ],
          },
        ],
      },
    );
    assert.deepEqual(kinds(events), ['user_message', 'code_execution', 'tool_result', 'assistant_message']);
    const [, code, failed] = events;
    assert.equal(code.kind === 'code_execution' && code.language, 'sql');
    assert.equal(code.kind === 'code_execution' && code.output, undefined);
    assert.equal(failed.kind === 'tool_result' && failed.isError, true);
    assert.equal(failed.kind === 'tool_result' && code.kind === 'code_execution' && failed.callId === code.callId, true);
    assert.ok(events.every((e) => e.runId === 'tx'));
  });

  it('a CODE_EXECUTION call keeps its tool name and its inputs besides the code', () => {
    const events = mapFoundryExchange(
      {
        userInput: { text: 'plot' },
        result: { agentMarkdownResponse: 'Done.', parameterUpdates: {}, interruptedOutput: false, sessionTraceId: 'tx' },
      },
      {
        id: 'tx',
        status: 'COMPLETE',
        toolCallGroups: [
          {
            toolCalls: [
              {
                toolMetadata: { name: 'Sandbox Python', type: 'CODE_EXECUTION' },
                input: {
                  inputs: {
                    dataset: { type: 'rid', rid: 'ri.foundry.main.dataset.1' },
                    code: { type: 'string', value: 'print(2)' },
                    language: { type: 'string', value: 'python' },
                  },
                },
                output: { type: 'success', output: { type: 'string', value: '2' } },
              },
              {
                toolMetadata: { name: 'Bare', type: 'CODE_EXECUTION' },
                input: { inputs: { snippet: { type: 'string', value: 'SELECT 1' } } },
              },
            ],
          },
        ],
      },
    );
    const [, code, bare] = events;
    assert.equal(code.kind, 'code_execution');
    assert.equal(bare.kind, 'code_execution');
    if (code.kind !== 'code_execution' || bare.kind !== 'code_execution') return;
    assert.deepEqual([code.name, code.code, code.language, code.output], ['Sandbox Python', 'print(2)', 'python', '2']);
    assert.deepEqual(code.arguments, { dataset: 'ri.foundry.main.dataset.1', language: 'python' });
    assert.deepEqual(
      [bare.name, bare.code, bare.arguments],
      ['Bare', 'SELECT 1', undefined],
      'the only input is the code: no arguments invented',
    );
  });

  it('beyond the SDK: a tool type and an output kind it does not define are shown, not dropped', () => {
    // The official SDK (test/unit/foundry.sdk.test.ts) defines eight tool types and two output
    // kinds; a newer API may add more, so these are shown with their names.
    const events = mapFoundryExchange(
      {
        userInput: { text: 'probe' },
        result: { agentMarkdownResponse: 'ok', parameterUpdates: {}, interruptedOutput: false, sessionTraceId: 'tx' },
      },
      {
        id: 'tx',
        status: 'COMPLETE',
        toolCallGroups: [
          {
            toolCalls: [
              { toolMetadata: { name: 'Telemetry', type: 'VECTOR_PROBE' }, input: { inputs: {} }, output: { type: 'pending', eta: 3 } },
            ],
          },
        ],
      },
    );
    assert.deepEqual(kinds(events), ['user_message', 'tool_call', 'other', 'assistant_message']);
    const [, call, out] = events;
    assert.equal(call.kind === 'tool_call' && call.toolType, 'VECTOR_PROBE');
    assert.deepEqual(out.kind === 'other' && [out.type, out.fields], ['toolOutput:pending', { type: 'pending', eta: 3 }]);
  });

  describe('two exchanges that name one sessionTraceId', () => {
    const shared = () => {
      const x = split();
      x.content.exchanges[1].result.sessionTraceId = T1;
      return x;
    };
    const s = mapFoundrySession(shared().session, shared().content, shared().traces);
    const calls = (r: { events: SessionEvent[] }) => r.events.filter((e) => e.kind === 'tool_call' || e.kind === 'code_execution').length;

    it('shows and counts the trace once, with the later exchange', () => {
      const traceCalls = (traces[T1] as { toolCallGroups: Array<{ toolCalls: unknown[] }> }).toolCallGroups.reduce(
        (n, g) => n + g.toolCalls.length,
        0,
      );
      assert.deepEqual(s.runs.map(calls), [0, traceCalls]);
      assert.equal(s.totals.toolCalls, traceCalls, 'session total: each call once');
      assert.deepEqual(
        s.runs.map((r) => r.id),
        [T1, `${T1}:2`],
        'run ids stay unique',
      );
    });

    it('says on the earlier exchange where its steps are', () => {
      const note = s.runs[0].events.find((e) => e.kind === 'other' && e.type === 'sharedSessionTrace');
      assert.ok(note && note.kind === 'other');
      assert.match(note.text ?? '', /shown once, with exchange 2/);
      assert.equal(s.runs[0].status, undefined, 'the trace status is the later exchange’s');
      assert.equal(s.runs[1].status, 'COMPLETE');
      const ids = s.runs.flatMap((r) => r.events.map((e) => e.id));
      assert.equal(new Set(ids).size, ids.length);
      assert.doesNotThrow(() => SessionSchema.parse(s));
    });
  });

  it('names the field path of a value of the wrong type', () => {
    const bad = split();
    bad.content.exchanges[1].result.totalTokensUsed = 'lots';
    assert.throws(
      () => mapFoundrySession(bad.session, bad.content, bad.traces),
      (e: unknown) =>
        e instanceof ResponseShapeError &&
        e.fieldPath === 'content.exchanges[1].result.totalTokensUsed' &&
        /^Foundry returned a session that does not fit: content\.exchanges\[1\]\.result\.totalTokensUsed: expected number/.test(e.message),
    );
    const badTrace = split();
    (
      badTrace.traces[T2] as { toolCallGroups: Array<{ toolCalls: Array<{ toolMetadata: unknown }> }> }
    ).toolCallGroups[0].toolCalls[0].toolMetadata = { type: 'FUNCTION' };
    assert.throws(
      () => mapFoundrySession(badTrace.session, badTrace.content, badTrace.traces),
      new RegExp(`traces\\.${T2}\\.toolCallGroups\\[0\\]\\.toolCalls\\[0\\]\\.toolMetadata\\.name: expected string`),
    );
    assert.throws(() => mapFoundrySession({ metadata: {} }, undefined, {}), /rid: expected string/);
  });

  it('maps agents', () => {
    const agent = mapFoundryAgent({
      rid: 'ri.aip-agents..agent.00000000-0000-4000-8000-00000000f0a1',
      version: '3.1',
      metadata: { displayName: 'Logistics Agent', description: 'Answers shipment questions', suggestedPrompts: [] },
      parameters: {},
    });
    assert.deepEqual(
      { ...agent, raw: undefined },
      {
        id: 'ri.aip-agents..agent.00000000-0000-4000-8000-00000000f0a1',
        name: 'Logistics Agent',
        description: 'Answers shipment questions',
        raw: undefined,
      },
    );
    assert.throws(() => mapFoundryAgent({ metadata: {} }), /an agent that does not fit: rid/);
  });

  it('maps session summaries and pages, keeping nanosecond times and their order', () => {
    const a = {
      rid: 'ri.s.a',
      agentRid: 'ri.agent.1',
      agentVersion: '1.0',
      metadata: {
        title: 'A',
        createdTime: '2024-10-01T20:04:24.962583055Z',
        updatedTime: '2024-10-01T22:04:24.962583057Z',
        messageCount: 6,
        estimatedExpiresTime: '2024-10-02T22:04:24.962583055Z',
      },
    };
    const b = {
      rid: 'ri.s.b',
      agentRid: 'ri.agent.1',
      agentVersion: '1.0',
      metadata: {
        title: 'B',
        createdTime: '2024-10-01T20:04:24.962583054Z',
        updatedTime: '2024-10-01T22:04:24.962583056Z',
        messageCount: 2,
        estimatedExpiresTime: '2024-10-02T22:04:24.962583055Z',
      },
    };
    assert.deepEqual(mapFoundrySessionSummary(a), {
      id: 'ri.s.a',
      agentId: 'ri.agent.1',
      title: 'A',
      createdAt: '2024-10-01T20:04:24.962583055Z',
      updatedAt: '2024-10-01T22:04:24.962583057Z',
      messageCount: 6,
    });
    const list = { data: [a, b], nextPageToken: 'next-1' };
    assert.ok(FoundrySessionListSchema.safeParse(list).success);
    const page = mapFoundrySessionPage(list);
    assert.equal(page.nextCursor, 'next-1');
    // Same millisecond, different nanoseconds: the strings still sort in the right order.
    const [pa, pb] = page.items;
    assert.equal(toMillis(pa.updatedAt), toMillis(pb.updatedAt));
    assert.ok(pb.updatedAt! < pa.updatedAt!, 'B (…056) is older than A (…057)');
    assert.ok(pb.createdAt! < pa.createdAt!);
    assert.equal(mapFoundrySessionPage({ data: [] }).nextCursor, undefined);
    assert.throws(() => mapFoundrySessionPage({ data: [{ rid: 'x', metadata: {} }] }), /data\[0\]\.agentRid/);
    assert.ok(FoundryAgentVersionListSchema.safeParse({ data: [{ string: '1.0', version: { major: 1, minor: 0 } }] }).success);
  });
});
