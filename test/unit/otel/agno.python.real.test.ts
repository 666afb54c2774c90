// The trace receiver with a real Python sender: the AgentOS peer (test/agno-peer/server.py --otlp)
// instruments its agents, teams and workflows with OpenInference's Agno instrumentation on the Python
// OpenTelemetry SDK and exports every run through the SDK's OTLP/HTTP protobuf exporter to our
// receiver. What the receiver shows is compared with what agno itself stored for the same runs, read
// through AgentOS's REST routes (GET /sessions/{id}/runs): messages, model calls, tool calls with
// their arguments and results, tokens. Never with hand-written values.
//
// What the spans do not carry (so the inspector does not claim it): agno's reasoning token counts
// (OpenInference sends prompt and completion counts only), the run's time to first token.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Run, Session, SessionEvent, TokenUsage } from '../../../src/model';
import { OtlpReceiver } from '../../../src/providers/otel/receiver';
import { TraceStore } from '../../../src/providers/otel/store';
import { LocalTracesProvider, LOCAL_TRACES_ID } from '../../../src/providers/otel/provider';
import { startAgnoPeer, type AgnoPeer } from '../../agno-peer/start';
import { ofKind } from '../helpers';

type Json = Record<string, any>;
type ModelCall = Extract<SessionEvent, { kind: 'model_call' }>;

