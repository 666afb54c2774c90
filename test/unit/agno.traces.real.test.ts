// Agno's own traces in the Agno provider, against the real AgentOS peer: with `--tracing` agno stores
// OpenInference's spans of every run and serves them (GET /traces, GET /traces/{trace_id}); a run
// whose stored data has no model requests then shows a model call per LLM span, at the span's time
// and for its duration, with agno's tokens. Without tracing nothing changes. Expectations come from
// what the peer serves (its REST routes), never from hand-written values.
import assert from 'node:assert/strict';
import type { Connection, Session, SessionEvent } from '../../src/model';
import { createProvider, type SessionProvider } from '../../src/providers';
import { mapAgnoSession } from '../../src/providers/agno/map';
import { startAgnoPeer, type AgnoPeer } from '../agno-peer/start';
import { ofKind } from './helpers';

type Json = Record<string, any>;
type ModelCall = Extract<SessionEvent, { kind: 'model_call' }>;

const connection = (baseUrl: string): Connection => ({ id: 'agno-peer', kind: 'agno', label: 'Agno peer', baseUrl });

async function rest(peer: AgnoPeer, path: string): Promise<Json> {
  const r = await fetch(peer.baseUrl + path, { headers: { Authorization: `Bearer ${peer.key}` } });
  assert.equal(r.status, 200, `GET ${path}`);
  return (await r.json()) as Json;
}

/** The session as the provider maps agno's stored data alone (what it showed before traces). */
async function storedOnly(peer: AgnoPeer, agentId: string, sessionId: string, type: string): Promise<Session> {
  const [detail, runs] = await Promise.all([
    rest(peer, `/sessions/${sessionId}?type=${type}`),
    rest(peer, `/sessions/${sessionId}/runs?type=${type}`),
  ]);
  // The names the provider learns from AgentOS's lists (a member run read back names only its id).
  const names = new Map<string, string>();
  for (const kind of ['agents', 'teams', 'workflows']) {
    for (const c of (await rest(peer, `/${kind}`)) as unknown as Json[]) {
      if (!names.has(c.id)) names.set(c.id, c.name);
      for (const m of (c.members ?? []) as Json[]) if (!names.has(m.id)) names.set(m.id, m.name);
    }
  }
  return mapAgnoSession(detail, runs as unknown as unknown[], {
    connectionId: 'agno-peer',
    agentId,
    agentName: undefined,
    sessionId,
    names,
  });
}

/**
 * A trace's LLM nodes that are `runId`'s own, in start order: those whose nearest AGENT, TEAM or
 * WORKFLOW node above is the run's (the root for the trace's run, else the node whose metadata names
 * the run). Under a workflow step's node agno names no run, so those belong to none.
 */
function llmNodes(trace: Json, runId: string): Json[] {
  const out: Json[] = [];
  const visit = (n: Json, run: string | undefined, root: boolean) => {
    const owner = root ? trace.run_id : ['AGENT', 'TEAM', 'WORKFLOW'].includes(n.type) ? n.metadata?.run_id : run;
    if (n.type === 'LLM' && owner === runId) out.push(n);
    for (const c of n.spans ?? []) visit(c, owner, false);
  };
  for (const root of trace.tree) visit(root, trace.run_id, true);
  return out.sort((a, b) => Date.parse(a.start_time) - Date.parse(b.start_time));
}

/** ISO with microseconds → milliseconds with the microseconds kept. */
const micros = (iso: string) => Date.parse(iso) + Number(/\.\d{3}(\d{3})/.exec(iso)?.[1] ?? '0') / 1000;

const withoutCalls = (s: Session) => s.runs.map((r) => r.events.filter((e) => e.kind !== 'model_call').map(({ latencyMs: _l, ...e }) => e));

