// The simulator itself, over plain HTTP as a person (or the later chat work) would use it: the
// control API, the fault header, the catalogue and the chat routes of Agno and Foundry.
import assert from 'node:assert/strict';
import { AGNO_COMPONENTS } from '../simulator/data/agno';
import { FOUNDRY_AGENTS } from '../simulator/data/foundry';
import { PIPER_KITCHEN_SINK_SESSION } from '../simulator/data/piper';
import { startSimulator, type Simulator } from '../simulator/server';

describe('simulator', () => {
  let sim: Simulator;
  let auth: Record<string, string>;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${sim.url}${path}`, { headers: { ...auth, ...headers } });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const piperEvents = `/piper/v1/orgs/5f1c2a9e-0b7d-4c3e-9a41-6d2f8e7b1c00/responses/sessions/${PIPER_KITCHEN_SINK_SESSION}/events`;
  const foundry = (path: string) => `/foundry/api/v2/aipAgents/agents${path}${path.includes('?') ? '&' : '?'}preview=true`;

  before(async () => {
    sim = await startSimulator({ token: 'pat_test_simulator_token' });
    auth = { Authorization: `Bearer ${sim.token}` };
  });
  after(() => sim.close());
  beforeEach(async () => {
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    sim.clearRequests();
  });

  it('sets faults through the control API, for a number of requests', async () => {
    const set = await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ match: '/agno/sessions', times: 2, fault: { kind: 'status', status: 429, retryAfter: 1 } }),
    });
    assert.equal(set.status, 201);
    const a = await get('/agno/sessions');
    const b = await get('/agno/sessions?page=2');
    const c = await get('/agno/sessions');
    assert.deepEqual([a.status, b.status, c.status], [429, 429, 200]);
    assert.equal(a.headers.get('retry-after'), '1');
    assert.deepEqual(await a.json(), { detail: 'Rate limit exceeded' });
    assert.deepEqual(await (await fetch(`${sim.url}/_sim/faults`)).json(), []);
  });

  it('refuses a malformed fault with a reason', async () => {
    const res = await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ match: '/x', fault: { kind: 'explode' } }),
    });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /unknown fault kind "explode"/);
  });

  it('clears every fault with DELETE', async () => {
    await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ match: '/agno', fault: { kind: 'status', status: 500 } }),
    });
    assert.equal((await get('/agno/agents')).status, 500);
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    assert.equal((await get('/agno/agents')).status, 200);
  });

  it('checks the Bearer token with provider-shaped 401 bodies', async () => {
    const piper = await fetch(`${sim.url}${piperEvents}`);
    assert.equal(piper.status, 401);
    assert.deepEqual(await piper.json(), { detail: 'Not authenticated' });
    const f = await fetch(`${sim.url}${foundry('/allSessions')}`, { headers: { Authorization: 'Bearer nope' } });
    assert.equal(f.status, 401);
    assert.equal(((await f.json()) as { errorName: string }).errorName, 'InvalidToken');
    assert.deepEqual(
      sim.requests.map((r) => r.auth),
      ['missing', 'wrong'],
    );
  });

  it('truncates, breaks and drifts bodies on request', async () => {
    const cut = await (await get(piperEvents, { 'X-Sim-Fault': 'truncate' })).text();
    assert.throws(() => JSON.parse(cut));
    const full = await (await get(piperEvents)).text();
    assert.ok(full.startsWith(cut) && cut.length < full.length);
    const broken = await (await get(piperEvents, { 'X-Sim-Fault': 'invalid-json' })).text();
    assert.throws(() => JSON.parse(broken));
    const drifted = (await (await get(piperEvents, { 'X-Sim-Fault': 'drift' })).json()) as { runs: unknown };
    assert.ok(!Array.isArray(drifted.runs));
  });

  it('drops the connection on request', async () => {
    await assert.rejects(get('/agno/agents', { 'X-Sim-Fault': 'drop' }));
  });

  it('prints a catalogue with the connection settings', async () => {
    const c = (await (await fetch(`${sim.url}/_sim/catalog`)).json()) as {
      connections: Array<{ kind: string; baseUrl: string; token: string }>;
    };
    assert.deepEqual(
      c.connections.map((x) => [x.kind, x.baseUrl]),
      [
        ['piper', `${sim.url}/piper`],
        ['agno', `${sim.url}/agno`],
        ['foundry', `${sim.url}/foundry`],
      ],
    );
    assert.ok(c.connections.every((x) => x.token === 'pat_test_simulator_token'));
  });

  it('Agno: runs an agent without streaming (form body) and keeps the run in the session', async () => {
    const form = new FormData();
    form.set('message', 'search the news');
    form.set('stream', 'false');
    form.set('session_id', 'chat-session-1');
    const res = await fetch(`${sim.url}/agno/agents/research-agent/runs`, { method: 'POST', headers: auth, body: form });
    assert.equal(res.status, 200);
    const run = (await res.json()) as { run_id: string; session_id: string; content: string };
    assert.equal(run.session_id, 'chat-session-1');
    const runs = (await (await get('/agno/sessions/chat-session-1/runs')).json()) as Array<{ run_id: string }>;
    assert.deepEqual(
      runs.map((r) => r.run_id),
      [run.run_id],
    );
  });

  it('Agno: streams a run as server-sent events', async () => {
    const res = await fetch(`${sim.url}/agno/agents/basic-agent/runs`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'message=hello',
    });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const text = await res.text();
    const names = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    assert.equal(names[0], 'RunStarted');
    assert.equal(names.at(-1), 'RunCompleted');
    // Token by token: one RunContent per word of the answer.
    const chunks = [...text.matchAll(/^data: (.*)$/gm)]
      .map((m) => JSON.parse(m[1]!) as { event: string; content?: string })
      .filter((e) => e.event === 'RunContent');
    assert.ok(chunks.length > 5, `${chunks.length} chunks`);
    assert.match(chunks.map((c) => c.content).join(''), /^You said: hello\./);
  });

  it('Agno: 422 without a message, 404 for an unknown agent', async () => {
    const missing = await fetch(`${sim.url}/agno/agents/basic-agent/runs`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'stream=false',
    });
    assert.equal(missing.status, 422);
    const unknown = await fetch(`${sim.url}/agno/agents/nobody/runs`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'message=x',
    });
    assert.equal(unknown.status, 404);
    assert.ok(AGNO_COMPONENTS.length > 0);
  });

  it('Foundry: creates a session, continues it (blocking and streamed); the exchanges and traces can be read back', async () => {
    const agent = FOUNDRY_AGENTS[1]!.rid;
    const created = (await (await post(foundry(`/${agent}/sessions`), {})).json()) as { rid: string };
    const result = (await (
      await post(foundry(`/${agent}/sessions/${created.rid}/blockingContinue`), {
        userInput: { text: 'How many orders?' },
        parameterInputs: {},
      })
    ).json()) as { sessionTraceId: string; agentMarkdownResponse: string };
    assert.match(result.agentMarkdownResponse, /How many orders\?/);
    const streamedRes = await post(foundry(`/${agent}/sessions/${created.rid}/streamingContinue`), {
      userInput: { text: 'And today?' },
      parameterInputs: {},
    });
    assert.equal(streamedRes.headers.get('content-type'), 'application/octet-stream');
    assert.match(await streamedRes.text(), /And today\?/);
    const content = (await (await get(foundry(`/${agent}/sessions/${created.rid}/content`))).json()) as {
      exchanges: Array<{ userInput: { text: string } }>;
    };
    assert.deepEqual(
      content.exchanges.map((x) => x.userInput.text),
      ['How many orders?', 'And today?'],
    );
    const trace = (await (await get(foundry(`/${agent}/sessions/${created.rid}/sessionTraces/${result.sessionTraceId}`))).json()) as {
      toolCallGroups: unknown[];
    };
    assert.equal(trace.toolCallGroups.length, 2);
    const first = (await (await get(foundry(`/${agent}/sessions?pageSize=1`))).json()) as {
      data: Array<{ rid: string; metadata: { messageCount: number } }>;
    };
    assert.equal(first.data[0]!.rid, created.rid);
    assert.equal(first.data[0]!.metadata.messageCount, 4);
  });

  it('Foundry: parameterInputs is required to continue', async () => {
    const agent = FOUNDRY_AGENTS[1]!.rid;
    const created = (await (await post(foundry(`/${agent}/sessions`), {})).json()) as { rid: string };
    const res = await post(foundry(`/${agent}/sessions/${created.rid}/blockingContinue`), { userInput: { text: 'hi' } });
    assert.equal(res.status, 400);
    assert.deepEqual(((await res.json()) as { parameters: unknown }).parameters, {
      agentRid: agent,
      sessionRid: created.rid,
      parameter: 'parameterInputs',
    });
  });

  it('answers unknown routes with 404 and wrong methods with 405', async () => {
    assert.equal((await get('/elsewhere')).status, 404);
    assert.equal((await get('/agno/nothing-here')).status, 404);
    assert.equal((await fetch(`${sim.url}/agno/agents`, { method: 'DELETE', headers: auth })).status, 405);
  });
});
