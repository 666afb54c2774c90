// The Agno provider against a real AgentOS: test/agno-peer/server.py runs agno (pinned in
// test/agno-peer/requirements.txt) with a scripted model, after writing its conversations through
// agno itself. Every expectation below comes from the peer's dump of what agno wrote, never from
// hand-written values: where the provider and the real server disagree, the server is right.
import assert from 'node:assert/strict';
import { SessionSchema, type Connection, type Run, type SessionEvent, type SessionSummary, type TokenUsage } from '../../src/model';
import { createProvider, ProviderError, type SessionProvider } from '../../src/providers';
import { AgnoProvider } from '../../src/providers/agno/provider';
import { startAgnoPeer, type AgnoDump, type AgnoPeer } from '../agno-peer/start';
import { ofKind } from './helpers';

type DumpRun = AgnoDump['runs'][string][number];

const connection = (baseUrl: string): Connection => ({ id: 'agno-peer', kind: 'agno', label: 'Agno peer', baseUrl });
const ms = (seconds: number) => seconds * 1000;

/** agno's MessageMetrics / RunMetrics / SessionMetrics leave out zero counts; so does the model. */
function tokensOf(m: Record<string, number | undefined>): TokenUsage {
  const t: TokenUsage = {};
  if (m.input_tokens) t.input = m.input_tokens;
  if (m.output_tokens) t.output = m.output_tokens;
  if (m.cache_read_tokens) t.cacheRead = m.cache_read_tokens;
  if (m.cache_write_tokens) t.cacheWrite = m.cache_write_tokens;
  if (m.reasoning_tokens) t.reasoning = m.reasoning_tokens;
  return t;
}

/** Seconds (agno) vs milliseconds (model), allowing for the mapping's rounding to microseconds. */
function assertSecondsAsMs(actualMs: number | undefined, seconds: number, what: string): void {
  assert.ok(actualMs !== undefined, `${what}: missing`);
  assert.ok(Math.abs(actualMs - seconds * 1000) < 0.002, `${what}: ${actualMs} ms is not ${seconds} s`);
}

/**
 * The checks of one run with tool calls, a failed tool and reasoning against agno's stored run,
 * one aspect per test so a run that differs in several ways reports each of them.
 */
