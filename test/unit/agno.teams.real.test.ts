// Teams, workflows, failures and cache/cost against a real AgentOS (test/agno-peer: server.py and
// teams.py write every scenario through agno itself with scripted models, no network). Every
// expectation comes from what agno stored — its REST routes or its own db API (the dump) — never
// from hand-written values: where the provider and agno disagree, agno is right.
import assert from 'node:assert/strict';
import { SessionSchema, type Connection, type Run, type Session, type SessionEvent, type TokenUsage } from '../../src/model';
import { createProvider, type SessionProvider } from '../../src/providers';
import { startAgnoPeer, type AgnoDump, type AgnoPeer } from '../agno-peer/start';
import { ofKind } from './helpers';

type Json = Record<string, any>;

const connection = (baseUrl: string): Connection => ({ id: 'agno-peer', kind: 'agno', label: 'Agno peer', baseUrl });

/** agno leaves out zero counts (never measured); so does the model. */
function tokensOf(m: Json | undefined | null): TokenUsage {
  const t: TokenUsage = {};
  if (!m) return t;
  if (m.input_tokens) t.input = m.input_tokens;
  if (m.output_tokens) t.output = m.output_tokens;
  if (m.cache_read_tokens) t.cacheRead = m.cache_read_tokens;
  if (m.cache_write_tokens) t.cacheWrite = m.cache_write_tokens;
  if (m.reasoning_tokens) t.reasoning = m.reasoning_tokens;
  return t;
}

function addInto(a: TokenUsage, b: TokenUsage): TokenUsage {
  const out: TokenUsage = { ...a };
  for (const k of Object.keys(b) as Array<keyof TokenUsage>) out[k] = (out[k] ?? 0) + (b[k] ?? 0);
  return out;
}

const near = (a: number | undefined, b: number, what: string) =>
  assert.ok(a !== undefined && Math.abs(a - b) < 0.002, `${what}: ${a} is not ${b}`);

/** Every run agno wrote for a session, nested ones too (step executor runs, member_responses), by id. */
function storedRuns(top: Json[]): Map<string, Json> {
  const out = new Map<string, Json>();
  const visit = (r: Json) => {
    if (!r || out.has(r.run_id)) return;
    out.set(r.run_id, r);
    for (const s of r.step_executor_runs ?? []) visit(s);
    for (const m of r.member_responses ?? []) visit(m);
  };
  top.forEach(visit);
  return out;
}

