// The Foundry AIP Agents provider against the simulator: agents discovered from allSessions plus
// RIDs added by hand, sessions paged by token, sessions with exchanges and traces (code, failures,
// an interrupted answer), a failing trace that does not fail the session, scopes, faults.
import assert from 'node:assert/strict';
import type { SessionSummary } from '../../src/model';
import { createProvider, isCancelled, type SessionProvider } from '../../src/providers';
import { FOUNDRY_AGENTS, FOUNDRY_RICH_SESSION, FoundryData } from '../simulator/data/foundry';
import { connectionFor, fastOptions, hits, memoryOf, useSimulator } from '../simulator/testing';
import { rejects, ofKind } from './helpers';

const [ORDERS, EXPLORER, ANALYST, UNUSED] = FOUNDRY_AGENTS as [
  (typeof FOUNDRY_AGENTS)[0],
  (typeof FOUNDRY_AGENTS)[0],
  (typeof FOUNDRY_AGENTS)[0],
  (typeof FOUNDRY_AGENTS)[0],
];

describe('Foundry AIP Agents provider (against the simulator)', () => {
  const env = useSimulator();
  let provider: SessionProvider;
  const data = new FoundryData();
  const memory = memoryOf([
    { id: UNUSED.rid, label: 'Added by hand' },
    { id: 'ri.aip-agents..agent.deleted', label: 'Old agent' },
  ]);

  beforeEach(() => {
    provider = createProvider(connectionFor(env.sim, 'foundry'), env.sim.token, fastOptions(env.log, { memory }));
  });
  afterEach(function () {
    // Every endpoint is in preview: every request must say so.
    for (const r of env.sim.requests) assert.match(r.query, /[?&]preview=true(&|$)/, `${r.path} without preview=true`);
  });

  describe('configuration', () => {
    it('needs a base URL and a token', async () => {
      const noUrl = await rejects(() => createProvider({ ...connectionFor(env.sim, 'foundry'), baseUrl: undefined }, env.sim.token));
      assert.equal(noUrl.code, 'config');
      assert.equal(noUrl.details?.action, 'editConnection');
      const noToken = await rejects(() => createProvider(connectionFor(env.sim, 'foundry'), '  '));
      assert.equal(noToken.code, 'auth');
      assert.equal(noToken.message, 'No token set for the Foundry connection "foundry (simulator)" — run "Set Token…" to enter one.');
    });

    it('accepts the base URL with or without /api', async () => {
      const withApi = createProvider(
        { ...connectionFor(env.sim, 'foundry'), baseUrl: `${env.sim.baseUrls.foundry}/api/` },
        env.sim.token,
        fastOptions(env.log),
      );
      await withApi.listSessions(EXPLORER.rid, undefined, 5);
      assert.equal(env.sim.requests[0]!.path, `/foundry/api/v2/aipAgents/agents/${EXPLORER.rid}/sessions`);
    });
  });

  it('discovers agents from allSessions (most recently used first), adds RIDs added by hand, names them all', async () => {
    const agents = await provider.listAgents();
    const used = [...new Set(data.sessions.map((s) => s.agentRid))];
    assert.deepEqual(
      agents.map((a) => a.id),
      [...used, UNUSED.rid, 'ri.aip-agents..agent.deleted'],
    );
    assert.deepEqual(
      agents.slice(0, 4).map((a) => a.name),
      used.map((rid) => FOUNDRY_AGENTS.find((x) => x.rid === rid)!.name).concat('Unused Agent'),
    );
    assert.equal(agents.find((a) => a.id === ORDERS.rid)!.description, ORDERS.description);
    // A RID that no longer resolves keeps its label and says why.
    const old = agents.at(-1)!;
    assert.equal(old.name, 'Old agent');
    assert.match(old.description!, /^Could not load this agent: Foundry has no agent "ri\.aip-agents\.\.agent\.deleted" \(404\)/);
    // All of allSessions was read (299 sessions = 3 pages of 100), following the page tokens.
    const pages = env.sim.requests.filter((r) => r.path.endsWith('/allSessions'));
    assert.equal(pages.length, Math.ceil(data.sessions.length / 100));
    assert.ok(!pages[0]!.query.includes('pageToken') && pages.slice(1).every((r) => r.query.includes('pageToken=')));
  });

  it('still lists hand-added agents when the token may not read allSessions (403), and says why in the log', async () => {
    env.sim.setFault({ match: '/allSessions', fault: { kind: 'status', status: 403 } });
    const agents = await provider.listAgents();
    assert.deepEqual(
      agents.map((a) => a.id),
      [UNUSED.rid, 'ri.aip-agents..agent.deleted'],
    );
    assert.ok(
      env.log.lines.some(
        (l) => l.level === 'warn' && /could not discover agents from allSessions: Foundry refused access \(403\)/.test(l.message),
      ),
    );
  });

  it('explains the scopes when nothing else is known (403 without hand-added agents)', async () => {
    env.sim.setFault({ match: '/allSessions', fault: { kind: 'status', status: 403 } });
    const bare = createProvider(connectionFor(env.sim, 'foundry'), env.sim.token, fastOptions(env.log));
    const e = await rejects(bare.listAgents());
    assert.equal(e.code, 'auth');
    assert.equal(e.details?.action, 'setToken');
    assert.match(
      e.message,
      /^Foundry refused access \(403\): the token is valid but lacks a permission for GET \/foundry\/api\/v2\/aipAgents\/agents\/allSessions\. AIP Agents needs the scope api:aip-agents-read to read sessions, and api:aip-agents-write to list all of your sessions \(allSessions\)\./,
    );
  });

  it('says the token was rejected (401) and stops at once', async () => {
    const wrong = createProvider(connectionFor(env.sim, 'foundry'), 'bad-token-0123456789', fastOptions(env.log, { memory }));
    const e = await rejects(wrong.listAgents());
    assert.equal(e.code, 'auth');
    assert.match(
      e.message,
      /^Foundry rejected the token \(401\) — run "Set Token…" to enter a new one\. Server said: InvalidToken \(UNAUTHORIZED\)$/,
    );
    assert.equal(env.sim.requests.length, 1);
  });

  it('pages through hundreds of sessions with page tokens, most recently updated first', async () => {
    const all: SessionSummary[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await provider.listSessions(ORDERS.rid, cursor, 100);
      all.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    const expected = data.sessionOf(ORDERS.rid);
    assert.equal(pages, Math.ceil(expected.length / 100));
    assert.deepEqual(
      all.map((s) => s.id),
      expected.map((s) => s.rid),
    );
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.updatedAt! > all[i]!.updatedAt!, `not newest first at ${i}`);
    assert.ok(all.every((s) => s.agentId === ORDERS.rid && s.messageCount! >= 2));
    // Nanoseconds are kept as given.
    assert.match(all[0]!.updatedAt!, /\.\d{9}Z$/);
  });

  it('reports a page token the server does not accept (400) with its detail', async () => {
    const e = await rejects(provider.listSessions(ORDERS.rid, 'not-a-token', 10));
    assert.equal(e.code, 'validation');
    assert.match(e.message, /InvalidPageToken \(INVALID_ARGUMENT\): pageToken=not-a-token/);
  });

  it('maps a session: exchanges, tool call groups, code execution, failures, an interrupted answer', async () => {
    const s = await provider.getSession(ANALYST.rid, FOUNDRY_RICH_SESSION);
    assert.equal(s.provider, 'foundry');
    assert.equal(s.title, 'Plot revenue by region');
    assert.match(s.createdAt!, /\.\d{9}Z$/);
    assert.equal(s.runs.length, 3);
    const [first, second, third] = s.runs as [(typeof s.runs)[0], (typeof s.runs)[0], (typeof s.runs)[0]];

    const code = ofKind(first.events, 'code_execution')[0]!;
    assert.equal(code.language, 'python');
    assert.match(code.code, /^import matplotlib\.pyplot as plt/);
    assert.equal(code.output, 'plotted 2 bars');
    assert.ok(ofKind(first.events, 'reasoning').some((e) => e.text === 'Plot the aggregated numbers.'));
    const sql = ofKind(first.events, 'tool_call').find((e) => e.toolType === 'OBJECT_QUERY_WITH_SQL')!;
    assert.match(String((sql.arguments as Record<string, unknown>).sql), /^SELECT region/);
    assert.ok(first.events.some((e) => e.kind === 'other' && e.type === 'contexts'));

    const failed = ofKind(second.events, 'tool_result').find((e) => e.isError)!;
    assert.equal(failed.result, 'Parameter "priority" is required.');
    assert.deepEqual(
      ofKind(second.events, 'tool_call').map((e) => e.toolType),
      ['ACTION', 'FUNCTION', 'REQUEST_CLARIFICATION', 'ONTOLOGY_SEMANTIC_SEARCH', 'OBJECT_QUERY'],
    );

    assert.equal(third.status, 'IN_PROGRESS');
    const cut = ofKind(third.events, 'assistant_message')[0]!;
    assert.equal(cut.interrupted, true);
    assert.ok(cut.tokens!.total! > 0);
    assert.equal(s.totals.errors, 1);
    // One trace per exchange was fetched.
    assert.equal(hits(env.sim, '/sessionTraces/'), 3);
  });

  it('turns a failing trace into an error event in its run, not a failed session', async () => {
    const seed = data.session(FOUNDRY_RICH_SESSION)!;
    const [, badTrace] = data.traceIds(seed);
    env.sim.setFault({ match: `/sessionTraces/${badTrace}`, fault: { kind: 'status', status: 500 } });
    const s = await provider.getSession(ANALYST.rid, FOUNDRY_RICH_SESSION);
    assert.equal(s.runs.length, 3);
    const broken = s.runs.find((r) => r.id === badTrace)!;
    const error = ofKind(broken.events, 'error')[0]!;
    assert.equal(error.code, 'server');
    assert.match(
      error.message,
      new RegExp(`^The steps behind this answer \\(trace ${badTrace}\\) could not be loaded: Foundry had a server error \\(500\\)`),
    );
    // The question and answer of that exchange are still there, and so are the other runs' steps.
    assert.deepEqual(
      broken.events.map((e) => e.kind),
      ['user_message', 'error', 'assistant_message'],
    );
    assert.ok(ofKind(s.runs[0]!.events, 'code_execution').length === 1);
    assert.equal(broken.totals.errors, 1);
    // The trace was retried like any GET before it was given up.
    assert.equal(hits(env.sim, `/sessionTraces/${badTrace}`), 4);
  });

  it('a trace whose schema drifted also becomes an error event naming the field', async () => {
    const seed = data.session(FOUNDRY_RICH_SESSION)!;
    const [firstTrace] = data.traceIds(seed);
    env.sim.setFault({ match: `/sessionTraces/${firstTrace}`, times: 1, fault: { kind: 'drift' } });
    const s = await provider.getSession(ANALYST.rid, FOUNDRY_RICH_SESSION);
    const error = ofKind(s.runs[0]!.events, 'error')[0]!;
    assert.equal(error.code, 'bad_response');
    assert.match(error.message, /toolCallGroups: expected array, received number/);
  });

  it('fetches traces a few at a time', async () => {
    const bounded = createProvider(connectionFor(env.sim, 'foundry'), env.sim.token, fastOptions(env.log, { concurrency: 2 }));
    env.sim.setFault({ match: '/sessionTraces/', fault: { kind: 'delay', ms: 150 } });
    await bounded.getSession(ANALYST.rid, FOUNDRY_RICH_SESSION);
    const traces = env.sim.requests.filter((r) => r.path.includes('/sessionTraces/'));
    assert.equal(traces.length, 3);
    const maxInFlight = Math.max(
      ...traces.map((t) => traces.filter((o) => o.startedAt <= t.startedAt && o.startedAt + o.ms! > t.startedAt).length),
    );
    assert.equal(maxInFlight, 2);
  });

  it('names the field when the content drifted', async () => {
    env.sim.setFault({ match: '/content', times: 1, fault: { kind: 'drift' } });
    const e = await rejects(provider.getSession(ANALYST.rid, FOUNDRY_RICH_SESSION));
    assert.equal(e.code, 'bad_response');
    assert.match(e.message, /^Foundry returned a session that does not fit: content\.exchanges: expected array, received object/);
  });

  it("says which session was not found, with Foundry's error name", async () => {
    const e = await rejects(provider.getSession(ORDERS.rid, 'ri.aip-agents..session.missing'));
    assert.equal(e.code, 'not_found');
    assert.match(
      e.message,
      /^Foundry has no (session|content of session) "ri\.aip-agents\.\.session\.missing".*SessionNotFound \(NOT_FOUND\)/,
    );
  });

  it('retries a dropped connection and a 429 on the content, then succeeds', async () => {
    env.sim.setFault({ match: '/content', times: 1, fault: { kind: 'drop' } });
    env.sim.setFault({ match: '/content', times: 1, fault: { kind: 'status', status: 429, retryAfter: 0 } });
    const s = await provider.getSession(ANALYST.rid, FOUNDRY_RICH_SESSION);
    assert.equal(s.runs.length, 3);
    assert.equal(hits(env.sim, '/content'), 3);
  });

  it('cancels while traces load: the server sees every trace request close', async () => {
    env.sim.setFault({ match: '/sessionTraces/', fault: { kind: 'delay', ms: 10_000 } });
    const controller = new AbortController();
    const pending = provider.getSession(ANALYST.rid, FOUNDRY_RICH_SESSION, controller.signal);
    // All three traces are in flight (the pool allows four) before the user closes the panel.
    const isTrace = (r: { path: string }) => r.path.includes('/sessionTraces/');
    await env.sim.waitForRequest(() => env.sim.requests.filter(isTrace).length === 3);
    controller.abort();
    assert.ok(isCancelled(await rejects(pending)));
    const started = env.sim.requests.filter(isTrace);
    for (const r of started) await env.sim.waitForRequest((x) => x.seq === r.seq && x.clientClosed, 2000);
    // Nothing new was started after the cancel.
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(env.sim.requests.filter((r) => r.path.includes('/sessionTraces/')).length, started.length);
  });
});
