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
    assert.ok(pendingOf(session.runs[0]!.events)[0]!.fields!.some((f) => f.value === undefined), 'a field is left to the person');
  });

  async function continueWith(sessionId: string, decide: (p: Pending) => Parameters<NonNullable<SessionProvider['continueRun']>>[0]['decisions'][number]) {
    const before = await provider.getSession('guard', sessionId);
    const run = before.runs[0]!;
    const [step] = pendingOf(run.events);
    const streamed: SessionEvent[] = [];
    const result = await provider.continueRun!({ agentId: 'guard', sessionId, runId: run.id, decisions: [decide(step!)] }, (e) => streamed.push(e));
    const after = await provider.getSession('guard', sessionId);
    return { step: step!, streamed, result, after: after.runs.find((r) => r.id === run.id)!, rest: await served(sessionId) };
  }

  it('approved from the provider: agno runs the tool, the run completes, and what we show is the run agno serves', async () => {
    const { step, streamed, result, after, rest } = await continueWith('p-confirm-go', (p) => ({ callId: p.callId!, outcome: 'approved' }));
    assert.equal(rest.status, 'COMPLETED');
    assert.equal(after.status, rest.status);
    assert.deepEqual(result.events, after.events, 'the result is the stored run');
    assert.ok(streamed.some((e) => e.kind === 'tool_result'), 'the rest streamed');
    const tool = rest.tools.find((t: Json) => t.tool_call_id === step.callId);
    assert.equal(tool.confirmed, true);
    assert.deepEqual(pendingOf(after.events)[0]!.resolution, { outcome: 'approved' });
    const r = after.events.find((e) => e.kind === 'tool_result' && e.callId === step.callId);
    assert.equal(r && r.kind === 'tool_result' && r.result, tool.result);
    const answer = [...after.events].reverse().find((e) => e.kind === 'assistant_message');
    assert.equal(answer && answer.kind === 'assistant_message' && answer.text, rest.content);
  });

  it('rejected with a note: agno records the rejection and the note, and the run completes', async () => {
    const { step, after, rest } = await continueWith('p-reject-go', (p) => ({ callId: p.callId!, outcome: 'rejected', note: 'keep that file' }));
    assert.equal(rest.status, 'COMPLETED');
    const tool = rest.tools.find((t: Json) => t.tool_call_id === step.callId);
    assert.equal(tool.confirmed, false);
    assert.deepEqual(pendingOf(after.events)[0]!.resolution, { outcome: 'rejected', note: tool.confirmation_note });
  });

  it('user input given from the provider reaches the tool agno runs', async () => {
    const { step, after, rest } = await continueWith('p-input-go', (p) => ({ callId: p.callId!, outcome: 'provided', values: { reason: 'weekly report' } }));
    assert.equal(rest.status, 'COMPLETED');
    const tool = rest.tools.find((t: Json) => t.tool_call_id === step.callId);
    assert.equal(tool.tool_args.reason, 'weekly report');
    const shown = pendingOf(after.events)[0]!.resolution;
    assert.deepEqual(shown?.values, Object.fromEntries(tool.user_input_schema.map((f: Json) => [f.name, f.value])));
    const r = after.events.find((e) => e.kind === 'tool_result' && e.callId === step.callId);
    assert.equal(r && r.kind === 'tool_result' && r.result, tool.result);
  });
});