describe('Agno teams and workflows against a real AgentOS (test/agno-peer)', function () {
  this.timeout(30_000);
  let peer: AgnoPeer;
  let provider: SessionProvider;
  let dump: AgnoDump;

  before(async function () {
    this.timeout(600_000);
    peer = await startAgnoPeer();
    dump = peer.dump;
    provider = createProvider(connection(peer.baseUrl), peer.key, { maxRetries: 0, timeoutMs: 20_000 });
  });
  after(async () => {
    await peer?.stop();
  });

  const rest = async (path: string): Promise<any> => {
    const res = await fetch(`${peer.baseUrl}${path}`, { headers: { Authorization: `Bearer ${peer.key}` } });
    assert.equal(res.status, 200, `GET ${path}`);
    return res.json();
  };
  const componentOf = (sessionId: string): { type: 'agent' | 'team' | 'workflow'; id: string } => {
    const s = dump.sessions.find((x) => x.session_id === sessionId)!;
    assert.ok(s, `the peer wrote session ${sessionId}`);
    return s.workflow_id
      ? { type: 'workflow', id: s.workflow_id }
      : s.team_id
        ? { type: 'team', id: s.team_id }
        : { type: 'agent', id: s.agent_id };
  };
  /** The session as the provider shows it, beside what agno stored for it (REST runs and the db dump). */
  async function open(
    sessionId: string,
  ): Promise<{ session: Session; restRuns: Json[]; stored: Map<string, Json>; dumped: Map<string, Json> }> {
    const c = componentOf(sessionId);
    const session = await provider.getSession(c.id, sessionId);
    assert.doesNotThrow(() => SessionSchema.parse(session));
    const restRuns = (await rest(`/sessions/${sessionId}/runs?type=${c.type}`)) as Json[];
    return { session, restRuns, stored: storedRuns(restRuns), dumped: storedRuns(dump.runs[sessionId] ?? []) };
  }
  const runById = (s: Session, id: string): Run => {
    const r = s.runs.find((x) => x.id === id);
    assert.ok(r, `run ${id} is shown`);
    return r;
  };
  const answerOf = (r: Run) => ofKind(r.events, 'assistant_message').at(-1)?.text;

  const ALL = ['t-desk', 't-router', 'w-pipeline', 'w-fragile', 'a-cache', 'a-crash', 'a-crash-stream'];

  describe('every scenario, run by run, equals what agno stored', () => {
    for (const sid of ALL) {
      describe(sid, () => {
        let got: Awaited<ReturnType<typeof open>>;
        before(async () => {
          got = await open(sid);
        });

        it('shows every run agno wrote (nested step and member runs too), each after its parent', () => {
          const { session, stored } = got;
          const shown = session.runs.map((r) => r.id);
          assert.equal(new Set(shown).size, shown.length, 'each run once');
          // Runs agno wrote as objects, and runs its stored events speak of.
          const expected = new Set(stored.keys());
          for (const r of stored.values()) for (const ev of r.events ?? []) if (ev.run_id) expected.add(ev.run_id);
          assert.deepEqual([...shown].sort(), [...expected].sort());
          for (const r of session.runs) {
            const parent = stored.get(r.id)?.parent_run_id ?? (r.raw as Json | undefined)?.parent_run_id;
            if (parent && shown.includes(parent))
              assert.ok(shown.indexOf(parent) < shown.indexOf(r.id), `${r.id} follows its parent ${parent}`);
          }
        });

        it("each run's answer, tokens, cost, duration and model are agno's own", () => {
          const { session, stored, dumped } = got;
          for (const run of session.runs) {
            const want = stored.get(run.id) ?? dumped.get(run.id);
            if (!want) continue; // a run known only from events: checked through its holder below
            const db = dumped.get(run.id);
            const failed = want.status === 'ERROR';
            if (!failed && typeof want.content === 'string' && want.content)
              assert.equal(answerOf(run), want.content, `answer of ${run.id} (${run.title ?? 'top'})`);
            if (!want.workflow_id) {
              assert.deepEqual(run.totals.tokens, tokensOf(want.metrics), `tokens of ${run.id} (${run.title ?? 'top'})`);
              assert.deepEqual(run.providerTotals?.tokens ?? {}, tokensOf(want.metrics), `provider tokens of ${run.id}`);
            }
            assert.equal(run.totals.costUsd, want.metrics?.cost ?? undefined, `cost of ${run.id}`);
            if (typeof want.metrics?.duration === 'number')
              near(run.providerTotals?.latencyMs, want.metrics.duration * 1000, `duration of ${run.id}`);
            // agno's db API keeps the model on the run; AgentOS's REST schemas drop it.
            const model = db?.model ?? want.model ?? want.metrics?.details?.model?.[0]?.id;
            assert.equal(run.model, model ?? undefined, `model of ${run.id} (${run.title ?? 'top'})`);
            for (const e of run.events) if (e.model !== undefined) assert.equal(e.model, model, `model on ${e.kind} ${e.id} of ${run.id}`);
            for (const e of run.events) assert.equal(e.runId, run.id, `${e.id} belongs to ${run.id}`);
            if (want.reasoning_content)
              assert.equal(
                ofKind(run.events, 'reasoning')
                  .map((r) => r.text)
                  .join(''),
                want.reasoning_content,
                `reasoning of ${run.id}`,
              );
          }
        });

        it("each tool call and result, error and duration, is the run's ToolExecution", () => {
          const { session, stored, dumped } = got;
          for (const run of session.runs) {
            const want = stored.get(run.id) ?? dumped.get(run.id);
            const tools: Json[] = want?.tools ?? [];
            for (const t of tools) {
              const calls = ofKind(run.events, 'tool_call').filter((c) => c.callId === t.tool_call_id);
              const results = ofKind(run.events, 'tool_result').filter((r) => r.callId === t.tool_call_id);
              assert.equal(calls.length, 1, `one call ${t.tool_name} in ${run.id}`);
              assert.equal(results.length, 1, `one result ${t.tool_name} in ${run.id}`);
              assert.equal(calls[0].name, t.tool_name);
              assert.deepEqual(calls[0].arguments, t.tool_args);
              assert.equal(results[0].result, t.result, `result of ${t.tool_name}`);
              assert.equal(results[0].isError === true, t.tool_call_error === true, `error flag of ${t.tool_name}`);
              near(results[0].latencyMs, t.metrics.duration * 1000, `duration of ${t.tool_name}`);
            }
            // The computed latency is the sum of the steps' own durations, never the run's wall time on top.
            const steps = run.events.reduce((sum, e) => sum + (e.latencyMs ?? 0), 0);
            if (run.totals.latencyMs !== undefined) near(run.totals.latencyMs, steps, `latency of ${run.id}`);
            const toolTime = tools.reduce((sum, t) => sum + (t.metrics?.duration ?? 0) * 1000, 0);
            if (tools.length && !run.events.some((e) => e.kind !== 'tool_result' && e.latencyMs !== undefined))
              near(run.totals.latencyMs, toolTime, `latency of ${run.id} = its tools' time`);
          }
        });

        it("the session's tokens and cost are agno's session metrics (or the difference is agno's own omission)", () => {
          const { session } = got;
          const detail = dump.sessions.find((x) => x.session_id === sid)!;
          const metrics = detail.session_data?.session_metrics;
          assert.deepEqual(session.providerTotals?.tokens, tokensOf(metrics), 'session metrics are the provider totals');
          assert.equal(session.providerTotals?.costUsd, metrics?.cost ?? undefined);
          // agno counts a workflow's team step by its leader alone: the members of a team step are
          // left out of session_metrics. Everything else adds up exactly.
          const omitted = session.runs
            .filter((r) => r.title?.startsWith('Member run') && componentOf(sid).type === 'workflow')
            .reduce((sum, r) => addInto(sum, r.totals.tokens), {} as TokenUsage);
          assert.deepEqual(
            session.totals.tokens,
            addInto(tokensOf(metrics), omitted),
            'computed = agno session metrics + what agno left out',
          );
          assert.equal(session.totals.costUsd, metrics?.cost ?? undefined);
          // A difference is explained beside agno's figure (what each side counted); agreement needs no note.
          if (Object.values(omitted).some(Boolean))
            assert.match(session.providerTotals?.counted ?? '', /not the \d+ runs of a team step's members/);
          else assert.equal(session.providerTotals?.counted, undefined);
        });
      });
    }
  });

  it("a coordinate team that stored its events: the leader's own answer, both delegations of one model turn, members' tokens in the members' runs", async () => {
    const { session, restRuns } = await open('t-desk');
    const leaderRaw = restRuns.find((r) => r.team_id)!;
    assert.ok(
      leaderRaw.events?.some((e: Json) => e.run_id !== leaderRaw.run_id),
      'agno stored member events inside the leader run',
    );
    const leader = runById(session, leaderRaw.run_id);
    const members = restRuns.filter((r) => r.parent_run_id === leaderRaw.run_id);
    assert.ok(members.length >= 2);
    for (const m of members) assert.notEqual(answerOf(leader), m.content, "a member's answer is not the team's");
    // One assistant message made both delegate calls (parallel tool calls in one turn).
    const turn = (leaderRaw.messages as Json[]).find((m) => m.role === 'assistant' && (m.tool_calls?.length ?? 0) > 1)!;
    assert.ok(turn, 'agno stored one turn with several tool calls');
    const calls = ofKind(leader.events, 'tool_call').filter((c) => turn.tool_calls.some((t: Json) => t.id === c.callId));
    assert.equal(calls.length, turn.tool_calls.length);
    for (const m of members) {
      const shown = runById(session, m.run_id);
      // Named as agno stored it (its db API keeps agent_name; AgentOS's RunSchema has only the id).
      const name = (dump.runs['t-desk'] ?? []).find((r) => r.run_id === m.run_id)?.agent_name as string;
      assert.ok(name && name !== m.agent_id, 'agno stored a name apart from the id');
      assert.equal(shown.title, `Member run: ${name}`, 'the title says whose run it is, by the name agno stored');
      assert.ok(
        !leader.events.some((e) => (e.raw as Json | undefined)?.run_id === m.run_id),
        `no event of member ${m.run_id} in the leader's run`,
      );
      assert.ok(ofKind(shown.events, 'tool_call').length >= 1, "the member's own tool calls are in its run");
    }
    const failed = members.flatMap((m) => (m.tools ?? []) as Json[]).filter((t) => t.tool_call_error);
    assert.ok(failed.length >= 1, 'a member tool raised');
  });

  it('a route team: the member answers, the team shows it as its own answer, member tokens stay the member’s', async () => {
    const { session, restRuns } = await open('t-router');
    const leaderRaw = restRuns.find((r) => r.team_id)!;
    assert.equal(answerOf(runById(session, leaderRaw.run_id)), leaderRaw.content);
    const member = restRuns.find((r) => r.parent_run_id === leaderRaw.run_id)!;
    assert.equal(answerOf(runById(session, member.run_id)), member.content);
  });

  it('a workflow with agent, function and team steps: inputs from input.input_content, step outputs, its own output as its answer', async () => {
    const { session, restRuns, stored } = await open('w-pipeline');
    const wf = restRuns[0];
    const run = runById(session, wf.run_id);
    assert.equal(answerOf(run), wf.content, "the workflow's output is its answer");
    assert.deepEqual(
      ofKind(run.events, 'user_message').map((e) => e.text),
      [wf.run_input],
    );
    for (const step of wf.step_executor_runs as Json[]) {
      const shown = runById(session, step.run_id);
      assert.deepEqual(
        ofKind(shown.events, 'user_message').map((e) => e.text),
        [step.input.input_content],
        `input of step run ${step.run_id}`,
      );
    }
    // The function step has no executor run: its output is only in step_results (and StepCompleted).
    const fn = (wf.step_results as Json[]).find((r) => r.executor_type === 'function')!;
    assert.ok(
      run.events.some((e) => e.kind === 'other' && e.text === fn.content),
      'the function step output is shown',
    );
    // The team step's members: agno keeps them in the step run's member_responses.
    const teamStep = (wf.step_executor_runs as Json[]).find((s) => s.team_id)!;
    for (const m of teamStep.member_responses as Json[])
      assert.ok(stored.has(m.run_id) && session.runs.some((r) => r.id === m.run_id), `member run ${m.run_id} of the team step is shown`);
  });

  it("a workflow whose function step raised: the step's error is an error of the workflow run", async () => {
    const { session, restRuns } = await open('w-fragile');
    const wf = restRuns[0];
    const failed = (wf.step_results as Json[]).filter((r) => r.success === false);
    assert.ok(failed.length, 'agno recorded a failed step');
    const errors = ofKind(runById(session, wf.run_id).events, 'error');
    for (const f of failed)
      assert.ok(
        errors.some((e) => e.message.includes(f.error)),
        `the error of step ${f.step_name}`,
      );
  });

  it('a model failing mid-run shows one error, the same with stored events as without', async () => {
    const shapes: string[][] = [];
    for (const sid of ['a-crash', 'a-crash-stream']) {
      const { session, restRuns } = await open(sid);
      const raw = restRuns[0];
      assert.equal(raw.status, 'ERROR');
      const run = runById(session, raw.run_id);
      const errors = ofKind(run.events, 'error');
      assert.deepEqual(
        errors.map((e) => e.message),
        [raw.content],
        `${sid}: the stored error text, once, as an error`,
      );
      assert.ok(
        !ofKind(run.events, 'assistant_message').some((a) => a.text === raw.content),
        `${sid}: the error is not shown as an answer`,
      );
      assert.equal(run.totals.errors, 1);
      // Model calls exist only where agno stored its request events: left out of the comparison.
      shapes.push(
        run.events.filter((e) => e.kind !== 'other' && e.kind !== 'system_message' && e.kind !== 'model_call').map((e) => e.kind),
      );
      assert.equal(Boolean(raw.events?.length), sid === 'a-crash-stream');
    }
    assert.deepEqual(shapes[0], shapes[1], 'one failure, one rendering');
  });

  it('cache reads and writes and the cost agno recorded', async () => {
    const { session, restRuns } = await open('a-cache');
    const raw = restRuns[0];
    assert.ok(
      raw.metrics.cache_read_tokens && raw.metrics.cache_write_tokens && raw.metrics.cost,
      'the peer recorded cache tokens and a cost',
    );
    const run = runById(session, raw.run_id);
    assert.deepEqual(run.totals.tokens, tokensOf(raw.metrics));
    assert.equal(run.totals.costUsd, raw.metrics.cost);
  });

  describe('chat: a streamed run ends with the run GET /sessions/{id}/runs then returns', () => {
    for (const [agentId, type] of [
      ['desk', 'team'],
      ['pipeline', 'workflow'],
    ] as const) {
      it(`to a ${type} (${agentId})`, async () => {
        const streamed: SessionEvent[] = [];
        const result = await provider.sendMessage!({ agentId, message: 'weather and stock for Porto' }, (e) => streamed.push(e));
        assert.ok(result.runId && result.sessionId);
        const runs = (await rest(`/sessions/${result.sessionId}/runs?type=${type}`)) as Json[];
        const all = storedRuns(runs);
        const raw = all.get(result.runId!)!;
        assert.ok(raw, `GET /sessions/${result.sessionId}/runs has run ${result.runId}`);
        const answers = ofKind(result.events, 'assistant_message');
        assert.equal(answers.at(-1)?.text, raw.content, `the ${type}'s own answer`);
        assert.ok(
          result.events.every((e) => e.runId === result.runId),
          'the result is the run itself',
        );
        // While streaming, a member's or a step's events carry their own run id, never the leader's.
        const ids = new Set<string>([result.runId!]);
        for (const r of all.values()) ids.add(r.run_id);
        for (const r of all.values()) for (const ev of r.events ?? []) if (ev.run_id) ids.add(ev.run_id);
        for (const e of streamed) assert.ok(ids.has(e.runId), `streamed ${e.kind} ${e.id} belongs to a stored run (${e.runId})`);
        const foreign = streamed.filter((e) => e.runId !== result.runId);
        assert.ok(foreign.length > 0, 'members or steps streamed events of their own');
        const ownAnswer = [
          ...new Map(streamed.filter((e) => e.runId === result.runId && e.kind === 'assistant_message').map((e) => [e.id, e])).values(),
        ].at(-1);
        assert.equal(ownAnswer?.kind === 'assistant_message' && ownAnswer.text, raw.content, 'the streamed answer of the run itself');
        const session = await provider.getSession(agentId, result.sessionId);
        assert.equal(answerOf(runById(session, result.runId!)), raw.content);
      });
    }
  });
});
