// The Agno AgentOS provider against the simulator: agents, teams and workflows; hundreds of
// sessions paged newest first; agent, team and workflow sessions with their runs; auth and faults.
import assert from 'node:assert/strict';
import type { SessionSummary } from '../../src/model';
import { createProvider, isCancelled, type SessionProvider } from '../../src/providers';
import { AGNO_BIG_AGENT, AGNO_COMPONENTS, AgnoData } from '../simulator/data/agno';
import { startSimulator } from '../simulator/server';
import { connectionFor, fastOptions, hits, useSimulator } from '../simulator/testing';
import { rejects, ofKind } from './helpers';

async function allPages(p: SessionProvider, agentId: string, pageSize: number): Promise<{ items: SessionSummary[]; pages: number }> {
  const items: SessionSummary[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await p.listSessions(agentId, cursor, pageSize);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { items, pages };
}

describe('Agno AgentOS provider (against the simulator)', () => {
  const env = useSimulator();
  let provider: SessionProvider;
  const data = new AgnoData();
  const rowsOf = (id: string) => data.rows.filter((r) => r.componentId === id);

  beforeEach(() => {
    provider = createProvider(connectionFor(env.sim, 'agno'), env.sim.token, fastOptions(env.log));
  });

  it('lists agents, teams and workflows, each with its type', async () => {
    const agents = await provider.listAgents();
    assert.deepEqual(
      agents.map((a) => [a.id, a.type, a.name]),
      AGNO_COMPONENTS.map((c) => [c.id, c.type, c.name]),
    );
    assert.equal(agents.find((a) => a.id === 'research-agent')!.model, 'claude-sonnet-4-5');
    assert.deepEqual(env.sim.requests.map((r) => r.path).sort(), ['/agno/agents', '/agno/teams', '/agno/workflows']);
  });

  it('pages through hundreds of sessions, newest first, without gaps or repeats', async () => {
    const rows = rowsOf(AGNO_BIG_AGENT);
    assert.ok(rows.length >= 200);
    const { items, pages } = await allPages(provider, AGNO_BIG_AGENT, 50);
    assert.equal(pages, Math.ceil(rows.length / 50));
    assert.equal(new Set(items.map((s) => s.id)).size, rows.length);
    const expected = [...rows].sort((a, b) => b.createdMs - a.createdMs).map((r) => r.id);
    assert.deepEqual(
      items.map((s) => s.id),
      expected,
    );
    for (let i = 1; i < items.length; i++) assert.ok(items[i - 1]!.createdAt! > items[i]!.createdAt!, `not newest first at ${i}`);
    assert.ok(items.every((s) => s.agentId === AGNO_BIG_AGENT && s.title && s.tokens! > 0));
    // It asks for newest first (the server would happily sort the other way).
    const q = new URLSearchParams(env.sim.requests.find((r) => r.path === '/agno/sessions')!.query);
    assert.deepEqual(Object.fromEntries(q), {
      type: 'agent',
      component_id: AGNO_BIG_AGENT,
      limit: '50',
      page: '1',
      sort_by: 'created_at',
      sort_order: 'desc',
    });
  });

  it('the simulator sorts both ways: ascending is the exact reverse of what the provider shows', async () => {
    const { items } = await allPages(provider, 'sql-agent', 10);
    const res = await fetch(`${env.sim.baseUrls.agno}/sessions?type=agent&component_id=sql-agent&limit=100&sort_order=asc`, {
      headers: { Authorization: `Bearer ${env.sim.token}` },
    });
    const asc = ((await res.json()) as { data: Array<{ session_id: string }> }).data.map((r) => r.session_id);
    assert.deepEqual(asc, items.map((s) => s.id).reverse());
  });

  it('lists sessions of a team and of a workflow with their type', async () => {
    const team = await provider.listSessions('research-team', undefined, 5);
    assert.equal(team.items.length, 5);
    assert.equal(team.nextCursor, '2');
    assert.match(env.sim.requests.at(-1)!.query, /type=team/);
    const wf = await provider.listSessions('content-pipeline', undefined, 100);
    assert.equal(wf.items.length, rowsOf('content-pipeline').length);
    assert.equal(wf.nextCursor, undefined);
  });

  it('maps an agent session: messages, reasoning, tool calls with a failed one, metrics', async () => {
    // The newest research-agent session with two runs has a failing tool in its second run.
    const row = [...rowsOf(AGNO_BIG_AGENT)].sort((a, b) => b.createdMs - a.createdMs).find((r) => data.runs(r).length >= 2)!;
    const s = await provider.getSession(AGNO_BIG_AGENT, row.id);
    assert.equal(s.provider, 'agno');
    assert.equal(s.id, row.id);
    assert.equal(s.title, row.name);
    assert.equal(s.agentName, 'Research Agent');
    assert.equal(s.metadata.session_type, 'agent');
    assert.equal(s.runs.length, data.runs(row).length);
    const run2 = s.runs[1]!;
    const events = run2.events;
    assert.equal(ofKind(events, 'user_message')[0]!.text, 'Can you go deeper on the second point?');
    assert.match(ofKind(events, 'reasoning')[0]!.text, /search for sources/);
    const calls = ofKind(events, 'tool_call');
    assert.deepEqual(
      calls.map((c) => c.name),
      ['web_search', 'read_url'],
    );
    assert.deepEqual(calls[0]!.arguments, { query: 'Can you go deeper on the second point?', max_results: 5 });
    const failed = ofKind(events, 'tool_result').filter((r) => r.isError);
    assert.equal(failed.length, 1);
    assert.match(String(failed[0]!.result), /timed out/);
    assert.ok(ofKind(events, 'assistant_message')[0]!.text.startsWith('Here is a summary'));
    assert.ok(ofKind(events, 'other').some((e) => e.type === 'RunStarted'));
    assert.ok(s.runs[0]!.events.some((e) => e.kind === 'system_message'));
    assert.ok(s.totals.tokens.input! > 0 && s.totals.tokens.reasoning! > 0);
    assert.equal(s.totals.errors, 1);
    // Both requests carried the type so AgentOS looks in the right table.
    assert.ok(env.sim.requests.filter((r) => r.path.startsWith(`/agno/sessions/${row.id}`)).every((r) => r.query.includes('type=agent')));
  });

  it('maps team and workflow sessions', async () => {
    const teamRow = rowsOf('research-team')[0]!;
    const team = await provider.getSession('research-team', teamRow.id);
    assert.equal(team.metadata.session_type, 'team');
    assert.equal(team.runs.length, 2);
    assert.ok(ofKind(team.runs[0]!.events, 'tool_call').some((c) => c.name === 'delegate_task_to_member'));
    const wfRow = rowsOf('content-pipeline')[0]!;
    const wf = await provider.getSession('content-pipeline', wfRow.id);
    assert.equal(wf.metadata.session_type, 'workflow');
    assert.deepEqual(ofKind(wf.runs[0]!.events, 'other').filter((e) => e.type === 'StepCompleted').length, 3);
  });

  it('learns the type on its own when a session is opened before the agents are listed', async () => {
    const row = rowsOf('research-team')[1]!;
    const s = await provider.getSession('research-team', row.id);
    assert.equal(s.metadata.session_type, 'team');
    assert.ok(env.sim.requests.some((r) => r.path === '/agno/teams'));
  });

  it('says which session was not found', async () => {
    const e = await rejects(provider.getSession('basic-agent', 'no-such-session'));
    assert.equal(e.code, 'not_found');
    assert.match(e.message, /^Agno AgentOS has no session "no-such-session" \(404\)/);
    // Whichever of the two requests answered first: agno words them differently.
    assert.match(e.message, /Server said: (Agent Session with id 'no-such-session'|Session with ID no-such-session) not found$/);
  });

  it('works without a security key against an open AgentOS', async () => {
    const open = await startSimulator({ agnoOpen: true });
    try {
      const p = createProvider(connectionFor(open, 'agno'), undefined, fastOptions(env.log));
      assert.equal((await p.listAgents()).length, AGNO_COMPONENTS.length);
      assert.ok(open.requests.every((r) => r.auth === 'missing'));
    } finally {
      await open.close();
    }
  });

  it('says a key is needed when the AgentOS has one and none is set', async () => {
    const p = createProvider(connectionFor(env.sim, 'agno'), undefined, fastOptions(env.log));
    const e = await rejects(p.listAgents());
    assert.equal(e.code, 'auth');
    assert.equal(e.details?.action, 'setToken');
    assert.match(e.message, /^Agno AgentOS needs a token \(401\) and none is set — run "Set Token…" to enter one\./);
  });

  it('says the key was rejected (401)', async () => {
    const p = createProvider(connectionFor(env.sim, 'agno'), 'wrong-key-123456', fastOptions(env.log));
    const e = await rejects(p.listSessions('basic-agent', undefined, 10));
    assert.equal(e.code, 'auth');
    assert.match(
      e.message,
      /^Agno AgentOS rejected the token \(401\) — run "Set Token…" to enter a new one\. AgentOS checks it against its OS_SECURITY_KEY.*Server said: Invalid authentication token$/,
    );
  });

  it('retries 429 and a dropped connection on the session list, then succeeds', async () => {
    await provider.listAgents();
    env.sim.clearRequests();
    env.sim.setFault({ match: '/agno/sessions', times: 1, fault: { kind: 'status', status: 429, retryAfter: 0 } });
    env.sim.setFault({ match: '/agno/sessions', times: 1, fault: { kind: 'drop' } });
    const page = await provider.listSessions(AGNO_BIG_AGENT, undefined, 20);
    assert.equal(page.items.length, 20);
    assert.equal(hits(env.sim, '/agno/sessions'), 3);
  });

  it('gives up on a persistent 500 with a server message', async () => {
    await provider.listAgents();
    env.sim.setFault({ match: '/agno/sessions', fault: { kind: 'status', status: 500 } });
    const e = await rejects(provider.listSessions(AGNO_BIG_AGENT, undefined, 20));
    assert.equal(e.code, 'server');
    assert.match(e.message, /^Agno AgentOS had a server error \(500\) on GET \/agno\/sessions after 3 retries/);
  });

  it('names the field when the session list drifted', async () => {
    await provider.listAgents();
    env.sim.setFault({ match: '/agno/sessions', times: 1, fault: { kind: 'drift' } });
    const e = await rejects(provider.listSessions(AGNO_BIG_AGENT, undefined, 20));
    assert.equal(e.code, 'bad_response');
    assert.match(e.message, /^Agno returned a session list that does not fit: data: /);
  });

  it('names the field when the runs drifted', async () => {
    const row = rowsOf('basic-agent')[0]!;
    env.sim.setFault({ match: '/runs', times: 1, fault: { kind: 'drift' } });
    const e = await rejects(provider.getSession('basic-agent', row.id));
    assert.equal(e.code, 'bad_response');
    assert.match(e.message, /runs\[0\]\.run_id: expected string, received number/);
  });

  it('reports a truncated agent list', async () => {
    env.sim.setFault({ match: '/agno/teams', times: 1, fault: { kind: 'truncate' } });
    const e = await rejects(provider.listAgents());
    assert.equal(e.code, 'bad_response');
    assert.match(e.message, /^Agno AgentOS sent an incomplete answer for GET \/agno\/teams/);
  });

  it('cancels getSession: both requests are aborted and the server sees them close', async () => {
    await provider.listAgents();
    const row = rowsOf('basic-agent')[0]!;
    env.sim.setFault({ match: `/agno/sessions/${row.id}`, fault: { kind: 'delay', ms: 10_000 } });
    const controller = new AbortController();
    const pending = provider.getSession('basic-agent', row.id, controller.signal);
    await env.sim.waitForRequest((r) => r.path.endsWith('/runs'));
    await env.sim.waitForRequest((r) => r.path === `/agno/sessions/${row.id}`);
    controller.abort();
    assert.ok(isCancelled(await rejects(pending)));
    await env.sim.waitForRequest((r) => r.path.endsWith('/runs') && r.clientClosed, 2000);
    await env.sim.waitForRequest((r) => r.path === `/agno/sessions/${row.id}` && r.clientClosed, 2000);
  });

  it('aborts the sibling request when one of the two fails', async () => {
    await provider.listAgents();
    const row = rowsOf('basic-agent')[1]!;
    env.sim.setFault({ match: '/runs', fault: { kind: 'delay', ms: 10_000 } });
    env.sim.setFault({ match: `/agno/sessions/${row.id}`, method: 'GET', times: 1, fault: { kind: 'status', status: 404 } });
    const e = await rejects(provider.getSession('basic-agent', row.id));
    assert.equal(e.code, 'not_found');
    await env.sim.waitForRequest((r) => r.path.endsWith('/runs') && r.clientClosed, 2000);
  });
});