describe('Trace receiver ← Python OpenTelemetry SDK + OpenInference Agno instrumentation on the real AgentOS peer', function () {
  this.timeout(180_000);
  let receiver: OtlpReceiver;
  let store: TraceStore;
  let provider: LocalTracesProvider;
  let peer: AgnoPeer;
  let dir: string;
  const agnoRuns = new Map<string, Json[]>();
  /** Every run agno stored for a session, members' and steps' included (they name their parent). */
  const allRuns = new Map<string, Json[]>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otel-agno-'));
    store = await TraceStore.open({ dir, maxBytes: 64 * 1024 * 1024, maxAgeDays: 0 });
    receiver = new OtlpReceiver({ port: 0, sink: (b) => store.append(b.spans, b.logs) });
    const port = await receiver.start();
    // The peer flushes its exporter before it says "ready": every run it wrote has been sent by then.
    peer = await startAgnoPeer({ args: ['--otlp', `http://127.0.0.1:${port}`], readyTimeoutMs: 120_000 });
    await store.idle();
    provider = new LocalTracesProvider({ id: LOCAL_TRACES_ID, kind: 'otel', label: 'Local traces' } as never, store);
    for (const s of peer.dump.sessions) {
      const type = s.session_type ?? (s.team_id ? 'team' : s.workflow_id ? 'workflow' : 'agent');
      const r = await fetch(`${peer.baseUrl}/sessions/${encodeURIComponent(s.session_id)}/runs?type=${type}`, {
        headers: { Authorization: `Bearer ${peer.key}` },
      });
      assert.equal(r.status, 200, `GET /sessions/${s.session_id}/runs`);
      const all = (await r.json()) as Json[];
      allRuns.set(s.session_id, all);
      agnoRuns.set(
        s.session_id,
        all.filter((run) => !run.parent_run_id),
      );
    }
  });
  after(async () => {
    await peer?.stop();
    await receiver?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function received(sessionId: string): Promise<Session> {
    const summaries = (await provider.listSessions(undefined as never, undefined, 1000)).items;
    const summary = summaries.find((s) => s.id === sessionId);
    assert.ok(summary, `session ${sessionId} is listed under Local traces (listed: ${summaries.map((s) => s.id).join(', ')})`);
    return provider.getSession(summary.agentId, sessionId);
  }

  /** Agno's messages of one run that a model answered: the assistant messages with metrics. */
  const answered = (run: Json): Json[] => (run.messages as Json[]).filter((m) => m.role === 'assistant' && !m.from_history);
  /** Input, output and cache counts, zeros and absences left out (agno leaves zeros out too). */
  const counts = (input?: number, output?: number, cacheRead?: number, cacheWrite?: number) =>
    JSON.parse(
      JSON.stringify({
        input: input || undefined,
        output: output || undefined,
        cacheRead: cacheRead || undefined,
        cacheWrite: cacheWrite || undefined,
      }),
    );
  const tokens = (m: Json | undefined) => counts(m?.input_tokens, m?.output_tokens, m?.cache_read_tokens, m?.cache_write_tokens);
  const ours = (t: TokenUsage | undefined) => counts(t?.input, t?.output, t?.cacheRead, t?.cacheWrite);
  const topLevel = (run: Run) => run.events.filter((e) => !('parentCallId' in e) || !e.parentCallId);

  const AGENT_SESSIONS = ['s-tools', 's-stream', 's-echo-1', 's-echo-5', 'a-cache'];

  for (const sid of AGENT_SESSIONS) {
    describe(`agent session ${sid}`, () => {
      let session: Session;
      let runs: Json[];
      before(async () => {
        session = await received(sid);
        runs = agnoRuns.get(sid)!;
        assert.ok(runs?.length, `agno stored runs for ${sid}`);
      });

      it('one run per agno run, in order, by the agent agno named, with its input and answer', () => {
        const agent = peer.dump.agents.find((a) => a.agent_id === runs[0]!.agent_id);
        assert.equal(session.agentName, agent?.name);
        assert.equal(session.runs.length, runs.length, 'runs');
        session.runs.forEach((run, i) => {
          const want = runs[i]!;
          assert.deepEqual(
            ofKind(run.events, 'user_message').map((e) => e.text),
            [want.run_input ?? want.input?.input_content],
          );
          assert.deepEqual(
            ofKind(topLevel(run), 'assistant_message').map((e) => e.text),
            [want.content],
          );
          assert.equal(run.status, want.status === 'COMPLETED' ? 'completed' : 'error');
          const system = (want.messages as Json[]).filter((m) => m.role === 'system').map((m) => m.content);
          assert.deepEqual(
            ofKind(run.events, 'system_message').map((e) => e.text),
            system,
            'the system prompt',
          );
        });
      });

      it('a model call for every model answer: model, provider, messages sent and answered, tokens as agno counted them', () => {
        session.runs.forEach((run, i) => {
          const want = runs[i]!;
          const calls = ofKind(run.events, 'model_call') as ModelCall[];
          const answers = answered(want);
          assert.equal(calls.length, answers.length, `model calls of run ${i}`);
          const model = want.metrics.details.model[0];
          calls.forEach((c, j) => {
            const a = answers[j]!;
            assert.equal(c.model, model.id);
            assert.equal(c.provider, model.provider);
            assert.deepEqual(ours(c.tokens), tokens(a.metrics), `tokens of call ${j}`);
            assert.equal(c.tokens?.reasoning, undefined, 'OpenInference sends no reasoning count: not claimed');
            // What was sent: agno's messages of this run up to this answer, role and text.
            const sent = (want.messages as Json[]).slice(0, (want.messages as Json[]).indexOf(a));
            assert.deepEqual(
              c.input?.map((m) => [m.role, m.text ?? null]),
              sent.map((m) => [m.role, m.content ?? null]),
              `messages sent in call ${j}`,
            );
            assert.equal(c.output?.[0]?.text ?? null, a.content ?? null, `answer of call ${j}`);
            assert.deepEqual(
              c.output?.[0]?.toolCalls?.map((t) => [t.id, t.name, t.arguments]) ?? [],
              (a.tool_calls ?? []).map((t: Json) => [t.id, t.function.name, JSON.parse(t.function.arguments)]),
            );
            assert.ok(c.latencyMs !== undefined && c.latencyMs >= 0, 'a duration from the span');
          });
          if (want.reasoning_content)
            assert.equal(
              ofKind(run.events, 'reasoning')
                .map((e) => e.text)
                .join(''),
              want.reasoning_content,
              'the reasoning, apart from the answer',
            );
          else assert.equal(ofKind(run.events, 'reasoning').length, 0);
        });
      });

      it('tool calls with the ids, arguments and results agno stored, failures marked', () => {
        session.runs.forEach((run, i) => {
          const want = (runs[i]!.tools ?? []) as Json[];
          assert.deepEqual(
            ofKind(run.events, 'tool_call').map((e) => [e.callId, e.name, e.arguments]),
            want.map((t) => [t.tool_call_id, t.tool_name, t.tool_args]),
          );
          assert.deepEqual(
            ofKind(run.events, 'tool_result').map((e) => [e.callId, e.result, !!e.isError]),
            want.map((t) => [t.tool_call_id, structured(t.result), !!t.tool_call_error]),
          );
        });
      });

      it("run and session tokens equal agno's run metrics (input, output, cache)", () => {
        session.runs.forEach((run, i) => {
          const m = runs[i]!.metrics;
          assert.deepEqual(ours(run.totals.tokens), tokens(m), `run ${i}`);
        });
        const sum = (k: string) => runs.reduce((a, r) => a + (r.metrics[k] ?? 0), 0) || undefined;
        assert.equal(session.totals.tokens.input, sum('input_tokens'));
        assert.equal(session.totals.tokens.output, sum('output_tokens'));
        if (sum('cost')) assert.equal(session.totals.costUsd, sum('cost'));
      });
    });
  }

  it("a team's run: the members' runs inside the leader's delegation calls, every model call's tokens as agno counted them", async () => {
    const session = await received('t-desk');
    const [want] = agnoRuns.get('t-desk')!;
    assert.equal(session.runs.length, 1);
    const run = session.runs[0]!;
    assert.deepEqual(
      ofKind(run.events, 'user_message').map((e) => e.text),
      [want!.run_input],
    );
    assert.deepEqual(
      ofKind(topLevel(run), 'assistant_message').map((e) => e.text),
      [want!.content],
    );
    const delegations = ofKind(run.events, 'tool_call').filter((e) => e.name === 'delegate_task_to_member');
    assert.deepEqual(
      delegations.map((e) => e.callId),
      (want!.tools as Json[]).map((t) => t.tool_call_id),
      'the leader called as agno stored',
    );
    const members = ofKind(run.events, 'tool_call').filter((e) => e.toolType === 'agent');
    assert.equal(members.length, delegations.length, 'one member run per delegation');
    members.forEach((m, i) => assert.equal(m.parentCallId, delegations[i]!.callId, `member ${m.name} runs inside its delegation`));
    // agno's team run counts the leader's own model calls; its members' runs (kept as member
    // responses) count theirs.
    const leaderCalls = (ofKind(run.events, 'model_call') as ModelCall[]).filter((c) => !c.parentCallId);
    assert.deepEqual(
      leaderCalls.map((c) => [c.tokens?.input, c.tokens?.output]),
      answered(want!).map((a) => [a.metrics.input_tokens, a.metrics.output_tokens]),
    );
    const memberRuns = (want!.member_responses ?? []) as Json[];
    for (const [i, m] of members.entries()) {
      const calls = (ofKind(run.events, 'model_call') as ModelCall[]).filter((c) => c.parentCallId === m.callId);
      const mr = memberRuns[i];
      if (mr)
        assert.deepEqual(
          calls.map((c) => [c.tokens?.input, c.tokens?.output]),
          answered(mr).map((a) => [a.metrics.input_tokens, a.metrics.output_tokens]),
          `member ${m.name}`,
        );
    }
  });

  for (const sid of ['a-crash', 'a-crash-stream']) {
    it(`a run whose model failed after a tool call (${sid}): failed, the failed model call with its error, the others as agno counted them`, async () => {
      const session = await received(sid);
      const [want] = agnoRuns.get(sid)!;
      assert.equal(want!.status, 'ERROR', 'agno stored the run as failed');
      const run = session.runs[0]!;
      assert.equal(run.status, 'error');
      const calls = ofKind(run.events, 'model_call') as ModelCall[];
      const failed = calls.filter((c) => c.error);
      assert.equal(failed.length, 1, 'the model call that raised');
      assert.match(failed[0]!.error!, new RegExp(want!.content));
      assert.deepEqual(
        calls.filter((c) => !c.error).map((c) => ours(c.tokens)),
        answered(want!).map((a) => tokens(a.metrics)),
      );
      assert.deepEqual(ours(run.totals.tokens), tokens(want!.metrics));
      // One failure, one rendering (as agno's own record has one): the failed call holds the
      // exception the SDK recorded; the run's output, which repeats it, is no answer, and the run
      // failing of it is no second error.
      assert.equal(run.totals.errors, 1, 'the failure counted once');
      assert.deepEqual(
        ((failed[0]!.raw as { exceptions?: Array<Record<string, unknown>> } | undefined)?.exceptions ?? []).map(
          (x) => x['exception.message'],
        ),
        [want!.content],
        'the exception, with the call that raised it',
      );
      assert.deepEqual(ofKind(run.events, 'assistant_message'), [], 'the error text is not an answer');
    });
  }

  it('every failure agno recorded shows once: failed tools, failed runs and failed workflow steps are the errors counted', async () => {
    const failures = (run: Json | undefined, seen: Set<string>): number => {
      if (!run || seen.has(run.run_id)) return 0;
      seen.add(run.run_id);
      let n = ((run.tools ?? []) as Json[]).filter((t) => t.tool_call_error).length + (run.status === 'ERROR' ? 1 : 0);
      n += ((run.step_results ?? []) as Json[]).filter((st) => st.success === false).length;
      for (const m of [...((run.member_responses ?? []) as Json[]), ...((run.step_executor_runs ?? []) as Json[])]) n += failures(m, seen);
      return n;
    };
    let failing = 0;
    for (const s of peer.dump.sessions) {
      const session = await received(s.session_id);
      const seen = new Set<string>();
      const want = allRuns.get(s.session_id)!.reduce((n, r) => n + failures(r, seen), 0);
      failing += want;
      assert.equal(session.totals.errors, want, `errors of ${s.session_id}`);
    }
    assert.ok(failing >= 4, 'the peer has failures to count');
  });

  it('a run agno paused on a tool (its confirmation, input or external run) shows paused, and no run agno finished does', async () => {
    let paused = 0;
    for (const s of peer.dump.sessions) {
      const session = await received(s.session_id);
      const runs = agnoRuns.get(s.session_id)!;
      session.runs.forEach((run, i) => {
        const want = runs[i]!;
        // A workflow step waiting to be confirmed or given a value has no tool waiting: its spans say nothing of it.
        if (want.status === 'PAUSED' && !want.step_requirements) assert.equal(run.status, 'paused', `${s.session_id} run ${i}`);
        if (run.status === 'paused') {
          paused++;
          assert.equal(want.status, 'PAUSED', `${s.session_id} run ${i}: agno says ${want.status}`);
        }
      });
    }
    assert.ok(paused >= 5, 'the peer leaves runs paused');
  });

  it('a session per session.id, even where the instrumentation left later runs inside an earlier trace', async () => {
    // After the route-mode team's run, OpenInference parented the next runs (other agents, other
    // sessions) under the team's finished span. Each still shows as its own session.
    for (const sid of ['t-router', 'a-cache', 'a-crash', 'w-pipeline', 'p-confirm-left']) {
      const s = await received(sid);
      assert.equal(s.runs.length >= 1, true, sid);
      for (const run of s.runs)
        for (const e of ofKind(run.events, 'user_message'))
          assert.ok(
            agnoRuns.get(sid)!.some((r) => (r.run_input ?? r.input?.input_content) === e.text),
            `${sid}: ${e.text}`,
          );
    }
  });
});

function structured(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    const t = v.trim();
    return t.startsWith('{') || t.startsWith('[') ? JSON.parse(t) : v;
  } catch {
    return v;
  }
}