const RUN_CHECKS: Array<[string, (run: Run, want: DumpRun) => void]> = [
  [
    'run id, status, model and time',
    (run, want) => {
      assert.equal(run.id, want.run_id);
      assert.equal(Date.parse(run.createdAt ?? ''), ms(want.created_at), 'run createdAt');
      assert.equal(run.status, want.status);
      assert.equal(run.model, want.model, 'run model');
      for (const e of run.events) {
        assert.equal(e.runId, want.run_id, `runId of ${e.id}`);
        if (e.model !== undefined) assert.equal(e.model, want.model, `model of ${e.kind} ${e.id}`);
        // agno stamps messages, tools and events in whole seconds, all within the run.
        assert.ok(
          e.timeMs !== undefined && e.timeMs >= ms(want.created_at) && e.timeMs <= ms(want.created_at) + 5000,
          `time of ${e.kind} ${e.id}: ${e.timeMs}`,
        );
      }
    },
  ],
  [
    "the user's input and the system prompt",
    (run, want) => {
      const ev = run.events;
      const messages = want.messages as Array<Record<string, any>>;
      assert.deepEqual(
        ofKind(ev, 'user_message').map((e) => e.text),
        [want.input.input_content],
      );
      // The run's start or the user message's own stamp: agno writes both, a second apart at most.
      const stamps = [want.created_at, messages.find((m) => m.role === 'user')?.created_at].map((t) => ms(t));
      assert.ok(
        stamps.includes(ofKind(ev, 'user_message')[0].timeMs!),
        `user message time ${ofKind(ev, 'user_message')[0].timeMs} is one of ${stamps.join(', ')}`,
      );
      const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
      assert.ok(system.length, 'agno stored a system message');
      assert.deepEqual(
        ofKind(ev, 'system_message').map((e) => e.text),
        system,
      );
    },
  ],
  [
    'the reasoning text, before the tool calls it led to',
    (run, want) => {
      const ev = run.events;
      const reasoning = ofKind(ev, 'reasoning');
      assert.equal(reasoning.map((r) => r.text).join(''), want.reasoning_content);
      // agno stored the reasoning on the assistant message that made the tool calls.
      const caller = (want.messages as Array<Record<string, any>>).find((m) => m.role === 'assistant' && m.tool_calls?.length);
      assert.equal(caller?.reasoning_content, want.reasoning_content, 'agno put the reasoning on the tool-calling message');
      const firstCall = ev.findIndex((e) => e.kind === 'tool_call');
      assert.ok(ev.indexOf(reasoning[0]) > ev.findIndex((e) => e.kind === 'user_message'), 'reasoning follows the user message');
      assert.ok(
        ev.indexOf(reasoning[0]) < firstCall,
        `reasoning (#${ev.indexOf(reasoning[0])}) precedes the first tool call (#${firstCall})`,
      );
    },
  ],
  [
    'each tool: name, arguments, result, error flag, duration and time, one call and one result',
    (run, want) => {
      const ev = run.events;
      const tools = want.tools as Array<Record<string, any>>;
      assert.ok(tools.some((t) => t.tool_call_error) && tools.some((t) => !t.tool_call_error), 'the peer wrote a good and a failed tool');
      assert.equal(ofKind(ev, 'tool_call').length, tools.length, 'one tool_call per ToolExecution');
      for (const t of tools) {
        const calls = ofKind(ev, 'tool_call').filter((c) => c.callId === t.tool_call_id);
        const results = ofKind(ev, 'tool_result').filter((r) => r.callId === t.tool_call_id);
        assert.equal(calls.length, 1, `one tool_call for ${t.tool_name}`);
        assert.equal(results.length, 1, `one tool_result for ${t.tool_name} (got ${results.length})`);
        const [call] = calls;
        const [result] = results;
        assert.equal(call.name, t.tool_name);
        assert.deepEqual(call.arguments, t.tool_args, `arguments of ${t.tool_name}`);
        // The ToolExecution's stamp or that of the message that made the call (a second apart at most).
        const caller = (want.messages as Array<Record<string, any>>).find((m) =>
          m.tool_calls?.some((c: { id: string }) => c.id === t.tool_call_id),
        );
        const stamps = [t.created_at, caller?.created_at].map((x) => ms(x));
        assert.ok(stamps.includes(call.timeMs!), `time of ${t.tool_name}: ${call.timeMs} is one of ${stamps.join(', ')}`);
        assert.equal(result.name, t.tool_name);
        assert.equal(result.result, t.result, `result of ${t.tool_name}`);
        assert.equal(result.isError === true, t.tool_call_error === true, `error flag of ${t.tool_name}`);
        assertSecondsAsMs(result.latencyMs, t.metrics.duration, `duration of ${t.tool_name}`);
        assert.ok(ev.indexOf(result) > ev.indexOf(call), `${t.tool_name}'s result follows its call`);
      }
      assert.equal(run.totals.errors, tools.filter((t) => t.tool_call_error).length, 'failed tools counted as errors');
    },
  ],
  [
    'the answer, after every tool result',
    (run, want) => {
      const ev = run.events;
      const answers = ofKind(ev, 'assistant_message');
      assert.deepEqual(
        answers.map((a) => a.text),
        [want.content],
      );
      assert.ok(ofKind(ev, 'tool_result').every((r) => ev.indexOf(r) < ev.indexOf(answers[0])));
    },
  ],
  [
    'token metrics and duration: the run total and the sum over its events',
    (run, want) => {
      // agno's run metrics are the sum of its per-request metrics; zero counts mean "not measured".
      assert.deepEqual(run.providerTotals?.tokens, tokensOf(want.metrics), "the run's own token metrics");
      assertSecondsAsMs(run.providerTotals?.latencyMs, want.metrics.duration, 'run duration');
      assert.deepEqual(run.totals.tokens, tokensOf(want.metrics), 'tokens summed over the events');
    },
  ],
];