describe('Agno provider with AgentOS tracing on (test/agno-peer --tracing)', function () {
  this.timeout(60_000);
  let peer: AgnoPeer;
  let provider: SessionProvider;

  before(async function () {
    this.timeout(600_000);
    peer = await startAgnoPeer({ args: ['--tracing'], readyTimeoutMs: 300_000 });
    provider = createProvider(connection(peer.baseUrl), peer.key, { maxRetries: 0, timeoutMs: 20_000 });
    await provider.listAgents();
  });
  after(async () => {
    await peer?.stop();
  });

  for (const [agentId, sessionId, type] of [
    ['helper', 's-tools', 'agent'],
    ['echo', 's-echo-2', 'agent'],
    ['router', 't-router', 'team'],
  ] as const) {
    it(`${sessionId}: a model call per LLM span of each run's trace, at its time and for its duration, with agno's tokens`, async () => {
      const session = await provider.getSession(agentId, sessionId);
      const stored = await storedOnly(peer, agentId, sessionId, type);
      const list = (await rest(peer, `/traces?session_id=${sessionId}&limit=100`)).data as Json[];
      assert.ok(list.length, 'agno traced the session');
      let calls = 0;
      for (const run of session.runs) {
        const summary = list.find((t) => t.run_id === run.id);
        const owner = summary ?? list.find((t) => session.runs.some((r) => r.id === t.run_id));
        const trace = await rest(peer, `/traces/${(summary ?? owner)!.trace_id}`);
        const nodes = llmNodes(trace, run.id);
        const got = ofKind(run.events, 'model_call') as ModelCall[];
        assert.equal(got.length, nodes.length, `model calls of run ${run.id}`);
        got.forEach((c, i) => {
          const n = nodes[i]!;
          assert.equal(c.timestamp, n.start_time);
          assert.ok(Math.abs(c.latencyMs! - (micros(n.end_time) - micros(n.start_time))) < 0.002, `duration of call ${i}: ${c.latencyMs}`);
          assert.equal(c.model, n.metadata.model);
          // agno's own figures (its stored message), and the trace says the same.
          assert.equal(c.tokens?.input, n.metadata.input_tokens, `input tokens of call ${i}`);
          assert.equal(c.tokens?.output, n.metadata.output_tokens, `output tokens of call ${i}`);
        });
        calls += got.length;
      }
      assert.ok(calls > 0, 'the session gained model calls');
      assert.deepEqual(withoutCalls(session), withoutCalls(stored), 'everything else is as agno stored it');
      assert.deepEqual(session.totals.tokens, stored.totals.tokens, "the session's tokens stay agno's");
      assert.equal(session.totals.costUsd, stored.totals.costUsd);
      assert.equal(session.totals.requests, calls);
    });
  }

  it("a run agno's tracing filed under another session's trace keeps its stored data (a-cache)", async () => {
    // OpenInference's Agno instrumentation left the route-mode team's span current after its run, so
    // the next agents' runs became children of it: agno's traces file them under t-router's trace.
    assert.deepEqual((await rest(peer, '/traces?session_id=a-cache')).data, [], 'agno lists no trace for a-cache');
    const router = (await rest(peer, '/traces?session_id=t-router')).data as Json[];
    const tree = JSON.stringify((await rest(peer, `/traces/${router[0]!.trace_id}`)).tree);
    assert.ok(tree.includes('"session_id":"a-cache"'), "the cache agent's run is inside t-router's trace");
    assert.deepEqual(await provider.getSession('cache-agent', 'a-cache'), await storedOnly(peer, 'cache-agent', 'a-cache', 'agent'));
  });

  it('a run whose stored events hold its model requests keeps them (s-stream, store_events)', async () => {
    const session = await provider.getSession('helper', 's-stream');
    const stored = await storedOnly(peer, 'helper', 's-stream', 'agent');
    assert.ok(ofKind(stored.runs[0]!.events, 'model_call').length > 0, 'agno stored ModelRequest events');
    assert.deepEqual(session, stored);
  });
});

describe('Agno provider without AgentOS tracing (test/agno-peer)', function () {
  this.timeout(60_000);
  let peer: AgnoPeer;
  let provider: SessionProvider;

  before(async function () {
    this.timeout(600_000);
    peer = await startAgnoPeer({ readyTimeoutMs: 300_000 });
    provider = createProvider(connection(peer.baseUrl), peer.key, { maxRetries: 0, timeoutMs: 20_000 });
    await provider.listAgents();
  });
  after(async () => {
    await peer?.stop();
  });

  it('the routes answer with no traces, and every session is as agno stored it', async () => {
    for (const [agentId, sessionId, type] of [
      ['helper', 's-tools', 'agent'],
      ['router', 't-router', 'team'],
    ] as const) {
      assert.deepEqual((await rest(peer, `/traces?session_id=${sessionId}`)).data, []);
      assert.deepEqual(await provider.getSession(agentId, sessionId), await storedOnly(peer, agentId, sessionId, type));
    }
  });
});
