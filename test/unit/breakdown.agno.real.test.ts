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
    provider = createProvider({ id: 'agno-peer', kind: 'agno', label: 'Agno peer', baseUrl: peer.baseUrl }, peer.key, {
      maxRetries: 0,
      timeoutMs: 10_000,
    });
    for (const s of dump.sessions) sessions.set(s.session_id, await provider.getSession(s.agent_id, s.session_id));
  });

  after(async () => {
    await peer?.stop();
  });

  /** Every run agno wrote for a session, by run id: its runs and the runs nested in them (workflow steps, a team step's members). */
  function agnoRuns(sessionId: string): Map<string, Record<string, any>> {
    const out = new Map<string, Record<string, any>>();
    const visit = (v: unknown) => {
      if (Array.isArray(v)) return v.forEach(visit);
      if (!v || typeof v !== 'object') return;
      const r = v as Record<string, any>;
      if (typeof r.run_id === 'string' && ('metrics' in r || 'status' in r) && !out.has(r.run_id)) out.set(r.run_id, r);
      Object.values(r).forEach(visit);
    };
    visit(dump.runs[sessionId] ?? []);
    return out;
  }

  it("adds up, per run and per session, to agno's own metrics, or shows where agno differs", () => {
    assert.ok(sessions.size >= 8, 'the peer wrote agent, team and workflow sessions');
    let compared = 0;
    for (const want of dump.sessions) {
      const session = sessions.get(want.session_id)!;
      const b = computeBreakdown(session);
      assert.deepEqual(b.session.tokens, session.totals.tokens, `${want.session_id}: the breakdown is the session's totals`);
      const reported = tokensOf(want.session_data?.session_metrics);
      const differs = (['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning'] as const).filter(
        (k) => reported[k] !== undefined && reported[k] !== b.session.tokens[k],
      );
      // Where agno's session metrics and the events disagree, the breakdown says so beside them.
      assert.deepEqual(
        b.mismatches.map((m) => m.field).filter((f) => f.startsWith('tokens.') && f !== 'tokens.total'),
        differs.map((k) => `tokens.${k}`),
        `${want.session_id}: differences shown`,
      );
      const theirs = agnoRuns(want.session_id);
      for (const row of b.runs) {
        const run = theirs.get(row.key.slice(row.key.indexOf(':') + 1));
        assert.ok(run, `${want.session_id}: run ${row.key} is one agno wrote`);
        if (!run.metrics) continue;
        assert.deepEqual(
          row.tokens,
          tokensOf(run.metrics),
          `${want.session_id} run ${run.run_id} (${row.label}): tokens as agno measured the run`,
        );
        if (typeof run.metrics.cost === 'number') assert.equal(row.costUsd, run.metrics.cost, `${want.session_id} run ${run.run_id}: cost`);
        compared++;
      }
    }
    assert.ok(compared >= 10, `${compared} runs compared`);
  });

  it("gives a team's members their own tokens, not their leader's, as agno's run metrics do", () => {
    for (const id of ['t-desk', 't-router']) {
      const session = sessions.get(id)!;
      const b = computeBreakdown(session);
      const runs = dump.runs[id];
      const leader = runs.find((r) => !r.parent_run_id)!;
      const lead = b.agents.find((a) => a.role === 'agent')!;
      assert.deepEqual(lead.tokens, tokensOf(leader.metrics), `${id}: the leader's row holds the leader run's metrics only`);
      const members = runs.filter((r) => r.parent_run_id === leader.run_id);
      assert.ok(members.length >= 1, `${id}: agno ran members`);
      const memberRows = b.agents.filter((a) => a.role === 'member');
      assert.equal(memberRows.length, new Set(members.map((m) => m.agent_id)).size, `${id}: one row per member`);
      const sum = (key: 'input_tokens' | 'output_tokens') => members.reduce((n, m) => n + (m.metrics?.[key] ?? 0), 0);
      assert.equal(
        memberRows.reduce((n, a) => n + (a.tokens.input ?? 0), 0),
        sum('input_tokens'),
        `${id}: members' input`,
      );
      assert.equal(
        memberRows.reduce((n, a) => n + (a.tokens.output ?? 0), 0),
        sum('output_tokens'),
        `${id}: members' output`,
      );
    }
  });

  it('reads the cache-hit rate and cost of a model that reports them', () => {
    const b = computeBreakdown(sessions.get('a-cache')!);
    const m = dump.runs['a-cache'][0].metrics;
    assert.ok(m.cache_read_tokens > 0, 'agno stored cache reads');
    assert.equal(b.session.cacheHitRate, m.cache_read_tokens / (m.input_tokens + m.cache_read_tokens + m.cache_write_tokens));
    assert.equal(b.session.costUsd, m.cost);
    assert.equal(b.topCalls[0].costUsd, m.cost);
  });

  it('counts one model call per model request agno measured, with its prompt size', () => {
    for (const want of dump.sessions.filter((s) => s.agent_id && !s.team_id && !s.workflow_id)) {
      const b = computeBreakdown(sessions.get(want.session_id)!);
      const runs = dump.runs[want.session_id];
      // A run stored with events has one ModelRequestCompleted per request; one without, the
      // per-message metrics of its assistant messages.
      const requests = runs.flatMap((r) => {
        const events = ((r.events ?? []) as Array<Record<string, any>>).filter((e) => e.event === 'ModelRequestCompleted');
        if (events.length) return events.map((e) => (e.input_tokens ?? 0) + (e.cache_read_tokens ?? 0) + (e.cache_write_tokens ?? 0));
        return ((r.messages ?? []) as Array<Record<string, any>>)
          .filter((m) => m.role === 'assistant' && !m.from_history && m.metrics?.input_tokens)
          .map((m) => m.metrics.input_tokens + (m.metrics.cache_read_tokens ?? 0) + (m.metrics.cache_write_tokens ?? 0));
      });
      assert.equal(b.session.modelCalls, requests.length, `${want.session_id}: model calls`);
      assert.deepEqual(
        b.calls.map((c) => c.promptTokens),
        requests,
        `${want.session_id}: prompt size per request, in order (prompt growth)`,
      );
    }
  });

  it("shows agno's time to first token: each run's from its run metrics, each request's from its event or its message", () => {
    const ms = (seconds: number) => Math.round(seconds * 1e6) / 1e3;
    let runsSeen = 0;
    let callsSeen = 0;
    for (const want of dump.sessions) {
      const b = computeBreakdown(sessions.get(want.session_id)!);
      const theirs = agnoRuns(want.session_id);
      for (const row of b.runs) {
        const run = theirs.get(row.key.slice(row.key.indexOf(':') + 1))!;
        const ttft = run.metrics?.time_to_first_token;
        assert.equal(
          row.ttftMs,
          typeof ttft === 'number' ? ms(ttft) : undefined,
          `${want.session_id} run ${run.run_id}: first token as agno measured it`,
        );
        if (typeof ttft === 'number') runsSeen++;
      }
      if (want.team_id || want.workflow_id) continue;
      // A run stored with events: its ModelRequestCompleted says; without: its answer's message metrics.
      const expected = dump.runs[want.session_id].flatMap((r) => {
        const events = ((r.events ?? []) as Array<Record<string, any>>).filter((e) => e.event === 'ModelRequestCompleted');
        if (events.length) return events.map((e) => e.time_to_first_token as number | undefined);
        return ((r.messages ?? []) as Array<Record<string, any>>)
          .filter((m) => m.role === 'assistant' && !m.from_history && m.metrics?.input_tokens)
          .map((m) => m.metrics.time_to_first_token as number | undefined);
      });
      assert.deepEqual(
        b.calls.map((c) => c.ttftMs),
        expected.map((t) => (typeof t === 'number' ? ms(t) : undefined)),
        `${want.session_id}: first token per request, in order`,
      );
      callsSeen += expected.filter((t) => typeof t === 'number').length;
    }
    assert.ok(runsSeen >= 10, `${runsSeen} runs with agno's time to first token`);
    assert.ok(callsSeen >= 5, `${callsSeen} requests with agno's time to first token`);
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
        assert.ok(
          g.toolMs !== undefined && Math.abs(g.toolMs - ms) < 0.01 * mine.length,
          `${id} ${name}: tool time ${g.toolMs} ms vs agno's ${ms} ms`,
        );
        const chars = mine.reduce((a, t) => a + String(t.result ?? '').length, 0);
        if (!mine.some((t) => t.tool_call_error)) assert.equal(g.resultChars, chars, `${id} ${name}: result size`);
      }
      assert.equal(b.topResults[0].chars, Math.max(...b.topResults.map((r) => r.chars)));
    }
  });
});