describe('Agno provider against a real AgentOS (test/agno-peer)', function () {
  this.timeout(20_000);
  let peer: AgnoPeer;
  let provider: SessionProvider;
  let dump: AgnoDump;

  before(async function () {
    // The first run on a machine creates the virtualenv (pip, ~20-60 s); later runs reuse it.
    this.timeout(600_000);
    peer = await startAgnoPeer();
    dump = peer.dump;
    provider = createProvider(connection(peer.baseUrl), peer.key, { maxRetries: 0, timeoutMs: 10_000 });
  });

  after(async () => {
    await peer?.stop();
  });

  const sessionsOf = (agentId: string) => dump.sessions.filter((s) => s.agent_id === agentId).sort((a, b) => b.created_at - a.created_at);
  const runsOf = (sessionId: string) => dump.runs[sessionId] ?? [];

  it('lists the agents with their names, descriptions and models', async () => {
    const listed = await provider.listAgents();
    const agents = listed.filter((a) => a.type === 'agent');
    assert.deepEqual(agents.map((a) => a.id).sort(), dump.agents.map((a) => a.agent_id).sort());
    for (const [type, want] of [
      ['team', dump.teams.map((t) => [t.team_id, t.name])],
      ['workflow', dump.workflows.map((w) => [w.workflow_id, w.name])],
    ] as const) {
      assert.deepEqual(
        listed
          .filter((a) => a.type === type)
          .map((a) => [a.id, a.name])
          .sort(),
        [...want].sort(),
        `the ${type}s`,
      );
    }
    for (const t of dump.teams) assert.equal(listed.find((a) => a.id === t.team_id)?.model, t.model.id, `model of team ${t.team_id}`);
    for (const want of dump.agents) {
      const a = agents.find((x) => x.id === want.agent_id)!;
      assert.equal(a.name, want.name);
      assert.equal(a.type, 'agent');
      assert.equal(a.model, want.model.id, `model of ${want.agent_id}`);
      assert.equal(a.description, want.description ?? undefined, `description of ${want.agent_id}`);
    }
  });

  for (const [agentId, pageSize] of [
    ['echo', 1],
    ['echo', 2],
    ['helper', 1],
  ] as const) {
    it(`pages ${agentId}'s sessions ${pageSize} at a time, newest first, forward and back again`, async () => {
      const expected = sessionsOf(agentId);
      assert.ok(expected.length > pageSize, 'the peer wrote more sessions than fit on a page');
      const pages: Array<{ cursor: string | undefined; items: SessionSummary[] }> = [];
      let cursor: string | undefined;
      do {
        const page = await provider.listSessions(agentId, cursor, pageSize);
        assert.ok(page.items.length >= 1 && page.items.length <= pageSize, `page ${pages.length + 1} holds 1..${pageSize} sessions`);
        pages.push({ cursor, items: page.items });
        assert.ok(page.nextCursor === undefined || !pages.some((p) => p.cursor === page.nextCursor), 'the cursor moves forward');
        cursor = page.nextCursor;
      } while (cursor !== undefined && pages.length <= expected.length);
      const ids = pages.flatMap((p) => p.items.map((s) => s.id));
      assert.equal(new Set(ids).size, ids.length, `no duplicates: ${ids.join(', ')}`);
      assert.deepEqual(
        ids,
        expected.map((s) => s.session_id),
        'every session once, newest first',
      );
      assert.equal(pages.length, Math.ceil(expected.length / pageSize));

      // Back again: every cursor still names the same page, so a view can re-read earlier pages.
      for (const p of [...pages].reverse()) assert.deepEqual((await provider.listSessions(agentId, p.cursor, pageSize)).items, p.items);

      for (const s of pages.flatMap((p) => p.items)) {
        const want = expected.find((w) => w.session_id === s.id)!;
        assert.equal(s.agentId, agentId);
        assert.equal(Date.parse(s.createdAt ?? ''), ms(want.created_at), `createdAt of ${s.id}`);
        assert.equal(Date.parse(s.updatedAt ?? ''), ms(want.updated_at), `updatedAt of ${s.id}`);
        assert.equal(s.tokens, want.session_data.session_metrics.total_tokens, `tokens of ${s.id}`);
        // agno names a session after its first input when nobody named it.
        assert.equal(s.title, runsOf(s.id)[0].input.input_content, `title of ${s.id}`);
      }
    });
  }

  it('maps a session: its facts, totals and runs in agno order', async () => {
    const want = dump.sessions.find((s) => s.session_id === 's-tools')!;
    const wantRuns = runsOf('s-tools');
    const session = await provider.getSession('helper', 's-tools');
    assert.doesNotThrow(() => SessionSchema.parse(session));
    assert.equal(session.id, 's-tools');
    assert.equal(session.provider, 'agno');
    assert.equal(session.connectionId, 'agno-peer');
    assert.equal(session.agentId, want.agent_id);
    assert.equal(session.agentName, want.agent_data.name);
    assert.equal(session.title, wantRuns[0].input.input_content);
    assert.equal(Date.parse(session.createdAt ?? ''), ms(want.created_at));
    assert.equal(Date.parse(session.updatedAt ?? ''), ms(want.updated_at));
    assert.equal(session.metadata.user_id, want.user_id);
    assert.equal(session.metadata.model, want.agent_data.model.id);
    assert.equal(session.metadata.model_provider, want.agent_data.model.provider);
    assert.deepEqual(session.providerTotals?.tokens, tokensOf(want.session_data.session_metrics), 'the session metrics agno keeps');
    assert.deepEqual(session.totals.tokens, tokensOf(want.session_data.session_metrics), 'tokens summed over all runs');
    assert.deepEqual(
      session.runs.map((r) => r.id),
      wantRuns.map((r) => r.run_id),
      'runs in agno order',
    );
    const [, second] = session.runs;
    assert.deepEqual(
      ofKind(second.events, 'user_message').map((e) => e.text),
      [wantRuns[1].input.input_content],
    );
    assert.deepEqual(
      ofKind(second.events, 'assistant_message').map((e) => e.text),
      [wantRuns[1].content],
    );
    assert.deepEqual(second.totals.tokens, tokensOf(wantRuns[1].metrics));
  });

  // Two sessions of the same conversation: one agno stored without events (a plain run: the
  // mapping walks messages and tools), one with events (a streamed run, store_events=True).
  for (const [sessionId, how] of [
    ['s-tools', 'stored without events'],
    ['s-stream', 'stored with its events'],
  ] as const) {
    describe(`a run with tool calls, a failed tool and reasoning, ${how} (${sessionId})`, () => {
      let run: Run;
      let want: DumpRun;
      before(async () => {
        want = runsOf(sessionId)[0];
        assert.equal(Boolean(want.events?.length), sessionId === 's-stream', 'the peer stored events for the streamed run only');
        const session = await provider.getSession('helper', sessionId);
        assert.doesNotThrow(() => SessionSchema.parse(session));
        run = session.runs.find((r) => r.id === want.run_id)!;
        assert.ok(run, `run ${want.run_id} is mapped`);
      });
      for (const [what, check] of RUN_CHECKS) it(what, () => check(run, want));
      if (sessionId === 's-stream') {
        it('keeps the events the model has no kind for (RunStarted…) as other events; each model request is one model call', () => {
          const other = ofKind(run.events, 'other').map((e) => e.type);
          assert.ok(other.includes('RunStarted') && !other.some((t) => t.startsWith('ModelRequest')), `kept as other: ${other.join(', ')}`);
          const requests = (want.events as Array<Record<string, any>>).filter((e) => e.event === 'ModelRequestCompleted');
          const calls = ofKind(run.events, 'model_call');
          assert.equal(calls.length, requests.length, 'one model call per ModelRequestStarted/Completed pair');
          calls.forEach((c, i) => {
            assert.equal(c.model, requests[i].model, `model of call ${i}`);
            assert.deepEqual(c.tokens, tokensOf(requests[i]), `tokens of call ${i}`);
            assert.deepEqual(
              (c.raw as Array<Record<string, any>>).map((e) => e.event),
              ['ModelRequestStarted', 'ModelRequestCompleted'],
            );
          });
          assert.equal(run.totals.requests, requests.length);
        });
      }
    });
  }

  it('says the token was rejected when the key is wrong, without showing the key', async () => {
    const wrong = 'wrong-key-0123456789';
    const bad = createProvider(connection(peer.baseUrl), wrong, { maxRetries: 0, timeoutMs: 10_000 });
    const err = await bad.listAgents().then(
      () => assert.fail('a wrong key was accepted'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ProviderError, `a ProviderError, got ${String(err)}`);
    assert.equal(err.code, 'auth');
    assert.equal(err.details?.status, 401);
    assert.equal(err.details?.action, 'setToken');
    assert.match(err.message, /rejected the token/);
    assert.ok(!err.message.includes(wrong) && !err.message.includes(peer.key), 'no key in the message');
    await assert.rejects(bad.getSession('helper', 's-tools'), (e: unknown) => e instanceof ProviderError && e.code === 'auth');
  });

  const chat = typeof (AgnoProvider.prototype as SessionProvider).sendMessage === 'function';
  (chat ? it : it.skip)(
    `streams a run through POST /agents/{id}/runs event by event, ending with the run GET /sessions/{id}/runs returns${chat ? '' : ' (skipped: AgnoProvider.sendMessage does not exist yet)'}`,
    async function () {
      const streamed: Array<{ e: SessionEvent; at: number }> = [];
      const message = 'Streamed: weather and stock please';
      const result = await provider.sendMessage!({ agentId: 'helper', message, userId: 'ada@example.com' }, (e) =>
        streamed.push({ e, at: Date.now() }),
      );
      const done = Date.now();
      // The peer's model pauses 50 ms between chunks on this path: a buffered answer would hand
      // every event over at the end.
      assert.ok(streamed.length >= 4, `events arrive one by one (got ${streamed.length})`);
      assert.ok(done - streamed[0].at >= 150, `the first event came ${done - streamed[0].at} ms before the end: streamed, not buffered`);
      assert.ok(result.sessionId, 'a new session id');
      assert.ok(result.runId, 'the run id');
      // sendMessage's contract: a later delivery of the same id replaces the earlier one (a growing
      // answer or reasoning, a tool result completed by a later error). What the user sees is the
      // last delivery of each id, in the order the ids first arrived.
      const latest = new Map<string, SessionEvent>();
      for (const { e } of streamed) latest.set(e.id, e);
      const events = [...latest.values()];
      assert.ok(
        ofKind(events, 'tool_call').length >= 2 && ofKind(events, 'tool_result').some((r) => r.isError),
        'tool calls and the failure stream in',
      );
      // agno streams the model's reasoning as RunContent events carrying reasoning_content, before the calls.
      const firstReasoning = events.findIndex((e) => e.kind === 'reasoning');
      const firstCall = events.findIndex((e) => e.kind === 'tool_call');
      assert.ok(
        firstReasoning >= 0 && firstReasoning < firstCall,
        `the reasoning (#${firstReasoning}) streams in before the first tool call (#${firstCall})`,
      );

      // What agno stored for this run, straight from the server.
      const res = await fetch(`${peer.baseUrl}/sessions/${encodeURIComponent(result.sessionId)}/runs?type=agent`, {
        headers: { Authorization: `Bearer ${peer.key}` },
      });
      assert.equal(res.status, 200);
      const rawRun = ((await res.json()) as Array<Record<string, any>>).find((r) => r.run_id === result.runId);
      assert.ok(rawRun, `GET /sessions/${result.sessionId}/runs has run ${result.runId}`);
      assert.equal(rawRun.user_id, 'ada@example.com', 'agno stored the run under the user id the chat sent');
      const answer = ofKind(events, 'assistant_message')
        .map((e) => e.text)
        .join('');
      assert.equal(answer, rawRun.content, 'the streamed answer is the stored content');
      const rawTools = rawRun.tools as Array<Record<string, any>>;
      for (const t of rawTools) {
        const call = ofKind(events, 'tool_call').find((c) => c.callId === t.tool_call_id);
        assert.ok(call, `the streamed events have call ${t.tool_call_id}`);
        assert.deepEqual([call.name, call.arguments], [t.tool_name, t.tool_args]);
        const results = ofKind(events, 'tool_result').filter((r) => r.callId === t.tool_call_id);
        assert.deepEqual(
          results.map((r) => [r.result, r.isError === true]),
          [[t.result, t.tool_call_error === true]],
          `one streamed result for ${t.tool_name}`,
        );
      }

      // And the provider, opening that session, ends with the same run.
      const session = await provider.getSession('helper', result.sessionId);
      const stored = session.runs[session.runs.length - 1];
      assert.equal(stored.id, result.runId, 'the session ends with the streamed run');
      assert.equal(session.metadata?.user_id, 'ada@example.com', 'the session shows whose it is');
      assert.deepEqual(
        ofKind(stored.events, 'user_message').map((e) => e.text),
        [message],
      );
      assert.deepEqual(
        ofKind(stored.events, 'assistant_message').map((e) => e.text),
        [answer],
      );
      const calls = (list: SessionEvent[]) =>
        ofKind(list, 'tool_call')
          .map((c) => [c.callId, c.name, c.arguments])
          .sort();
      assert.deepEqual(calls(stored.events), calls(events), 'the same tool calls');
    },
  );

  it('a session made by POST /sessions and never run: no events, and the reason is what AgentOS returned for it', async () => {
    const headers = { Authorization: `Bearer ${peer.key}`, 'Content-Type': 'application/json' };
    const made = await fetch(`${peer.baseUrl}/sessions?type=agent`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ session_id: 's-never-run', session_name: 'Never run', agent_id: 'echo' }),
    });
    assert.equal(made.status, 201, await made.clone().text());
    // What agno itself says it holds for the session: no runs, no chat history.
    const runs = await fetch(`${peer.baseUrl}/sessions/s-never-run/runs?type=agent`, { headers });
    const storedRuns = runs.status === 200 ? ((await runs.json()) as unknown[]) : [];
    const detail = (await (await fetch(`${peer.baseUrl}/sessions/s-never-run?type=agent`, { headers })).json()) as Record<string, unknown>;
    assert.deepEqual([storedRuns.length, (detail.chat_history as unknown[] | undefined)?.length ?? 0], [0, 0]);

    const session = await provider.getSession('echo', 's-never-run');
    assert.equal(session.title, detail.session_name);
    assert.deepEqual(session.runs, []);
    assert.match(session.emptyReason ?? '', /^AgentOS has no runs and no chat history stored for this session/);
    const tools = await provider.getSession('helper', 's-tools');
    assert.equal(tools.emptyReason, undefined, 'a session with runs gives no reason');
  });
});
