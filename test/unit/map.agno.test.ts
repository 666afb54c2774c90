import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareTotals, SessionSchema, type SessionEvent } from '../../src/model';
import {
  mapAgnoAgent,
  mapAgnoRun,
  mapAgnoRunEvent,
  mapAgnoSession,
  mapAgnoSessionPage,
  mapAgnoSessionSummary,
} from '../../src/providers/agno/map';
import { AgnoSessionListSchema } from '../../src/providers/agno/schema';
import { ResponseShapeError } from '../../src/providers/mapping';

const fixture = () => JSON.parse(readFileSync(join(__dirname, '../fixtures/agno-session.json'), 'utf8'));
const split = () => {
  const { runs, ...detail } = fixture();
  return { detail, runs: runs as Array<Record<string, unknown>> };
};
const kinds = (events: SessionEvent[]) => events.map((e) => e.kind);
const T0 = 1757095320000; // 2025-09-05T18:02:00Z

describe('Agno mapping', () => {
  const { detail, runs } = split();
  const session = mapAgnoSession(detail, runs, { connectionId: 'agno-local' });
  const [run1, run2] = session.runs;

  it('produces a session the model schema accepts, with the detail facts', () => {
    assert.doesNotThrow(() => SessionSchema.parse(session));
    assert.equal(session.provider, 'agno');
    assert.equal(session.id, '0000aaaa-0000-4000-8000-000000000001');
    assert.equal(session.title, 'Weather in Lisbon and Porto');
    assert.equal(session.agentId, 'weather-agent');
    assert.equal(session.agentName, 'Weather Agent');
    assert.equal(session.connectionId, 'agno-local');
    assert.equal(session.createdAt, '2025-09-05T18:02:00Z');
    assert.equal(session.updatedAt, '2025-09-05T18:03:23Z');
    assert.deepEqual(session.metadata, {
      session_type: 'agent',
      user_id: 'demo-user',
      model: 'gpt-4o',
      model_provider: 'OpenAI',
      summary: 'The user asked for the weather in two cities.',
      total_tokens: 1024,
    });
    // chat_history repeats the runs' messages: only entries no run message holds stay in the raw.
    const kept = ((session.raw as Record<string, unknown>).chat_history ?? []) as Array<Record<string, unknown>>;
    assert.ok(
      kept.length < ((detail as Record<string, unknown>).chat_history as unknown[]).length,
      'chat history is not repeated whole in the session raw',
    );
    assert.ok(!kept.some((m) => m.role === 'system'), 'the system prompt, held by the run, is not repeated');
  });

  it('rebuilds a run without events from its messages and tools', () => {
    assert.deepEqual(kinds(run1.events), [
      'system_message',
      'user_message',
      'reasoning',
      'tool_call',
      'tool_call',
      'tool_result',
      'tool_result',
      'assistant_message',
    ]);
    const [system, user, reasoning, callL, callP, resL, resP, answer] = run1.events;
    assert.equal(system.kind === 'system_message' && system.text, 'You are a weather assistant.');
    assert.equal(user.kind === 'user_message' && user.text, "What's the weather in Lisbon and Porto?");
    assert.equal(user.timeMs, T0, 'epoch seconds become milliseconds');
    assert.equal(user.timestamp, '2025-09-05T18:02:00.000Z');
    assert.equal(reasoning.kind === 'reasoning' && reasoning.text, 'Two cities: call get_weather once per city, in parallel.');
    assert.equal(callL.kind, 'tool_call');
    if (callL.kind === 'tool_call') {
      assert.equal(callL.name, 'get_weather');
      assert.equal(callL.callId, 'call_lisbon');
      assert.deepEqual(callL.arguments, { city: 'Lisbon' }, 'parsed arguments from ToolExecution win over the JSON string');
      assert.deepEqual(callL.tokens, { input: 300, output: 40, cacheRead: 128 }, 'a tool-calling message keeps its tokens');
      assert.equal(callL.latencyMs, 1200);
      assert.equal(callL.model, 'gpt-4o', 'the agent model from agent_data');
    }
    assert.equal(callP.kind === 'tool_call' && callP.callId, 'call_porto');
    assert.equal(resL.kind, 'tool_result');
    if (resL.kind === 'tool_result') {
      assert.equal(resL.callId, 'call_lisbon');
      assert.equal(resL.result, '{"temp_c": 24, "sky": "sunny"}');
      assert.equal(resL.isError, undefined);
      assert.equal(resL.latencyMs, 350, 'ToolExecution duration in seconds → ms');
    }
    assert.equal(resP.kind, 'tool_result');
    if (resP.kind === 'tool_result') {
      assert.equal(resP.isError, true);
      assert.equal(resP.name, 'get_weather');
      assert.equal(resP.result, 'Error: weather service unavailable (503)');
    }
    assert.equal(
      answer.kind === 'assistant_message' && answer.text,
      "Lisbon is sunny at 24 °C. I could not get Porto's weather right now.",
    );
    assert.deepEqual(answer.tokens, { input: 260, output: 170 });
    assert.equal(answer.latencyMs, 2100);
    assert.equal(answer.costUsd, undefined, 'Agno gives no cost');
  });

  it('counts tokens without adding cache into input, and agrees with the run metrics', () => {
    assert.deepEqual(run1.totals.tokens, { input: 560, output: 210, cacheRead: 128 });
    assert.deepEqual(
      run1.providerTotals,
      { tokens: { input: 560, output: 210, cacheRead: 128 }, latencyMs: 5250, timeToFirstTokenMs: 410 },
      "agno's own run figures, its time to first token among them",
    );
    assert.deepEqual(compareTotals(run1.totals, run1.providerTotals), []);
    assert.equal(run1.totals.errors, 1);
    assert.equal(run1.totals.costUsd, undefined);
    assert.deepEqual(
      session.providerTotals,
      { tokens: { input: 760, output: 264, cacheRead: 128 } },
      'zero counts agno never measured are left out',
    );
    assert.deepEqual(compareTotals(session.totals, session.providerTotals), []);
  });

  it('prefers stored events for order and timing', () => {
    assert.deepEqual(kinds(run2.events), [
      'user_message',
      'other',
      'reasoning',
      'tool_call',
      'tool_result',
      'other',
      'other',
      'assistant_message',
    ]);
    const [user, started, reasoning, call, result, memStart, memDone, answer] = run2.events;
    assert.equal(user.kind === 'user_message' && user.text, 'Thanks! Save that for later.');
    assert.equal(started.kind === 'other' && started.type, 'RunStarted');
    assert.equal(started.kind === 'other' && started.fields.model, 'gpt-4o');
    assert.equal(reasoning.kind === 'reasoning' && reasoning.text, 'Store the forecast with save_note.');
    assert.equal(call.kind === 'tool_call' && call.name, 'save_note');
    assert.deepEqual(call.kind === 'tool_call' && call.arguments, { text: 'Lisbon 24 °C sunny' });
    assert.equal(result.kind === 'tool_result' && result.result, 'ok');
    assert.equal(result.latencyMs, 50);
    assert.equal(memStart.kind === 'other' && memStart.type, 'MemoryUpdateStarted');
    assert.deepEqual(memDone.kind === 'other' && memDone.fields.memories, ['User likes Lisbon']);
    assert.equal(answer.kind === 'assistant_message' && answer.text, 'Saved.');
    assert.deepEqual(answer.tokens, { input: 200, output: 54 });
    assert.equal(answer.latencyMs, undefined, "the run's duration is the run's (providerTotals), not the answer's");
    assert.equal(run2.providerTotals?.latencyMs, 3500);
    assert.equal(answer.model, 'gpt-4o');
    assert.equal(answer.provider, 'OpenAI');
    assert.equal(answer.timeMs, T0 + 83000);
    assert.equal(run2.events.filter((e) => e.kind === 'user_message').length, 1, 'messages replayed from history are not repeated');
    assert.equal(run2.model, 'gpt-4o');
    assert.equal(run2.status, 'COMPLETED');
  });

  it('gives every event a unique id and keeps raw payloads with unknown fields', () => {
    const ids = session.runs.flatMap((r) => r.events.map((e) => e.id));
    assert.equal(new Set(ids).size, ids.length);
    const memDone = run2.events[6];
    assert.deepEqual((memDone.raw as Record<string, unknown>).memories, ['User likes Lisbon']);
    const system = run1.events[0];
    assert.equal((system.raw as Record<string, unknown>).stop_after_tool_call, false);
    assert.equal((run1.raw as Record<string, unknown>).run_response_format, 'text');
  });

  it('falls back to chat_history without runs, one run per user turn', () => {
    const s = mapAgnoSession(detail, undefined);
    assert.equal(s.runs.length, 2);
    assert.deepEqual(kinds(s.runs[0].events), ['system_message', 'user_message', 'assistant_message']);
    assert.deepEqual(kinds(s.runs[1].events), ['user_message', 'assistant_message']);
    assert.deepEqual(s.totals.tokens, { input: 760, output: 264 });
    assert.deepEqual(mapAgnoSession(detail, []).runs.length, 2, 'an empty run list also falls back');
    const seed = mapAgnoSession({ session_id: 's', session_name: 'n', chat_history: [] }, undefined);
    assert.deepEqual(seed.runs, []);
  });

  it('says why a session has no events: no runs and no history, or runs without messages', () => {
    assert.equal(session.emptyReason, undefined, 'a session with events has no reason');
    const never = mapAgnoSession({ session_id: 's', session_name: 'n', chat_history: null }, []);
    assert.match(never.emptyReason ?? '', /^AgentOS has no runs and no chat history stored for this session/);
    const bare = mapAgnoSession({ session_id: 's', session_name: 'n' }, [
      { run_id: 'r1', status: 'COMPLETED' },
      { run_id: 'r2', status: 'COMPLETED' },
    ]);
    assert.equal(
      bare.runs.reduce((n, r) => n + r.events.length, 0),
      0,
      'the fixture is what it says: runs without anything to show',
    );
    assert.equal(bare.emptyReason, 'AgentOS returned 2 runs for this session, none with messages or events.');
  });

  it('maps team sessions: member runs follow their leader run and say whose they are', () => {
    const s = mapAgnoSession(
      { session_id: 'team-s', session_name: 'Research', team_id: 'research-team', team_data: { name: 'Research Team' } },
      [
        {
          run_id: 'member-1',
          parent_run_id: 'lead-1',
          agent_id: 'web-researcher',
          run_input: 'Find sources on solar panels',
          content: 'Three sources found.',
          created_at: '2025-09-05T10:00:02Z',
        },
        {
          run_id: 'lead-1',
          parent_run_id: '',
          team_id: 'research-team',
          run_input: 'Summarise solar panel research',
          content: 'Here is the summary.',
          created_at: '2025-09-05T10:00:00Z',
          events: [
            { event: 'TeamRunStarted', created_at: 1757066400, team_id: 'research-team', model: 'gpt-4o', model_provider: 'OpenAI' },
            {
              event: 'TeamToolCallStarted',
              created_at: 1757066401,
              tool: { tool_call_id: 'd1', tool_name: 'delegate_task_to_member', tool_args: { member_id: 'web-researcher' } },
            },
            {
              event: 'TeamToolCallCompleted',
              created_at: 1757066405,
              tool: { tool_call_id: 'd1', tool_name: 'delegate_task_to_member', result: 'Three sources found.', child_run_id: 'member-1' },
            },
            {
              event: 'TeamRunCompleted',
              created_at: 1757066406,
              content: 'Here is the summary.',
              metrics: { input_tokens: 10, output_tokens: 5 },
            },
          ],
        },
      ],
    );
    assert.equal(s.agentId, 'research-team');
    assert.equal(s.agentName, 'Research Team');
    assert.equal(s.metadata.session_type, 'team');
    assert.deepEqual(
      s.runs.map((r) => [r.id, r.title]),
      [
        ['lead-1', undefined],
        ['member-1', 'Member run: web-researcher'],
      ],
    );
    assert.deepEqual(kinds(s.runs[0].events), ['user_message', 'other', 'tool_call', 'tool_result', 'assistant_message']);
    assert.equal(s.runs[0].events[2].kind === 'tool_call' && s.runs[0].events[2].name, 'delegate_task_to_member');
    assert.deepEqual(kinds(s.runs[1].events), ['user_message', 'assistant_message']);
    assert.equal(s.runs[1].events[1].model, undefined, "a member run does not borrow the team's model");
  });

  it('maps workflow runs with the runs of their steps after them', () => {
    const s = mapAgnoSession({ session_id: 'wf-s', session_name: 'Blog', workflow_id: 'blog-flow', workflow_name: 'Blog Post Flow' }, [
      {
        run_id: 'wf-1',
        workflow_id: 'blog-flow',
        run_input: 'Write about tides',
        content: 'Final post',
        events: [
          { event: 'WorkflowStarted', created_at: 1757066400 },
          { event: 'StepCompleted', created_at: 1757066410, content: 'Outline done', step_name: 'outline' },
          { event: 'WorkflowCompleted', created_at: 1757066420, content: 'Final post' },
        ],
        step_executor_runs: [
          {
            run_id: 'step-1',
            agent_id: 'writer',
            agent_name: 'Writer',
            parent_run_id: 'wf-1',
            run_input: 'Outline tides',
            content: 'Outline done',
          },
        ],
      },
    ]);
    assert.equal(s.agentName, 'Blog Post Flow');
    assert.deepEqual(
      s.runs.map((r) => [r.id, r.title]),
      [
        ['wf-1', undefined],
        ['step-1', 'Step run: Writer'],
      ],
    );
    // Step events are shown as they are; WorkflowCompleted's content is the workflow's answer.
    assert.deepEqual(kinds(s.runs[0].events), ['user_message', 'other', 'other', 'assistant_message']);
    assert.equal(s.runs[0].events[3].kind === 'assistant_message' && s.runs[0].events[3].text, 'Final post');
    assert.equal(s.runs[0].events[2].kind === 'other' && s.runs[0].events[2].text, 'Outline done');
    assert.throws(
      () => mapAgnoSession({ session_id: 'wf-s' }, [{ run_id: 'wf-1', step_executor_runs: [{ run_id: 7 }] }]),
      (e: unknown) => e instanceof ResponseShapeError && e.fieldPath === 'runs[0].step_executor_runs[0].run_id',
    );
  });

  it('does not count tokens twice when per-request counts and the run total are both stored', () => {
    const run = mapAgnoRun({
      run_id: 'r',
      run_input: 'hi',
      status: 'COMPLETED',
      metrics: { input_tokens: 30, output_tokens: 12, cache_read_tokens: 20 },
      events: [
        {
          event: 'ModelRequestCompleted',
          created_at: 1757066400,
          model: 'claude-x',
          model_provider: 'Anthropic',
          input_tokens: 10,
          output_tokens: 4,
          cache_read_tokens: 20,
        },
        { event: 'ModelRequestCompleted', created_at: 1757066401, input_tokens: 20, output_tokens: 8 },
        {
          event: 'RunCompleted',
          created_at: 1757066402,
          content: 'hello',
          metrics: { input_tokens: 30, output_tokens: 12, cache_read_tokens: 20 },
        },
      ],
    });
    assert.deepEqual(run.totals.tokens, { input: 30, output: 12, cacheRead: 20 });
    assert.deepEqual(compareTotals(run.totals, run.providerTotals), []);
    assert.equal(run.events[1].kind, 'model_call');
    assert.equal(run.events[1].model, 'claude-x');
    assert.equal(run.events[3].kind, 'assistant_message');
    assert.equal(run.events[3].tokens, undefined);
    assert.equal(run.totals.requests, 2);
  });

  it('shows two runs that share a run_id as two runs with unique ids, and a duration too large for milliseconds as unknown', () => {
    const s = mapAgnoSession({ session_id: 'dup' }, [
      { run_id: 'same', run_input: 'first', content: 'one' },
      { run_id: 'same', run_input: 'second', content: 'two', metrics: { duration: 1.7976931348623157e308 } },
    ]);
    assert.deepEqual(
      s.runs.map((r) => [r.id, ofKindText(r.events)]),
      [
        ['same', 'one'],
        ['same#2', 'two'],
      ],
    );
    const ids = s.runs.flatMap((r) => r.events.map((e) => e.id));
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(s.runs[1].providerTotals, undefined, 'no Infinity latency');
  });

  it('keeps the run cost when per-request events carry tokens but no cost (agno never prices a request)', () => {
    const run = mapAgnoRun({
      run_id: 'r',
      run_input: 'hi',
      status: 'COMPLETED',
      metrics: { input_tokens: 10, output_tokens: 4, cost: 0.002 },
      events: [
        { event: 'ModelRequestStarted', created_at: 1757066400, model: 'm' },
        {
          event: 'ModelRequestCompleted',
          created_at: 1757066401,
          model: 'm',
          input_tokens: 10,
          output_tokens: 4,
          time_to_first_token: 0.25,
        },
        { event: 'RunCompleted', created_at: 1757066402, content: 'hello', metrics: { input_tokens: 10, output_tokens: 4, cost: 0.002 } },
      ],
    });
    const [call] = run.events.filter((e) => e.kind === 'model_call');
    assert.deepEqual(
      [call.tokens, call.costUsd, call.kind === 'model_call' && call.timeToFirstTokenMs],
      [{ input: 10, output: 4 }, undefined, 250],
    );
    assert.equal(run.totals.costUsd, 0.002);
    assert.deepEqual(compareTotals(run.totals, run.providerTotals), []);
  });

  it('takes a cost only where the model provider reported one', () => {
    const run = mapAgnoRun({
      run_id: 'priced',
      run_input: 'hi',
      metrics: { input_tokens: 12, output_tokens: 3, cost: 0.00042 },
      messages: [
        { role: 'user', content: 'hi', created_at: 1757066400 },
        { role: 'assistant', content: 'hello', metrics: { input_tokens: 12, output_tokens: 3, cost: 0.00042 }, created_at: 1757066401 },
      ],
    });
    assert.equal(run.events[1].costUsd, 0.00042);
    assert.equal(run.totals.costUsd, 0.00042);
    assert.equal(run.providerTotals?.costUsd, 0.00042);
    assert.deepEqual(compareTotals(run.totals, run.providerTotals), []);
  });

  it('merges stored content chunks, and maps errors and cancellations', () => {
    const run = mapAgnoRun({
      run_id: 'r2',
      run_input: 'tell me',
      status: 'CANCELLED',
      events: [
        { event: 'RunContent', created_at: 1757066400, content: 'Once ' },
        { event: 'RunContent', created_at: 1757066400, content: 'upon a time' },
        {
          event: 'ToolCallError',
          created_at: 1757066401,
          tool: { tool_call_id: 't', tool_name: 'story_db', tool_call_error: true },
          error: 'db offline',
        },
        { event: 'RunError', created_at: 1757066402, content: 'Model overloaded', error_type: 'ModelProviderError' },
        { event: 'RunCancelled', created_at: 1757066403, reason: 'user pressed stop' },
      ],
    });
    assert.deepEqual(kinds(run.events), ['user_message', 'assistant_message', 'tool_result', 'error', 'other']);
    const [, answer, failed, error, cancelled] = run.events;
    assert.equal(answer.kind === 'assistant_message' && answer.text, 'Once upon a time');
    assert.equal(answer.kind === 'assistant_message' && answer.interrupted, true);
    assert.equal(failed.kind === 'tool_result' && failed.isError, true);
    assert.equal(failed.kind === 'tool_result' && failed.result, 'db offline');
    assert.deepEqual(
      [error.kind === 'error' && error.code, error.kind === 'error' && error.message],
      ['ModelProviderError', 'Model overloaded'],
    );
    assert.equal(cancelled.kind === 'other' && cancelled.text, 'user pressed stop');
    assert.equal(run.totals.errors, 2);
  });

  it('maps an event of an unknown name to "other" with all its fields', () => {
    const e = mapAgnoRunEvent({ event: 'CustomEvent', created_at: 1757066400, run_id: 'r', payload: { step: 3 }, note: null }, 'fallback');
    assert.equal(e.kind, 'other');
    assert.equal(e.kind === 'other' && e.type, 'CustomEvent');
    assert.deepEqual(e.kind === 'other' && e.fields, { event: 'CustomEvent', created_at: 1757066400, run_id: 'r', payload: { step: 3 } });
    assert.equal(e.runId, 'r');
  });

  it('names the field path of a value of the wrong type', () => {
    const { detail: d, runs: rs } = split();
    (rs[1].events as Array<Record<string, unknown>>)[2].created_at = true;
    assert.throws(
      () => mapAgnoSession(d, rs),
      (e: unknown) =>
        e instanceof ResponseShapeError &&
        e.fieldPath === 'runs[1].events[2].created_at' &&
        /^Agno returned a session that does not fit: runs\[1\]\.events\[2\]\.created_at: /.test(e.message),
    );
    assert.throws(() => mapAgnoSession({ session_name: 'x' }, undefined), /session_id: expected string/);
    assert.throws(
      () => mapAgnoSession({ session_id: 's', chat_history: [{ role: 'user', metrics: { input_tokens: 'many' } }] }, undefined),
      /chat_history\[0\]\.metrics\.input_tokens: expected number/,
    );
  });

  it('maps agents, teams and workflows', () => {
    const agent = mapAgnoAgent({
      id: 'weather-agent',
      name: 'Weather Agent',
      db_id: 'db',
      description: 'Weather facts',
      model: { name: 'OpenAIChat', model: 'gpt-4o', provider: 'OpenAI' },
    });
    assert.deepEqual(
      { ...agent, raw: undefined },
      { id: 'weather-agent', name: 'Weather Agent', type: 'agent', description: 'Weather facts', model: 'gpt-4o', raw: undefined },
    );
    assert.equal(mapAgnoAgent({ id: 'team', name: 'Team', members: [{ id: 'a' }] }).type, 'team');
    assert.equal(mapAgnoAgent({ id: 'wf', name: 'Flow' }, 'workflow').type, 'workflow');
    assert.equal(mapAgnoAgent({ id: 'nameless' }).name, 'nameless');
    assert.throws(() => mapAgnoAgent({ name: 'no id' }), /an agent that does not fit: id/);
  });

  it('maps session rows and pages', () => {
    const row = {
      session_id: '6f6cfbfd-9643-479a-ae47-b8f32eb4d710',
      session_name: 'What tools do you have?',
      session_state: {},
      created_at: '2025-09-05T16:02:09Z',
      updated_at: '2025-09-05T16:02:09Z',
      total_tokens: 160,
    };
    assert.deepEqual(mapAgnoSessionSummary(row, 'basic-agent'), {
      id: '6f6cfbfd-9643-479a-ae47-b8f32eb4d710',
      agentId: 'basic-agent',
      title: 'What tools do you have?',
      createdAt: '2025-09-05T16:02:09Z',
      updatedAt: '2025-09-05T16:02:09Z',
      tokens: 160,
    });
    const list = {
      data: [row, { session_id: 'abcdef12-0000', session_name: '' }],
      meta: { page: 1, limit: 2, total_count: 5, total_pages: 3 },
    };
    assert.ok(AgnoSessionListSchema.safeParse(list).success);
    const page = mapAgnoSessionPage(list, 'basic-agent');
    assert.equal(page.items.length, 2);
    assert.equal(page.items[1].title, 'Session abcdef12');
    assert.equal(page.nextCursor, '2');
    assert.equal(mapAgnoSessionPage({ ...list, meta: { ...list.meta, page: 3 } }, 'a').nextCursor, undefined);
    assert.throws(() => mapAgnoSessionPage({ data: [{}] }, 'a'), /data\[0\]\.session_id/);
  });
});

function ofKindText(events: SessionEvent[]): string | undefined {
  const a = events.filter((e) => e.kind === 'assistant_message').at(-1);
  return a?.kind === 'assistant_message' ? a.text : undefined;
}
