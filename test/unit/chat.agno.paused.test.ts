// Continuing a paused Agno run (SessionProvider.continueRun) against the simulator's AgentOS,
// whose paused runs and /continue route follow what agno 3.1.10 streams and stores (see
// test/simulator/data/agnoPaused.ts): the decision reaches agno in its own form, the rest of the
// run streams without touching the paused events, the result is the run as the session stores
// it; a continue that fails loses nothing and can be sent again.
import assert from 'node:assert/strict';
import type { EventOfKind, SessionEvent } from '../../src/model';
import { createProvider, partialReply, ProviderError, type SessionProvider } from '../../src/providers';
import { parseChatWebviewMessage } from '../../src/protocol/chat';
import { continueTurn } from '../../src/chat/runTurn';
import { connectionFor, fastOptions, hits, useSimulator } from '../simulator/testing';

type Pending = EventOfKind<'pending_input'>;
const pendingOf = (events: SessionEvent[]) => events.filter((e): e is Pending => e.kind === 'pending_input');

describe('Agno paused runs: continueRun (against the simulator)', () => {
  const env = useSimulator();
  let provider: SessionProvider;
  beforeEach(() => {
    provider = createProvider(connectionFor(env.sim, 'agno'), env.sim.token, fastOptions(env.log));
  });

  async function paused(message: string, agentId = 'research-agent') {
    const streamed: SessionEvent[] = [];
    const r = await provider.sendMessage!({ agentId, message }, (e) => streamed.push(e));
    return { ...r, streamed, pending: pendingOf(r.events) };
  }

  it('a run paused for confirmation streams its pending step, and approving it runs the tool and completes', async () => {
    const p = await paused('Clean up old orders, confirm please');
    // While streaming: the pending step arrives as soon as agno pauses.
    assert.equal(pendingOf(p.streamed).length, 1);
    const [step] = p.pending;
    assert.equal(step!.ask, 'confirmation');
    assert.equal(step!.name, 'delete_records');
    assert.deepEqual(step!.arguments, { table: 'orders', older_than_days: 90 });
    assert.equal(step!.resolution, undefined);

    const deliveries: SessionEvent[] = [];
    const done = await provider.continueRun!(
      { agentId: 'research-agent', sessionId: p.sessionId, runId: p.runId!, decisions: [{ callId: step!.callId!, outcome: 'approved' }] },
      (e) => deliveries.push(e),
    );
    // The continued part streamed under ids of its own: none replaces an event of the paused run.
    const before = new Set(p.events.map((e) => e.id));
    assert.ok(deliveries.length && deliveries.every((e) => !before.has(e.id)), JSON.stringify(deliveries.map((e) => e.id)));
    assert.ok(deliveries.some((e) => e.kind === 'tool_result'));
    // The result is the run as the session stores it now.
    const session = await provider.getSession('research-agent', p.sessionId);
    const stored = session.runs.find((r) => r.id === p.runId)!;
    assert.deepEqual(done.events, stored.events);
    assert.equal(stored.status, 'COMPLETED');
    assert.deepEqual(pendingOf(stored.events)[0]!.resolution, { outcome: 'approved' });
    const result = stored.events.find((e) => e.kind === 'tool_result' && e.callId === step!.callId);
    assert.ok(result && result.kind === 'tool_result' && !result.isError);
    const answer = [...stored.events].reverse().find((e) => e.kind === 'assistant_message');
    assert.match(answer && answer.kind === 'assistant_message' ? answer.text : '', /^Done: /);
    // What agno received: the stored tool, confirmed.
    const post = env.sim.requests.find((r) => r.path.endsWith('/continue'))!;
    assert.ok(post.path.includes(`/agents/research-agent/runs/${p.runId}/continue`), post.path);
  });

  it('rejecting keeps the note; the run completes without running the tool', async () => {
    const p = await paused('Drop the table, confirm please');
    const step = p.pending[0]!;
    const done = await provider.continueRun!(
      {
        agentId: 'research-agent',
        sessionId: p.sessionId,
        runId: p.runId!,
        decisions: [{ callId: step.callId!, outcome: 'rejected', note: 'not today' }],
      },
      () => {},
    );
    assert.deepEqual(pendingOf(done.events)[0]!.resolution, { outcome: 'rejected', note: 'not today' });
    assert.ok(!done.events.some((e) => e.kind === 'tool_call' && e.callId === step.callId && e.id.endsWith(':continued')));
  });

  it('user input: the typed fields are asked, and the values given reach the tool', async () => {
    const p = await paused('Send the report, input please', 'research-team');
    const step = p.pending[0]!;
    assert.equal(step.ask, 'user_input');
    assert.deepEqual(
      step.fields?.map((f) => [f.name, f.type, f.value]),
      [
        ['format', 'str', 'pdf'],
        ['recipient', 'str', undefined],
        ['copies', 'int', undefined],
      ],
    );
    const done = await provider.continueRun!(
      {
        agentId: 'research-team',
        sessionId: p.sessionId,
        runId: p.runId!,
        decisions: [{ callId: step.callId!, outcome: 'provided', values: { recipient: 'ops@example.com', copies: 2 } }],
      },
      () => {},
    );
    const r = pendingOf(done.events)[0]!.resolution;
    assert.deepEqual(r, { outcome: 'provided', values: { format: 'pdf', recipient: 'ops@example.com', copies: 2 } });
    const result = done.events.find((e) => e.kind === 'tool_result' && e.callId === step.callId);
    assert.equal(result && result.kind === 'tool_result' && result.result, 'Report sent to ops@example.com (2 copies)');
    // Teams take RunRequirement dicts in `requirements`.
    assert.ok(env.sim.requests.some((x) => x.path.includes('/teams/research-team/runs/') && x.path.endsWith('/continue')));
  });

  it('a continue the server refuses loses nothing: the run still waits, and the same decision goes through after', async () => {
    const p = await paused('Clean up, confirm please');
    const step = p.pending[0]!;
    const req = {
      agentId: 'research-agent',
      sessionId: p.sessionId,
      runId: p.runId!,
      decisions: [{ callId: step.callId!, outcome: 'approved' as const }],
    };
    env.sim.setFault({ match: '/continue', times: 1, fault: { kind: 'status', status: 503 } });
    const err = await provider.continueRun!(req, () => {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ProviderError && err.code === 'server', String(err));
    assert.equal(partialReply(err), undefined, 'nothing continued, so no partial reply');
    assert.equal(hits(env.sim, '/continue'), 1, 'a POST is never retried by itself');
    assert.equal((await provider.getSession('research-agent', p.sessionId)).runs.find((r) => r.id === p.runId)!.status, 'PAUSED');
    const done = await provider.continueRun!(req, () => {});
    assert.deepEqual(pendingOf(done.events)[0]!.resolution, { outcome: 'approved' });
  });

  it('a stream that breaks after the run continued keeps the paused run and what arrived, marked incomplete', async () => {
    const p = await paused('Clean up now, confirm please');
    env.sim.setFault({ match: '/continue', times: 1, fault: { kind: 'breakStream', afterBytes: 900 } });
    const err = await provider.continueRun!(
      {
        agentId: 'research-agent',
        sessionId: p.sessionId,
        runId: p.runId!,
        decisions: [{ callId: p.pending[0]!.callId!, outcome: 'approved' }],
      },
      () => {},
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    const partial = partialReply(err);
    assert.ok(partial?.incomplete, String(err));
    const ids = partial.events.map((e) => e.id);
    for (const e of p.events) assert.ok(ids.includes(e.id), `paused event ${e.id} kept`);
    assert.ok(ids.some((id) => id.endsWith(':continued')));
  });

  it('the chat classifies a continue like a reply: refused → failed with nothing lost, then complete with the stored run', async () => {
    const p = await paused('Tidy up, confirm please');
    const req = {
      agentId: 'research-agent',
      sessionId: p.sessionId,
      runId: p.runId!,
      decisions: [{ callId: p.pending[0]!.callId!, outcome: 'approved' as const }],
    };
    env.sim.setFault({ match: '/continue', times: 1, fault: { kind: 'status', status: 500 } });
    const refused = await continueTurn(provider, req, { onEvent: () => {} }, new AbortController().signal);
    assert.equal(refused.status, 'failed');
    assert.deepEqual(refused.events, []);
    const done = await continueTurn(provider, req, { onEvent: () => {} }, new AbortController().signal);
    assert.equal(done.status, 'complete');
    const stored = (await provider.getSession('research-agent', p.sessionId)).runs.find((r) => r.id === p.runId)!;
    assert.deepEqual(done.events, stored.events);
    // The page's request is checked on receipt: a continue must carry at least one decision.
    assert.ok(parseChatWebviewMessage({ type: 'chat/continue', turnId: 't', runId: p.runId, decisions: req.decisions }).ok);
    assert.ok(!parseChatWebviewMessage({ type: 'chat/continue', turnId: 't', runId: p.runId, decisions: [] }).ok);
    assert.ok(
      !parseChatWebviewMessage({ type: 'chat/continue', turnId: 't', runId: p.runId, decisions: [{ callId: 'x', outcome: 'maybe' }] }).ok,
    );
  });

  it('refuses a decision for a step the run does not wait on, naming it, before sending anything', async () => {
    const p = await paused('Clean up again, confirm please');
    const err = await provider.continueRun!(
      { agentId: 'research-agent', sessionId: p.sessionId, runId: p.runId!, decisions: [{ callId: 'call_nope', outcome: 'approved' }] },
      () => {},
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ProviderError && err.code === 'validation' && err.message.includes('call_nope'), String(err));
    assert.equal(hits(env.sim, '/continue'), 0);
  });
});
