import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareTotals, SessionSchema, type SessionEvent } from '../../src/model';
import { ResponseShapeError } from '../../src/providers/mapping';
import { mapPiperCreateResponse, mapPiperEvent, mapPiperSession } from '../../src/providers/piper/map';
import { ProviderError } from '../../src/providers/types';

const fixture = () => JSON.parse(readFileSync(join(__dirname, '../fixtures/piper-session.json'), 'utf8'));
const byId = (events: SessionEvent[], suffix: string) => {
  const e = events.find((x) => x.id.endsWith(suffix));
  assert.ok(e, `event …${suffix} exists`);
  return e;
};

describe('Piper mapping', () => {
  const session = mapPiperSession(fixture(), { connectionId: 'conn-1', agentName: 'Order Bot' });
  const [run1, run2] = session.runs;

  it('says why a session has no events, and gives no reason when it has some', () => {
    assert.equal(session.emptyReason, undefined);
    assert.equal(mapPiperSession({ runs: [] }, { sessionId: 's' }).emptyReason, 'Piper returned no runs for this session.');
    const bare = mapPiperSession(
      {
        runs: [
          { id: 'r1', events: [] },
          { id: 'r2', events: null },
        ],
      },
      { sessionId: 's' },
    );
    assert.equal(bare.emptyReason, 'Piper returned 2 runs for this session, none with events.');
  });

  it('produces a session the model schema accepts', () => {
    assert.doesNotThrow(() => SessionSchema.parse(session));
    assert.equal(session.provider, 'piper');
    assert.equal(session.runs.length, 2);
    assert.equal(run1.events.length, 9);
    assert.equal(run2.events.length, 7);
  });

  it('maps session metadata, test flag, agent and times', () => {
    assert.equal(session.id, '00000000-0000-4000-8000-00000000a001');
    assert.equal(session.agentId, '00000000-0000-4000-8000-00000000b001');
    assert.equal(session.agentName, 'Order Bot');
    assert.equal(session.connectionId, 'conn-1');
    assert.equal(session.isTest, true);
    assert.equal(session.createdAt, '2025-03-04T09:15:00Z');
    assert.equal(session.updatedAt, '2025-03-04T09:16:30Z');
    assert.deepEqual(session.metadata, {
      organization_id: '00000000-0000-4000-8000-00000000c001',
      channel_id: '00000000-0000-4000-8000-00000000d001',
      channel_external_session_id: 'web-chat-4711',
      channel_external_user_id: 'visitor-42',
      region: 'eu-west',
    });
    assert.equal(session.title, 'Where is my order #1234? And how many orders did I place this year?');
  });

  it('maps a user message', () => {
    const e = byId(run1.events, 'e0001');
    assert.equal(e.kind, 'user_message');
    assert.equal(e.kind === 'user_message' && e.text, 'Where is my order #1234? And how many orders did I place this year?');
    assert.equal(e.runId, run1.id);
    assert.equal(e.timestamp, '2025-03-04T09:15:00Z');
    assert.equal(e.timeMs, Date.UTC(2025, 2, 4, 9, 15, 0));
    assert.equal(e.tokens, undefined, 'all-null token fields mean unknown, not zero');
  });

  it('maps reasoning with effort, tokens, cost, latency, model and provider', () => {
    const e = byId(run1.events, 'e0002');
    assert.equal(e.kind, 'reasoning');
    if (e.kind !== 'reasoning') return;
    assert.equal(e.effort, 'medium');
    assert.match(e.text, /look the order up/);
    assert.deepEqual(e.tokens, { input: 400, output: 40, cacheRead: 300, cacheWrite: 0 });
    assert.equal(e.costUsd, 0.0009);
    assert.equal(e.latencyMs, 640);
    assert.equal(e.model, 'gpt-4.1-mini');
    assert.equal(e.provider, 'openai');
    assert.equal(e.timeMs, Date.UTC(2025, 2, 4, 9, 15, 1, 250));
  });

  it('maps a tool call and its result', () => {
    const call = byId(run1.events, 'e0003');
    assert.deepEqual(
      {
        kind: call.kind,
        name: (call as { name?: string }).name,
        callId: (call as { callId?: string }).callId,
        args: (call as { arguments?: unknown }).arguments,
      },
      { kind: 'tool_call', name: 'lookup_order', callId: 'call_lookup_1', args: { order_id: '1234', include: ['shipping'] } },
    );
    const result = byId(run1.events, 'e0004');
    assert.equal(result.kind, 'tool_result');
    if (result.kind !== 'tool_result') return;
    assert.equal(result.name, 'lookup_order');
    assert.equal(result.callId, 'call_lookup_1');
    assert.equal(result.result, '{"status": "shipped", "carrier": "DHL", "eta": "2025-03-06"}');
    assert.equal(result.isError, undefined);
    assert.equal(result.latencyMs, 310);
  });

  it('marks a tool result with error fields as failed and keeps the message', () => {
    const e = byId(run1.events, 'e0006');
    assert.equal(e.kind, 'tool_result');
    if (e.kind !== 'tool_result') return;
    assert.equal(e.isError, true);
    assert.equal(e.result, 'CRM did not answer within 5 s');
    assert.equal(run1.totals.errors, 1);
  });

  it('maps code execution with printed output and detects the language', () => {
    const e = byId(run1.events, 'e0007');
    assert.equal(e.kind, 'code_execution');
    if (e.kind !== 'code_execution') return;
    assert.match(e.code, /fetch_orders/);
    assert.equal(e.output, '7\n');
    assert.equal(e.language, 'python');
    assert.equal(e.callId, 'call_code_1');
  });

  it('maps an assistant message with all token kinds and never adds cache into input', () => {
    const e = byId(run1.events, 'e0008');
    assert.equal(e.kind, 'assistant_message');
    assert.deepEqual(e.tokens, { input: 900, output: 140, cacheRead: 800, cacheWrite: 64 });
    assert.equal(e.costUsd, 0.0032);
    assert.equal(e.latencyMs, 1450);
    // Run totals: input is the sum of input_tokens only (400 + 900), cache apart (300 + 800).
    assert.deepEqual(run1.totals.tokens, { input: 1300, output: 180, cacheRead: 1100, cacheWrite: 64 });
    assert.ok(Math.abs((run1.totals.costUsd ?? 0) - 0.0041) < 1e-12);
  });

  it('keeps the run totals Piper reports beside the computed ones, and they agree', () => {
    assert.deepEqual(run1.providerTotals, { tokens: { input: 1300, output: 180 }, costUsd: 0.0041, requests: 3 });
    assert.deepEqual(compareTotals(run1.totals, run1.providerTotals), []);
    assert.equal(run1.model, 'gpt-4.1-mini');
    assert.equal(run1.createdAt, '2025-03-04T09:15:00Z');
    assert.deepEqual(session.providerTotals?.tokens, { input: 1800, output: 240 });
    assert.equal(session.providerTotals?.requests, 4);
    assert.deepEqual(session.totals.tokens, { input: 1800, output: 240, cacheRead: 1100, cacheWrite: 64 });
  });

  it('flags a run whose reported totals differ from its events', () => {
    const payload = fixture();
    payload.runs[0].total_input_tokens = 999;
    const s = mapPiperSession(payload);
    assert.deepEqual(compareTotals(s.runs[0].totals, s.runs[0].providerTotals), [{ field: 'tokens.input', computed: 1300, reported: 999 }]);
  });

  it('turns an unknown event type into "other" with every non-null field', () => {
    const e = byId(run1.events, 'e0009');
    assert.equal(e.kind, 'other');
    if (e.kind !== 'other') return;
    assert.equal(e.type, 'guardrail_check');
    assert.equal(e.text, 'passed');
    assert.deepEqual(e.fields, {
      id: '00000000-0000-4000-8000-0000000e0009',
      run_id: '00000000-0000-4000-8000-0000000r0001',
      event_type: 'guardrail_check',
      created_at: '2025-03-04T09:15:09.500Z',
      content: 'passed',
      guardrail: 'pii_filter',
      score: 0.02,
    });
  });

  it('keeps unknown fields in raw', () => {
    const e = byId(run1.events, 'e0009');
    assert.equal((e.raw as Record<string, unknown>).guardrail, 'pii_filter');
    assert.equal((session.raw as Record<string, unknown>).region, 'eu-west');
    assert.equal((run1.raw as Record<string, unknown>).total_requests, 3);
    assert.equal((run1.raw as Record<string, unknown>).events, undefined, 'a run keeps its raw without the events (they keep their own)');
  });

  it('maps an unknown type with code_executed to code execution (SQL detected), nested under its parent call', () => {
    const e = byId(run2.events, 'e0012');
    assert.equal(e.kind, 'code_execution');
    if (e.kind !== 'code_execution') return;
    assert.equal(e.language, 'sql');
    assert.equal(e.parentCallId, 'call_wh_1');
    assert.equal(e.callId, 'call_sql_1');
    assert.equal(e.output, '2025-01 | 3\n2025-02 | 4');
  });

  it('maps "message" with role assistant to an assistant message', () => {
    const e = byId(run2.events, 'e0014');
    assert.equal(e.kind, 'assistant_message');
    assert.equal(e.kind === 'assistant_message' && e.text, 'January: 3 orders, February: 4 orders.');
  });

  it('maps an unknown type with error fields, and "error" events, to errors', () => {
    const a = byId(run2.events, 'e0015');
    assert.deepEqual(
      [a.kind, (a as { code?: string }).code, (a as { message?: string }).message],
      ['error', 'webhook_failed', 'The CRM webhook answered 502'],
    );
    const b = byId(run2.events, 'e0016');
    assert.deepEqual(
      [b.kind, (b as { code?: string }).code, (b as { message?: string }).message],
      ['error', 'rate_limited', 'Too many requests to the model provider'],
    );
    assert.equal(run2.totals.errors, 2);
  });

  it('maps every kind Piper might name', () => {
    const kinds = [
      'user',
      'assistant',
      'system_message',
      'thinking',
      'function_call',
      'function_call_output',
      'code_interpreter',
      'error',
    ].map(
      (t, i) =>
        mapPiperEvent(
          {
            id: `x${i}`,
            event_type: t,
            content: 'c',
            error_message: t === 'error' ? 'boom' : null,
            code_executed: t === 'code_interpreter' ? 'print(1)' : null,
          },
          'r',
        ).kind,
    );
    assert.deepEqual(kinds, [
      'user_message',
      'assistant_message',
      'system_message',
      'reasoning',
      'tool_call',
      'tool_result',
      'code_execution',
      'error',
    ]);
    assert.equal(
      mapPiperEvent({ id: 'x', event_type: 'tool_call', tool_name: 'python', code_executed: 'x = 1' }, 'r').kind,
      'code_execution',
    );
    assert.equal(mapPiperEvent({ id: 'y', event_type: null, role: 'user', content: 'hi' }, 'r').kind, 'user_message');
    const other = mapPiperEvent({ id: 'z', event_type: 'handoff', target: 'human' }, 'r');
    assert.equal(other.kind, 'other');
    assert.deepEqual(other.kind === 'other' && other.fields, { id: 'z', event_type: 'handoff', target: 'human' });
  });

  it('gives events without an id one that is unique in the run', () => {
    const s = mapPiperSession({
      session: { session_id: 's1' },
      runs: [
        {
          id: 'r1',
          events: [
            { event_type: 'user_message', content: 'a' },
            { event_type: 'assistant_message', content: 'b' },
          ],
        },
      ],
    });
    assert.deepEqual(
      s.runs[0].events.map((e) => e.id),
      ['r1:0', 'r1:1'],
    );
    assert.equal(s.providerTotals, undefined, 'no reported totals: none invented');
    assert.equal(s.runs[0].totals.costUsd, undefined);
  });

  it('names the field path of a value of the wrong type', () => {
    const payload = fixture();
    payload.runs[0].events[3].created_at = true;
    assert.throws(
      () => mapPiperSession(payload),
      (e: unknown) =>
        e instanceof ProviderError &&
        e.code === 'bad_response' &&
        e instanceof ResponseShapeError &&
        e.fieldPath === 'runs[0].events[3].created_at' &&
        /^Piper returned a session that does not fit: runs\[0\]\.events\[3\]\.created_at: /.test(e.message),
    );
    const p2 = fixture();
    p2.runs[1].events[0].input_tokens = '12';
    assert.throws(() => mapPiperSession(p2), /runs\[1\]\.events\[0\]\.input_tokens: expected number/);
    assert.throws(() => mapPiperSession({ session: {} }), /runs: expected array/);
    assert.throws(() => mapPiperSession({ runs: [] }), /session\.session_id/);
  });

  describe('empty strings mean "not given", like null and missing', () => {
    const one = (events: Array<Record<string, unknown>>, session: Record<string, unknown> = { session_id: 's1' }) =>
      mapPiperSession({ session, runs: [{ id: 'r1', events }] });

    it('an empty id is not an id: two events without one still get different ids', () => {
      const s = one([
        { id: '', event_type: 'user_message', content: 'a' },
        { id: '', event_type: 'assistant_message', content: 'b' },
        { id: null, event_type: 'assistant_message', content: 'c' },
      ]);
      const ids = s.runs[0].events.map((e) => e.id);
      assert.deepEqual(ids, ['r1:0', 'r1:1', 'r1:2']);
    });

    it('repeated ids (given ones too) stay unique in the session, across runs', () => {
      const s = mapPiperSession({
        session: { session_id: 's1' },
        runs: [
          {
            id: 'r1',
            events: [
              { id: 'e1', event_type: 'user_message', content: 'a' },
              { id: 'e1', event_type: 'assistant_message', content: 'b' },
            ],
          },
          {
            id: 'r1',
            events: [
              { id: 'e1', event_type: 'user_message', content: 'c' },
              { id: '', run_id: '', event_type: 'user_message', content: 'd' },
            ],
          },
        ],
      });
      const ids = s.runs.flatMap((r) => r.events.map((e) => e.id));
      assert.equal(new Set(ids).size, ids.length, `unique: ${ids.join(', ')}`);
      assert.equal(new Set(s.runs.map((r) => r.id)).size, 2, 'run ids unique too');
      assert.deepEqual(
        s.runs.map((r) => r.events.every((e) => e.runId === r.id)),
        [true, true],
        'events point at their (renamed) run',
      );
      assert.deepEqual(
        s.runs.flatMap((r) => r.events.map((e) => (e.kind === 'user_message' || e.kind === 'assistant_message' ? e.text : ''))),
        ['a', 'b', 'c', 'd'],
        'nothing merged or lost',
      );
    });

    it('an empty error_code does not make an event an error', () => {
      const s = one([
        { id: 'a', event_type: 'assistant_message', content: 'Fine.', error_code: '', error_message: '' },
        { id: 'b', event_type: 'tool_result', tool_name: 'lookup', content: '{"ok":true}', error_code: '', error_message: null },
        { id: 'c', event_type: null, content: 'just a note', error_code: '', error_message: '' },
        { id: 'd', event_type: 'error', error_code: '', error_message: 'Model overloaded' },
        { id: 'e', event_type: 'error', error_code: 'E42', error_message: '' },
      ]);
      const [a, b, c, d, e] = s.runs[0].events;
      assert.equal(a.kind, 'assistant_message');
      assert.equal(b.kind === 'tool_result' && b.isError, undefined);
      assert.equal(c.kind, 'other', 'no type and no failure: shown generically, not as an error');
      assert.equal(s.totals.errors, 2);
      assert.deepEqual(d.kind === 'error' && [d.code, d.message], [undefined, 'Model overloaded']);
      assert.deepEqual(e.kind === 'error' && [e.code, e.message], ['E42', 'Error E42']);
    });

    it('empty names, session ids and texts fall back as when missing', () => {
      const s = mapPiperSession(
        {
          session: { session_id: '', agent_id: '' },
          runs: [{ id: '', events: [{ id: 'a', event_type: 'tool_call', tool_name: '', tool_call_id: '', tool_arguments: {} }] }],
        },
        { sessionId: 'ctx' },
      );
      assert.equal(s.runs[0].id, 'run-1');
      assert.equal(s.id, 'ctx', 'falls through to the id the session was asked for');
      const [call] = s.runs[0].events;
      assert.equal(call.kind === 'tool_call' && call.name, 'tool');
      assert.equal(call.kind === 'tool_call' && call.callId, undefined);
      assert.equal(s.agentId, undefined);
    });
  });

  it('reads epoch-number times (seconds and milliseconds) like epoch strings', () => {
    const at = Date.UTC(2023, 10, 7, 5, 31, 56);
    const s = mapPiperSession({
      session: { session_id: 's1', created_at: at / 1000, updated_at: String(at) },
      runs: [
        {
          id: 'r1',
          created_at: at,
          events: [
            { id: 'a', event_type: 'user_message', content: 'hi', created_at: at / 1000 },
            { id: 'b', event_type: 'assistant_message', content: 'hello', created_at: at + 1500 },
            { id: 'c', event_type: 'assistant_message', content: 'again', created_at: String(at / 1000 + 2) },
            { id: 'd', event_type: 'assistant_message', content: 'later', created_at: '2023-11-07T05:31:59Z' },
          ],
        },
      ],
    });
    const [a, b, c, d] = s.runs[0].events;
    assert.deepEqual([a.timeMs, b.timeMs, c.timeMs, d.timeMs], [at, at + 1500, at + 2000, at + 3000]);
    assert.equal(a.timestamp, '2023-11-07T05:31:56.000Z');
    assert.equal(s.createdAt, '2023-11-07T05:31:56.000Z');
    assert.equal(s.updatedAt, '2023-11-07T05:31:56.000Z');
    assert.equal(s.runs[0].createdAt, '2023-11-07T05:31:56.000Z');
    assert.doesNotThrow(() => SessionSchema.parse(s));
    // A number no date can hold is not a time: the event keeps it in its raw payload, the file opens.
    const far = mapPiperSession({
      session: { session_id: 's1' },
      runs: [{ id: 'r1', events: [{ id: 'a', event_type: 'user_message', content: 'x', created_at: 1e300 }] }],
    });
    assert.equal(far.runs[0].events[0].timeMs, undefined);
    assert.equal((far.runs[0].events[0].raw as { created_at: number }).created_at, 1e300);
  });

  it('a tool call that ran code keeps its tool name and arguments', () => {
    const s = mapPiperSession({
      session: { session_id: 's1' },
      runs: [
        {
          id: 'r1',
          events: [
            {
              id: 'a',
              event_type: 'tool_call',
              tool_name: 'python_sandbox',
              tool_call_id: 'c1',
              tool_arguments: { timeout_s: 30, dataset: 'orders' },
              code_executed: 'print(1)',
              printed_output: '1',
            },
            { id: 'b', event_type: 'code_execution', code_executed: 'SELECT 1', tool_arguments: {} },
          ],
        },
      ],
    });
    const [a, b] = s.runs[0].events;
    assert.equal(a.kind, 'code_execution');
    if (a.kind !== 'code_execution' || b.kind !== 'code_execution') return;
    assert.deepEqual(
      [a.name, a.arguments, a.code, a.output, a.callId],
      ['python_sandbox', { timeout_s: 30, dataset: 'orders' }, 'print(1)', '1', 'c1'],
    );
    assert.deepEqual([b.name, b.arguments, b.language], [undefined, undefined, 'sql'], 'nothing invented when nothing was given');
  });

  it('maps the create response, and adds the reply when no assistant event came', () => {
    const withEvents = mapPiperCreateResponse({
      content: 'Hello!',
      role: 'assistant',
      session_id: 's-9',
      run_id: 'r-9',
      events: [
        { id: 'e1', run_id: 'r-9', event_type: 'user_message', content: 'hi', created_at: '2025-01-01T00:00:00Z' },
        {
          id: 'e2',
          run_id: 'r-9',
          event_type: 'assistant_message',
          content: 'Hello!',
          input_tokens: 5,
          output_tokens: 2,
          cache_read_tokens: 3,
        },
      ],
    });
    assert.equal(withEvents.sessionId, 's-9');
    assert.equal(withEvents.runId, 'r-9');
    assert.equal(withEvents.content, 'Hello!');
    assert.deepEqual(
      withEvents.events.map((e) => e.kind),
      ['user_message', 'assistant_message'],
    );
    assert.deepEqual(withEvents.events[1].tokens, { input: 5, output: 2, cacheRead: 3 });

    const noEvents = mapPiperCreateResponse({
      content: 'Welcome back!',
      role: 'assistant',
      events: null,
      session_id: 's-1',
      run_id: 'r-1',
    });
    assert.equal(noEvents.events.length, 1);
    assert.deepEqual([noEvents.events[0].kind, noEvents.events[0].runId], ['assistant_message', 'r-1']);
    assert.equal(noEvents.events[0].kind === 'assistant_message' && noEvents.events[0].text, 'Welcome back!');

    assert.throws(() => mapPiperCreateResponse({ role: 'assistant' }), /a response that does not fit: content: expected string/);
  });
});
