// The breakdown of sessions a real AgentOS wrote (test/agno-peer): every expectation comes from
// the peer's dump of what agno itself recorded — its run metrics, session metrics, messages and
// tool executions — never from hand-written values.
import assert from 'node:assert/strict';
import { computeBreakdown, type Session, type TokenUsage } from '../../src/model';
import { createProvider, type SessionProvider } from '../../src/providers';
import { startAgnoPeer, type AgnoDump, type AgnoPeer } from '../agno-peer/start';

/** agno's metrics leave out zero counts; so does the model (see agno.real.test.ts). */
function tokensOf(m: Record<string, number | undefined> | undefined): TokenUsage {
  const t: TokenUsage = {};
  if (!m) return t;
  if (m.input_tokens) t.input = m.input_tokens;
  if (m.output_tokens) t.output = m.output_tokens;
  if (m.cache_read_tokens) t.cacheRead = m.cache_read_tokens;
  if (m.cache_write_tokens) t.cacheWrite = m.cache_write_tokens;
  if (m.reasoning_tokens) t.reasoning = m.reasoning_tokens;
  return t;
}

describe('breakdown of sessions from a real AgentOS (test/agno-peer)', function () {
  this.timeout(20_000);
  let peer: AgnoPeer;
  let provider: SessionProvider;
  let dump: AgnoDump;
  const sessions = new Map<string, Session>();

  before(async function () {
    this.timeout(600_000);
    peer = await startAgnoPeer();
    dump = peer.dump;
    provider = createProvider({ id: 'agno-peer', kind: 'agno', label: 'Agno peer', baseUrl: peer.baseUrl }, peer.key, { maxRetries: 0, timeoutMs: 10_000 });
    for (const s of dump.sessions) sessions.set(s.session_id, await provider.getSession(s.agent_id, s.session_id));
  });

  after(async () => {
    await peer?.stop();
  });

  it("adds up, per run and per session, to agno's own metrics", () => {
    assert.ok(sessions.size >= 3, 'the peer wrote sessions');
    for (const want of dump.sessions) {
      const b = computeBreakdown(sessions.get(want.session_id)!);
      assert.deepEqual(b.session.tokens, tokensOf(want.session_data?.session_metrics), `${want.session_id}: session tokens`);
      const runs = dump.runs[want.session_id];
      assert.equal(b.runs.length, runs.length, `${want.session_id}: one row per run`);
      runs.forEach((run, i) => assert.deepEqual(b.runs[i].tokens, tokensOf(run.metrics), `${want.session_id} run ${run.run_id}: tokens`));
      // One agent, one model: both groupings hold everything.
      assert.deepEqual(b.agents.map((a) => [a.label, a.role]), [[want.agent_data.name, 'agent']]);
      assert.deepEqual(b.models.map((m) => m.label), [want.agent_data.model.id]);
      assert.deepEqual(b.models[0].tokens, b.session.tokens);
      assert.deepEqual(b.mismatches, [], `${want.session_id}: agno's session metrics agree with the events`);
    }
  });

  it('counts one model call per model request agno measured', () => {
    for (const want of dump.sessions) {
      const b = computeBreakdown(sessions.get(want.session_id)!);
      // agno stores per-message metrics on the assistant messages: one per model request.
      const requests = dump.runs[want.session_id].flatMap((r) => (r.messages ?? []) as Array<Record<string, any>>).filter((m) => m.role === 'assistant' && !m.from_history && m.metrics?.input_tokens);
      assert.equal(b.session.modelCalls, requests.length, `${want.session_id}: model calls`);
      const inputs = requests.map((m) => m.metrics.input_tokens as number);
      assert.deepEqual(b.calls.map((c) => c.promptTokens), inputs, `${want.session_id}: prompt size per request, in order (prompt growth)`);
    }
  });

  it("attributes tools, their errors and their time as agno's tool executions say", () => {
    for (const id of ['s-tools', 's-stream']) {
      const b = computeBreakdown(sessions.get(id)!);
      const tools = dump.runs[id].flatMap((r) => (r.tools ?? []) as Array<Record<string, any>>);
      assert.ok(tools.length >= 2, `${id}: the peer ran tools`);
      for (const name of new Set(tools.map((t) => t.tool_name as string))) {
        const mine = tools.filter((t) => t.tool_name === name);
        const g = b.tools.find((t) => t.label === name);
        assert.ok(g, `${id}: a row for ${name}`);
        assert.equal(g.toolCalls, mine.length, `${id} ${name}: calls`);
        assert.equal(g.errors, mine.filter((t) => t.tool_call_error).length, `${id} ${name}: errors`);
        const seconds = mine.map((t) => t.metrics?.duration).filter((d): d is number => typeof d === 'number');
        const ms = seconds.reduce((a, d) => a + d * 1000, 0);
        assert.ok(g.toolMs !== undefined && Math.abs(g.toolMs - ms) < 0.01 * mine.length, `${id} ${name}: tool time ${g.toolMs} ms vs agno's ${ms} ms`);
        const chars = mine.reduce((a, t) => a + String(t.result ?? '').length, 0);
        if (!mine.some((t) => t.tool_call_error)) assert.equal(g.resultChars, chars, `${id} ${name}: result size`);
      }
      assert.equal(b.topResults[0].chars, Math.max(...b.topResults.map((r) => r.chars)));
    }
  });
});
