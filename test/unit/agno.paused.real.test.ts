// Paused runs against a real AgentOS (test/agno-peer/paused.py: agno pauses and stores them, a
// scripted model, no network). What the inspector shows of a run left paused is compared with
// what agno stored (its own db API, the dump: status, requirements, tools); a run continued from
// the provider through AgentOS's /continue route must complete, and what the provider returns must
// equal the run agno then serves — never hand-written values.
import assert from 'node:assert/strict';
import type { Connection, EventOfKind, SessionEvent } from '../../src/model';
import { createProvider, type SessionProvider } from '../../src/providers';
import { startAgnoPeer, type AgnoPeer } from '../agno-peer/start';

type Json = Record<string, any>;
type Pending = EventOfKind<'pending_input'>;
const connection = (baseUrl: string): Connection => ({ id: 'agno-peer', kind: 'agno', label: 'Agno peer', baseUrl });
const pendingOf = (events: SessionEvent[]) => events.filter((e): e is Pending => e.kind === 'pending_input');

describe('Agno paused runs against a real AgentOS (test/agno-peer)', function () {
  this.timeout(30_000);
  let peer: AgnoPeer;
  let provider: SessionProvider;

  before(async function () {
    this.timeout(600_000);
    peer = await startAgnoPeer();
    provider = createProvider(connection(peer.baseUrl), peer.key, { maxRetries: 0, timeoutMs: 10_000 });
  });
  after(async () => {
    await peer?.stop();
  });

  const storedRun = (sessionId: string): Json => {
    const runs = peer.dump.runs[sessionId] ?? [];
    assert.equal(runs.length, 1, `agno wrote one run for ${sessionId}`);
    return runs[0]!;
  };
  /** The run as AgentOS serves it now (GET /sessions/{id}/runs). */
  const served = async (sessionId: string): Promise<Json> => {
    const res = await fetch(`${peer.baseUrl}/sessions/${sessionId}/runs?type=agent`, { headers: { Authorization: `Bearer ${peer.key}` } });
    assert.equal(res.status, 200);
    return ((await res.json()) as Json[])[0]!;
  };

  /** Each pending step is one of agno's requirements: the tool, its arguments, the call, what is asked. */
  function assertPendingIsStored(events: SessionEvent[], run: Json) {
    const reqs: Json[] = run.requirements ?? [];
    const steps = pendingOf(events);
    assert.equal(steps.length, reqs.length, 'one pending step per requirement agno stored');
    reqs.forEach((req, i) => {
      const t = req.tool_execution;
      const step = steps[i]!;
      assert.equal(step.name, t.tool_name);
      assert.deepEqual(step.arguments, t.tool_args);
      assert.equal(step.callId, t.tool_call_id);
      assert.equal(step.ask, t.requires_confirmation ? 'confirmation' : t.requires_user_input ? 'user_input' : 'external_execution');
      assert.equal(step.resolution, undefined, 'still waiting');
      for (const f of t.user_input_schema ?? []) {
        const mine = step.fields?.find((x) => x.name === f.name);
        assert.ok(mine, `field ${f.name}`);
        assert.equal(mine.type, f.field_type);
        assert.equal(mine.value, f.value ?? undefined);
      }
    });
    // agno's content for a paused run is its note about the pause: on the step, not an answer.
    assert.equal(steps[0]!.text, run.content);
    assert.ok(!events.some((e) => e.kind === 'assistant_message'));
  }

  it('a streamed run left paused for confirmation shows the pending step as agno stored it', async () => {
    const run = storedRun('p-confirm-left');
    assert.equal(run.status, 'PAUSED');
    const session = await provider.getSession('guard', 'p-confirm-left');
    assert.equal(session.runs[0]!.status, run.status);
    assertPendingIsStored(session.runs[0]!.events, run);
    // The step agno recorded: the requirement id is kept, so the step is agno's, not a copy.
    assert.equal(pendingOf(session.runs[0]!.events)[0]!.requestId, run.requirements[0].id);
  });

  it('a run not streamed (no stored events) left paused for user input shows the typed fields asked', async () => {
    const run = storedRun('p-input-left');
    assert.ok(!run.events?.length, 'agno stored no events for it');
    const session = await provider.getSession('guard', 'p-input-left');
    assertPendingIsStored(session.runs[0]!.events, run);
    assert.ok(
      pendingOf(session.runs[0]!.events)[0]!.fields!.some((f) => f.value === undefined),
      'a field is left to the person',
    );
  });

  async function continueWith(
    sessionId: string,
    decide: (p: Pending) => Parameters<NonNullable<SessionProvider['continueRun']>>[0]['decisions'][number],
  ) {
    const before = await provider.getSession('guard', sessionId);
    const run = before.runs[0]!;
    const [step] = pendingOf(run.events);
    const streamed: SessionEvent[] = [];
    const result = await provider.continueRun!({ agentId: 'guard', sessionId, runId: run.id, decisions: [decide(step!)] }, (e) =>
      streamed.push(e),
    );
    const after = await provider.getSession('guard', sessionId);
    return { step: step!, streamed, result, after: after.runs.find((r) => r.id === run.id)!, rest: await served(sessionId) };
  }

  it('approved from the provider: agno runs the tool, the run completes, and what we show is the run agno serves', async () => {
    const { step, streamed, result, after, rest } = await continueWith('p-confirm-go', (p) => ({ callId: p.callId!, outcome: 'approved' }));
    assert.equal(rest.status, 'COMPLETED');
    assert.equal(after.status, rest.status);
    assert.deepEqual(result.events, after.events, 'the result is the stored run');
    assert.ok(
      streamed.some((e) => e.kind === 'tool_result'),
      'the rest streamed',
    );
    const tool = rest.tools.find((t: Json) => t.tool_call_id === step.callId);
    assert.equal(tool.confirmed, true);
    assert.deepEqual(pendingOf(after.events)[0]!.resolution, { outcome: 'approved' });
    const r = after.events.find((e) => e.kind === 'tool_result' && e.callId === step.callId);
    assert.equal(r && r.kind === 'tool_result' && r.result, tool.result);
    const answer = [...after.events].reverse().find((e) => e.kind === 'assistant_message');
    assert.equal(answer && answer.kind === 'assistant_message' && answer.text, rest.content);
  });

  it('rejected with a note: agno records the rejection and the note, and the run completes', async () => {
    const { step, after, rest } = await continueWith('p-reject-go', (p) => ({
      callId: p.callId!,
      outcome: 'rejected',
      note: 'keep that file',
    }));
    assert.equal(rest.status, 'COMPLETED');
    const tool = rest.tools.find((t: Json) => t.tool_call_id === step.callId);
    assert.equal(tool.confirmed, false);
    assert.deepEqual(pendingOf(after.events)[0]!.resolution, { outcome: 'rejected', note: tool.confirmation_note });
  });

  it('user input given from the provider reaches the tool agno runs', async () => {
    const { step, after, rest } = await continueWith('p-input-go', (p) => ({
      callId: p.callId!,
      outcome: 'provided',
      values: { reason: 'weekly report' },
    }));
    assert.equal(rest.status, 'COMPLETED');
    const tool = rest.tools.find((t: Json) => t.tool_call_id === step.callId);
    assert.equal(tool.tool_args.reason, 'weekly report');
    const shown = pendingOf(after.events)[0]!.resolution;
    assert.deepEqual(shown?.values, Object.fromEntries(tool.user_input_schema.map((f: Json) => [f.name, f.value])));
    const r = after.events.find((e) => e.kind === 'tool_result' && e.callId === step.callId);
    assert.equal(r && r.kind === 'tool_result' && r.result, tool.result);
  });
});

// A team paused on its member's tool (test/agno-peer/paused.py `guard-desk`): agno pauses the
// member's run and the team's; the member's tool is in the team run's requirements only. The
// person answers it once, on the team's run (AgentOS continues the team), and it is resolved there.
describe('Agno teams and workflows paused for a person, against a real AgentOS (test/agno-peer)', function () {
  this.timeout(30_000);
  let peer: AgnoPeer;
  let provider: SessionProvider;

  before(async function () {
    this.timeout(600_000);
    peer = await startAgnoPeer();
    provider = createProvider(connection(peer.baseUrl), peer.key, { maxRetries: 0, timeoutMs: 10_000 });
  });
  after(async () => {
    await peer?.stop();
  });

  const get = async (path: string): Promise<any> => {
    const res = await fetch(`${peer.baseUrl}${path}`, { headers: { Authorization: `Bearer ${peer.key}` } });
    assert.equal(res.status, 200, path);
    return res.json();
  };
  const allPending = (s: { runs: Array<{ events: SessionEvent[] }> }) => s.runs.flatMap((r) => pendingOf(r.events));
  const teamRunOf = (sessionId: string): Json => peer.dump.runs[sessionId]!.find((r) => r.team_id)!;
  const memberRunOf = (sessionId: string): Json => peer.dump.runs[sessionId]!.find((r) => r.agent_id)!;

  for (const sessionId of ['pt-confirm-left', 'pt-input-left']) {
    it(`${sessionId}: one pending step, on the team's run, as agno's team requirement says (the member named as agno stored it)`, async () => {
      const team = teamRunOf(sessionId);
      const member = memberRunOf(sessionId);
      assert.equal(team.status, 'PAUSED');
      assert.equal(member.status, 'PAUSED');
      const [req] = team.requirements as Json[];
      assert.equal(team.requirements.length, 1);
      const session = await provider.getSession('guard-desk', sessionId);
      const steps = allPending(session);
      assert.equal(steps.length, 1, 'the member run and the team run report one pause: shown once');
      const step = steps[0]!;
      assert.equal(step.runId, team.run_id, "on the team's run, which AgentOS's /teams/{id}/runs/{run_id}/continue takes");
      assert.equal(step.name, req!.tool_execution.tool_name);
      assert.deepEqual(step.arguments, req!.tool_execution.tool_args);
      assert.equal(step.callId, req!.tool_execution.tool_call_id);
      assert.equal(step.requestId, req!.id);
      assert.equal(step.agentName, req!.member_agent_name);
      assert.equal(step.resolution, undefined);
      for (const f of req!.tool_execution.user_input_schema ?? [])
        assert.equal(step.fields?.find((x) => x.name === f.name)?.type, f.field_type);
      const memberRun = session.runs.find((r) => r.id === member.run_id)!;
      assert.equal(memberRun.title, `Member run: ${member.agent_name}`, 'the name agno stored, not the agent id');
      assert.equal(memberRun.agentName, member.agent_name);
      // Tokens: the session's figures are agno's own (the team's and its member's requests).
      const detail = await get(`/sessions/${sessionId}?type=team`);
      assert.equal(session.totals.tokens.input, detail.metrics.input_tokens);
      assert.equal(session.totals.tokens.output, detail.metrics.output_tokens);
    });
  }

  it("a team's member tool approved from the provider: agno continues the team, the member runs the tool, and the team's own answer ends the run we show", async () => {
    const sessionId = 'pt-confirm-go';
    const before = await provider.getSession('guard-desk', sessionId);
    const pausedMetrics = (await get(`/sessions/${sessionId}?type=team`)).metrics;
    const [step] = allPending(before);
    const streamed: SessionEvent[] = [];
    const result = await provider.continueRun!(
      { agentId: 'guard-desk', sessionId, runId: step!.runId, decisions: [{ callId: step!.callId!, outcome: 'approved' }] },
      (e) => streamed.push(e),
    );
    const runs: Json[] = await get(`/sessions/${sessionId}/runs?type=team`);
    const team = runs.find((r) => r.team_id)!;
    const member = runs.find((r) => r.agent_id)!;
    assert.equal(team.status, 'COMPLETED');
    assert.equal(member.status, 'COMPLETED');
    const tool = member.tools.find((t: Json) => t.tool_call_id === step!.callId);
    assert.equal(tool.confirmed, true, 'agno recorded the approval on the member tool');
    const after = await provider.getSession('guard-desk', sessionId);
    const shown = after.runs.find((r) => r.id === team.run_id)!;
    assert.deepEqual(result.events, shown.events, 'the result is the team run as the session stores it');
    assert.equal(shown.status, team.status);
    const answer = [...shown.events].reverse().find((e) => e.kind === 'assistant_message');
    assert.equal(answer && answer.kind === 'assistant_message' && answer.text, team.content, "the team's own answer");
    const steps = allPending(after);
    assert.equal(steps.length, 1, 'still one pending step');
    assert.deepEqual(steps[0]!.resolution, { outcome: 'approved' }, 'resolved, as the member tool agno stored says');
    assert.equal(pendingOf(streamed).filter((e) => !e.resolution).length, 0, 'nothing streamed back as still waiting');
    const r = after.runs.find((x) => x.id === member.run_id)!.events.find((e) => e.kind === 'tool_result' && e.callId === step!.callId);
    assert.equal(r && r.kind === 'tool_result' && r.result, tool.result);
    // Tokens: each run's are agno's run metrics; agno's session metrics add the paused leg (what
    // they said while paused) a second time, and the difference is explained beside them.
    for (const raw of [team, member])
      assert.equal(after.runs.find((x) => x.id === raw.run_id)!.totals.tokens.input, raw.metrics.input_tokens);
    const metrics = (await get(`/sessions/${sessionId}?type=team`)).metrics;
    assert.equal(after.providerTotals?.tokens.input, metrics.input_tokens);
    assert.equal(
      metrics.input_tokens,
      after.totals.tokens.input! + pausedMetrics.input_tokens,
      'agno counts the requests before the pause twice',
    );
    assert.equal(metrics.output_tokens, after.totals.tokens.output! + pausedMetrics.output_tokens);
    assert.match(
      after.providerTotals?.counted ?? '',
      new RegExp(`twice .*${pausedMetrics.input_tokens} input, ${pausedMetrics.output_tokens} output`),
    );
  });

  it('a chat with the team (streamed, as the chat panel sends it): one live pending step on the team run; approved, the reply ends with the team answer agno stored', async () => {
    const live = new Map<string, SessionEvent>();
    const sent = await provider.sendMessage!({ agentId: 'guard-desk', message: 'please delete the report' }, (e) => live.set(e.id, e));
    const waiting = pendingOf([...live.values()]);
    assert.equal(waiting.length, 1, "the member's RunPaused and the team's TeamRunPaused: one step");
    assert.equal(waiting[0]!.runId, sent.runId);
    assert.deepEqual(
      pendingOf(sent.events).map((e) => e.callId),
      [waiting[0]!.callId],
      'the stored run agrees',
    );
    const done = await provider.continueRun!(
      {
        agentId: 'guard-desk',
        sessionId: sent.sessionId,
        runId: sent.runId!,
        decisions: [{ callId: waiting[0]!.callId!, outcome: 'approved' }],
      },
      () => undefined,
    );
    const runs: Json[] = await get(`/sessions/${sent.sessionId}/runs?type=team`);
    const team = runs.find((r) => r.run_id === sent.runId)!;
    assert.equal(team.status, 'COMPLETED');
    const answer = [...done.events].reverse().find((e) => e.kind === 'assistant_message');
    assert.equal(answer && answer.kind === 'assistant_message' && answer.text, team.content);
    assert.deepEqual(
      pendingOf(done.events).map((e) => e.resolution),
      [{ outcome: 'approved' }],
    );
  });

  // A tool with agno's @approval (paused.py `gatekeeper`): agno keeps a pending approval record
  // (GET /approvals) while the run waits. Deciding from the provider resolves that record, as
  // agno's own interfaces do, and continues the run.
  for (const [sessionId, outcome] of [
    ['pa-approve-go', 'approved'],
    ['pa-reject-go', 'rejected'],
  ] as const) {
    it(`an approval-gated tool ${outcome} from the provider: agno's approval record says ${outcome} (with the note), and the run completes`, async () => {
      const before = await provider.getSession('gatekeeper', sessionId);
      const [step] = allPending(before);
      const runId = step!.runId;
      const pending = await get(`/approvals?run_id=${runId}&status=pending`);
      assert.equal(pending.data.length, 1, 'agno wrote one pending approval for the paused run');
      assert.equal(pending.data[0].tool_name ?? pending.data[0].context?.tool_name ?? step!.name, step!.name);
      const note = outcome === 'rejected' ? 'over the limit' : undefined;
      await provider.continueRun!(
        {
          agentId: 'gatekeeper',
          sessionId,
          runId,
          userId: 'peer-user',
          decisions: [{ callId: step!.callId!, outcome, ...(note ? { note } : {}) }],
        },
        () => undefined,
      );
      const record = await get(`/approvals/${pending.data[0].id}`);
      assert.equal(record.status, outcome);
      assert.equal(record.resolved_by, 'peer-user');
      if (note) assert.equal(record.resolution_data?.note, note);
      assert.equal((await get(`/approvals?run_id=${runId}&status=pending`)).data.length, 0, 'nothing left pending in AgentOS');
      const runs: Json[] = await get(`/sessions/${sessionId}/runs?type=agent`);
      assert.equal(runs[0]!.status, 'COMPLETED');
      const tool = runs[0]!.tools.find((t: Json) => t.tool_call_id === step!.callId);
      assert.equal(tool.confirmed, outcome === 'approved');
      const after = await provider.getSession('gatekeeper', sessionId);
      assert.deepEqual(allPending(after)[0]!.resolution, { outcome, ...(note ? { note: tool.confirmation_note } : {}) });
    });
  }

  // Workflows (paused.py `gated`, `asking`, `guarded`): a step waiting to be confirmed or for a
  // value, or an agent step's tool; AgentOS 3.1.10 continues them through
  // /workflows/{id}/runs/{run_id}/continue with the run's step_requirements.
  const workflowRun = (sessionId: string): Json => peer.dump.runs[sessionId]!.find((r) => r.workflow_id)!;

  for (const [workflow, sessionId] of [
    ['gated', 'pw-confirm-left'],
    ['asking', 'pw-input-left'],
  ] as const) {
    it(`${sessionId}: the workflow's step waiting for a person is its pending step, as agno's step requirement says`, async () => {
      const run = workflowRun(sessionId);
      assert.equal(run.status, 'PAUSED');
      const [req] = run.step_requirements as Json[];
      const session = await provider.getSession(workflow, sessionId);
      const steps = allPending(session);
      assert.equal(steps.length, 1);
      const step = steps[0]!;
      assert.equal(step.runId, run.run_id);
      assert.equal(session.runs.find((r) => r.id === run.run_id)!.status, 'PAUSED');
      assert.equal(step.name, req!.step_name);
      assert.equal(step.callId, req!.step_id);
      assert.equal(step.ask, req!.requires_user_input ? 'user_input' : 'confirmation');
      assert.equal(step.text, req!.requires_user_input ? req!.user_input_message : req!.confirmation_message);
      assert.deepEqual(
        step.fields?.map((f) => [f.name, f.type, f.description]),
        (req!.user_input_schema ?? undefined)?.map((f: Json) => [f.name, f.field_type, f.description]),
      );
      assert.equal(step.resolution, undefined);
    });
  }

  it("pw-exec-left: an agent step's tool waiting for a confirmation is one pending step, on the workflow's run, as its executor requirement says", async () => {
    const run = workflowRun('pw-exec-left');
    const [req] = run.step_requirements as Json[];
    const [inner] = req!.executor_requirements as Json[];
    const session = await provider.getSession('guarded', 'pw-exec-left');
    const steps = allPending(session);
    assert.equal(steps.length, 1, "the executor's pause and the workflow's requirement: shown once");
    assert.equal(steps[0]!.runId, run.run_id);
    assert.equal(steps[0]!.callId, inner!.tool_execution.tool_call_id);
    assert.deepEqual(steps[0]!.arguments, inner!.tool_execution.tool_args);
    assert.equal(steps[0]!.agentName, req!.executor_name);
  });

  async function continueWorkflow(
    workflow: string,
    sessionId: string,
    decide: (p: Pending) => Parameters<NonNullable<SessionProvider['continueRun']>>[0]['decisions'][number],
  ) {
    const before = await provider.getSession(workflow, sessionId);
    const [step] = allPending(before);
    const streamed: SessionEvent[] = [];
    const result = await provider.continueRun!({ agentId: workflow, sessionId, runId: step!.runId, decisions: [decide(step!)] }, (e) =>
      streamed.push(e),
    );
    const runs: Json[] = await get(`/sessions/${sessionId}/runs?type=workflow`);
    const rest = runs.find((r) => r.workflow_id)!;
    const after = await provider.getSession(workflow, sessionId);
    const shown = after.runs.find((r) => r.id === rest.run_id)!;
    assert.deepEqual(result.events, shown.events, 'the result is the workflow run as the session stores it');
    assert.equal(shown.status, rest.status);
    const steps = allPending(after);
    assert.equal(steps.length, 1);
    return { step: step!, streamed, rest, after, shown, resolved: steps[0]! };
  }
  const answerOf = (events: SessionEvent[]) => {
    const a = [...events].reverse().find((e) => e.kind === 'assistant_message');
    return a && a.kind === 'assistant_message' ? a.text : undefined;
  };

  it('a workflow step confirmed from the provider: agno runs it, and the run ends with the output agno stored', async () => {
    const { rest, shown, resolved, step } = await continueWorkflow('gated', 'pw-confirm-go', (p) => ({
      callId: p.callId!,
      outcome: 'approved',
    }));
    assert.equal(rest.status, 'COMPLETED');
    const req = (rest.step_requirements as Json[]).find((r) => r.step_id === step.callId)!;
    assert.equal(req.confirmed, true);
    assert.deepEqual(resolved.resolution, { outcome: 'approved' });
    assert.equal(answerOf(shown.events), rest.content);
    assert.ok(
      (rest.step_results as Json[]).some((r) => r.step_name === step.name),
      'the confirmed step ran',
    );
  });

  it('a workflow step rejected with a note: agno skips it and records the rejection', async () => {
    const { rest, shown, resolved, step } = await continueWorkflow('gated', 'pw-reject-go', (p) => ({
      callId: p.callId!,
      outcome: 'rejected',
      note: 'not this week',
    }));
    assert.equal(rest.status, 'COMPLETED');
    const req = (rest.step_requirements as Json[]).find((r) => r.step_id === step.callId)!;
    assert.equal(req.confirmed, false);
    assert.deepEqual(resolved.resolution, { outcome: 'rejected', ...(req.rejection_feedback ? { note: req.rejection_feedback } : {}) });
    assert.ok(!(rest.step_results as Json[]).some((r) => r.step_name === step.name), 'the rejected step did not run');
    assert.equal(answerOf(shown.events), rest.content);
  });

  it('a value asked before a workflow step, given from the provider, reaches the step', async () => {
    const { rest, shown, resolved, step } = await continueWorkflow('asking', 'pw-input-go', (p) => ({
      callId: p.callId!,
      outcome: 'provided',
      values: { tone: 'friendly' },
    }));
    assert.equal(rest.status, 'COMPLETED');
    const req = (rest.step_requirements as Json[]).find((r) => r.step_id === step.callId)!;
    assert.deepEqual(resolved.resolution, { outcome: 'provided', values: req.user_input });
    assert.ok(String(rest.content).includes('friendly'), 'the step used the value');
    assert.equal(answerOf(shown.events), rest.content);
  });

  it("an agent step's tool approved from the provider: the executor runs it, the workflow completes, and the session's tokens are agno's", async () => {
    const { rest, shown, resolved, step, after } = await continueWorkflow('guarded', 'pw-exec-go', (p) => ({
      callId: p.callId!,
      outcome: 'approved',
    }));
    assert.equal(rest.status, 'COMPLETED');
    const exec = (rest.step_executor_runs as Json[])[0]!;
    const tool = exec.tools.find((t: Json) => t.tool_call_id === step.callId);
    assert.equal(tool.confirmed, true);
    assert.deepEqual(resolved.resolution, { outcome: 'approved' });
    assert.equal(answerOf(shown.events), rest.content);
    assert.equal(
      after.runs.filter((r) => r.id === exec.run_id).length,
      1,
      'the step run once, though AgentOS lists it beside the workflow run too',
    );
    const detail = await get(`/sessions/pw-exec-go?type=workflow`);
    assert.equal(after.totals.tokens.input, detail.session_data.session_metrics.input_tokens);
    assert.equal(after.totals.tokens.output, detail.session_data.session_metrics.output_tokens);
  });
});
