// The three real providers inside the extension host, against the local simulator
// (test/simulator), started here on 127.0.0.1: the extension host runs on this machine, so it
// reaches it like any server. Each kind is added with Add Connection's arguments, browsed through
// the tree the way VS Code asks for children, and opened in the inspector; then a wrong token, a
// 500 that a retry gets past, and one that outlasts the retries.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { startSimulator, catalog, type Simulator } from '../../simulator/server';
import { FOUNDRY_RICH_SESSION } from '../../simulator/data/foundry';
import { PIPER_KITCHEN_SINK_SESSION } from '../../simulator/data/piper';
import {
  childByLabel,
  children,
  childrenWhen,
  closeAllEditors,
  LOAD_WAIT_MS,
  isLoadMore,
  openTabs,
  summaryOf,
  testingApi,
  waitFor,
  type Node,
  type TestingApi,
} from './helpers';

const TAB_WAIT_MS = 5000;

// Not pat_…: the log's pattern redaction would hide a pat_ token even if the extension forgot to
// register it as a secret; this one is only kept out of the log if the extension does its job.
const TOKEN = `asi-sim-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const WRONG_TOKEN = `asi-wrong-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

type Kind = 'piper' | 'agno' | 'foundry';
const LABEL: Record<Kind, string> = { piper: 'Piper (ext-test)', agno: 'Agno (ext-test)', foundry: 'Foundry (ext-test)' };

const tabsTitled = (title: string) => openTabs().filter((t) => t.label.includes(title));
const config = () => vscode.workspace.getConfiguration('agentInspector');

/** The log line the inspector writes once a session is loaded and sent to the page. */
async function waitLoaded(api: TestingApi, key: string, from: number): Promise<{ events: number; runs: number }> {
  const line = await waitFor(
    () =>
      api
        .logLines()
        .slice(from)
        .find((l) => l.includes(`Inspector: loaded ${key} (`) || l.includes(`Inspector: loading ${key} failed`)),
    LOAD_WAIT_MS,
    `the inspector to load ${key}`,
  );
  const m = /\((\d+) events in (\d+) runs\)/.exec(line);
  assert.ok(m, `loading ${key} failed: ${line}`);
  return { events: Number(m[1]), runs: Number(m[2]) };
}

const isCancelledRow = (k: Node) => k.item.contextValue === 'error' && /cancelled/i.test(k.label);

describe('Providers against the simulator', function () {
  this.timeout(60000);
  let api: TestingApi;
  let sim: Simulator;
  const ids: Partial<Record<Kind, string>> = {};
  const connectionNode = async (kind: Kind) => (await childByLabel(api.tree, undefined, LABEL[kind])).element;
  const agentNode = async (kind: Kind, name: string) => (await childByLabel(api.tree, await connectionNode(kind), name)).element;
  /**
   * Children once no load is racing ours: the Sessions view (shown by Add Connection's reveal)
   * loads the same nodes, and a second load of a node aborts the first (see the report).
   */
  const settled = (parent: () => Promise<unknown>, what: string) => childrenWhen(api, parent, (k) => !k.some(isCancelledRow), what);

  async function add(kind: Kind, token = TOKEN): Promise<string> {
    const c = catalog(sim).connections.find((x) => x.kind === kind)!;
    const id = await vscode.commands.executeCommand<string>('agentInspector.addConnection', {
      kind,
      label: LABEL[kind],
      baseUrl: c.baseUrl,
      ...('orgId' in c ? { orgId: c.orgId } : {}),
      token,
    });
    assert.strictEqual(typeof id, 'string', `addConnection(${kind}) returned ${JSON.stringify(id)}`);
    ids[kind] = id;
    return id;
  }

  /** Opens a session as the tree's click does, and waits for its tab and its loaded log line. */
  async function open(kind: Kind, session: Node): Promise<{ events: number; runs: number }> {
    const s = summaryOf(session);
    const cmd = session.item.command;
    assert.strictEqual(cmd?.command, 'agentInspector.openSessionItem', `clicking "${session.label}" runs ${JSON.stringify(cmd?.command)}`);
    const from = api.logLines().length;
    await vscode.commands.executeCommand('agentInspector.openSessionItem', {
      connectionId: ids[kind],
      agentId: s.agentId,
      sessionId: s.id,
      title: s.title,
    });
    const key = `${ids[kind]}/${s.agentId}/${s.id}`;
    // Titled as the tree names the session, until the session names itself (a session added by id
    // has no title in the tree; its first question names it once it has come, which can be before
    // the first look here).
    const tab = await waitFor(
      () => {
        const own = api.inspector(key)?.info?.title;
        return tabsTitled(s.title)[0] ?? (own ? tabsTitled(own)[0] : undefined);
      },
      TAB_WAIT_MS,
      `a tab titled "${s.title}" or as its session`,
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the session tab is not a webview panel');
    return waitLoaded(api, key, from);
  }

  function lastRequest(pathPart: string) {
    const hit = [...sim.requests].reverse().find((r) => r.path.includes(pathPart));
    assert.ok(hit, `the simulator saw no request for …${pathPart}`);
    return hit;
  }

  before(async () => {
    api = await testingApi();
    sim = await startSimulator({ token: TOKEN });
    await closeAllEditors();
  });

  afterEach(() => sim?.clearFaults());

  after(async () => {
    await closeAllEditors();
    for (const id of Object.values(ids)) await vscode.commands.executeCommand('agentInspector.removeConnection', id);
    await config().update('maxRetries', undefined, vscode.ConfigurationTarget.Global);
    await sim?.close();
  });

  it('Piper: a connection with no agents offers to add one; an agent and a session added by id open in the inspector', async () => {
    const id = await add('piper');
    const c = catalog(sim);
    const agent = c.piper.agents.find((a) => a.id === c.piper.sessions.agentId)!;
    assert.strictEqual(c.piper.sessions.everyEventKind, PIPER_KITCHEN_SINK_SESSION);

    const empty = await settled(() => connectionNode('piper'), 'the Piper connection');
    assert.strictEqual(empty.length, 1, `expected one "add an agent" row: ${JSON.stringify(empty.map((k) => k.label))}`);
    assert.match(empty[0].label, /no agents yet/i);
    assert.strictEqual(empty[0].item.command?.command, 'agentInspector.addAgent');

    await vscode.commands.executeCommand('agentInspector.addAgent', id, agent.id, agent.label);
    await childrenWhen(
      api,
      () => connectionNode('piper'),
      (k) => k.some((x) => x.label === agent.label),
      `agent "${agent.label}" under the Piper connection`,
    );

    const noSessions = await settled(() => agentNode('piper', agent.label), 'the Piper agent');
    assert.strictEqual(noSessions.length, 1, `expected one "No sessions yet" row: ${JSON.stringify(noSessions.map((k) => k.label))}`);
    assert.strictEqual(
      noSessions[0].item.command?.command,
      'agentInspector.addSessionById',
      'the empty agent does not offer "Add Session by ID…"',
    );

    await vscode.commands.executeCommand(
      'agentInspector.addSessionById',
      await agentNode('piper', agent.label),
      PIPER_KITCHEN_SINK_SESSION,
    );
    const sessions = await childrenWhen(
      api,
      () => agentNode('piper', agent.label),
      (k) => k.some((x) => x.item.contextValue?.startsWith('session')),
      'the added session',
    );
    const session = sessions.find((x) => x.item.contextValue?.startsWith('session'))!;
    assert.strictEqual(summaryOf(session).id, PIPER_KITCHEN_SINK_SESSION);

    const loaded = await open('piper', session);
    assert.ok(loaded.events >= 10, `the every-event-kind session loaded with only ${loaded.events} events`);
    assert.ok(loaded.runs >= 2, `expected its 2+ runs, got ${loaded.runs}`);
    const req = lastRequest(`/responses/sessions/${PIPER_KITCHEN_SINK_SESSION}/events`);
    assert.deepStrictEqual([req.status, req.auth], [200, 'ok'], 'the session events request did not succeed with the token');
    assert.ok(req.path.includes(`/orgs/${sim.piperOrgId}/`), `the request did not name the organisation: ${req.path}`);
  });

  it("Agno: agents, teams and workflows list under the connection; an agent's sessions newest first; one opens", async () => {
    await add('agno');
    const c = catalog(sim);
    const agents = await settled(() => connectionNode('agno'), 'the Agno connection');
    const names = agents.map((a) => a.label);
    for (const name of ['Basic Agent', 'Research Agent', 'SQL Agent', 'Research Team', 'Content Pipeline']) {
      assert.ok(names.includes(name), `"${name}" missing under the Agno connection: ${JSON.stringify(names)}`);
    }
    assert.strictEqual(
      agents.length,
      c.agno.components.length,
      `expected ${c.agno.components.length} components: ${JSON.stringify(names)}`,
    );

    const sessions = (await settled(() => agentNode('agno', 'SQL Agent'), 'SQL Agent')).filter((k) => !isLoadMore(k));
    const expected = c.agno.components.find((x) => x.id === 'sql-agent')!.sessions;
    assert.strictEqual(sessions.length, Math.min(expected, 25), `SQL Agent lists ${sessions.length} sessions`);
    const times = sessions.map((s) => Date.parse(summaryOf(s).createdAt ?? ''));
    assert.ok(
      times.every((t, i) => !Number.isNaN(t) && (i === 0 || times[i - 1] >= t)),
      'sessions are not newest first',
    );

    const loaded = await open('agno', sessions[0]);
    assert.ok(loaded.events >= 4, `the session loaded with only ${loaded.events} events`);
    const req = lastRequest(`/agno/sessions/${summaryOf(sessions[0]).id}`);
    assert.deepStrictEqual([req.status, req.auth], [200, 'ok']);
  });

  it('Foundry: agents discovered from allSessions, an agent added by RID, the rich session opens with its traces', async () => {
    const id = await add('foundry');
    const c = catalog(sim);
    const names = (await settled(() => connectionNode('foundry'), 'the Foundry connection')).map((a) => a.label);
    for (const a of c.foundry.agents.filter((x) => x.sessions > 0))
      assert.ok(names.includes(a.name), `"${a.name}" not discovered: ${JSON.stringify(names)}`);
    assert.ok(!names.includes('Unused Agent'), 'an agent without sessions cannot be discovered from allSessions');

    await vscode.commands.executeCommand('agentInspector.addAgent', id, c.foundry.addByRidOnly, 'Unused Agent');
    await childrenWhen(
      api,
      () => connectionNode('foundry'),
      (k) => k.some((x) => x.label === 'Unused Agent'),
      'the agent added by RID',
    );
    const unused = await settled(() => agentNode('foundry', 'Unused Agent'), 'Unused Agent');
    assert.ok(
      unused.length === 1 && /no sessions/i.test(unused[0].label),
      `the agent without sessions shows ${JSON.stringify(unused.map((k) => k.label))}`,
    );

    const sessions = (await settled(() => agentNode('foundry', 'Code Analyst'), 'Code Analyst')).filter((k) => !isLoadMore(k));
    const rich = sessions.find((s) => summaryOf(s).id === FOUNDRY_RICH_SESSION);
    assert.ok(rich, `the rich session is not listed under Code Analyst: ${JSON.stringify(sessions.map((s) => s.label))}`);
    assert.strictEqual(sessions[0], rich, 'the most recently updated session is not first');

    sim.clearRequests();
    const loaded = await open('foundry', rich);
    assert.ok(loaded.events >= 10, `the rich session loaded with only ${loaded.events} events`);
    const traces = sim.requests.filter((r) => r.path.includes(`/sessions/${FOUNDRY_RICH_SESSION}/sessionTraces/`));
    assert.strictEqual(traces.length, 3, `expected one trace request per exchange (3), saw ${traces.length}`);
    assert.ok(
      traces.every((r) => r.status === 200 && r.auth === 'ok'),
      `trace requests: ${JSON.stringify(traces.map((r) => [r.status, r.auth]))}`,
    );
  });

  for (const kind of ['agno', 'foundry'] as const) {
    it(`${kind}: a rejected token shows one "token rejected — Set Token…" row, and a good token brings the agents back`, async () => {
      const id = ids[kind];
      assert.ok(id, 'needs the connection of the earlier test');
      await vscode.commands.executeCommand('agentInspector.setToken', id, WRONG_TOKEN);
      const rows = await childrenWhen(
        api,
        () => connectionNode(kind),
        (k) => k.some((x) => x.item.contextValue === 'error'),
        'an error row after the wrong token',
      );
      assert.strictEqual(rows.length, 1, `expected just the error row: ${JSON.stringify(rows.map((k) => k.label))}`);
      const [row] = rows;
      assert.match(row.label, /Token rejected \(401\) — Set Token…/, `the row does not say the token was rejected: "${row.label}"`);
      assert.match(row.label, /Set Token/);
      assert.match(String(row.item.tooltip), /rejected the token \(401\)/, "the tooltip gives the provider's full message");
      assert.ok(
        !JSON.stringify([row.label, row.item.tooltip, row.item.description]).includes(WRONG_TOKEN),
        'the error row shows the token',
      );
      assert.strictEqual(row.item.command?.command, 'agentInspector.setToken', 'clicking the row does not run Set Token…');
      assert.deepStrictEqual(row.item.command?.arguments, [id], 'Set Token… is not aimed at this connection');
      assert.strictEqual(
        lastRequest(kind === 'agno' ? '/agno/' : '/foundry/').auth,
        'wrong',
        'the simulator did not see the new (wrong) token',
      );

      // The row's own command, as a click runs it, with the good token.
      await vscode.commands.executeCommand(row.item.command.command, ...(row.item.command.arguments ?? []), TOKEN);
      await childrenWhen(
        api,
        () => connectionNode(kind),
        (k) => k.length > 1 && k.every((x) => x.item.contextValue?.startsWith('agent')),
        'the agents again after setting the good token',
      );
    });
  }

  it('piper: a rejected token is reported when the session opens (Piper lists nothing from the server)', async () => {
    const id = ids.piper;
    assert.ok(id, 'needs the connection of the first test');
    await vscode.commands.executeCommand('agentInspector.setToken', id, WRONG_TOKEN);
    await closeAllEditors();
    const agentId = catalog(sim).piper.sessions.agentId;
    const from = api.logLines().length;
    await vscode.commands.executeCommand('agentInspector.openSessionItem', {
      connectionId: id,
      agentId,
      sessionId: PIPER_KITCHEN_SINK_SESSION,
      title: 'Piper 401',
    });
    await waitFor(() => tabsTitled('Piper 401')[0], TAB_WAIT_MS, 'the inspector tab');
    const line = await waitFor(
      () =>
        api
          .logLines()
          .slice(from)
          .find((l) => l.includes('Inspector: loading') && l.includes('failed')),
      LOAD_WAIT_MS,
      'the failed load in the log',
    );
    assert.match(line, /rejected the token \(401\)/, `the failure does not say the token was rejected: ${line}`);
    await vscode.commands.executeCommand('agentInspector.setToken', id, TOKEN);
    await closeAllEditors();
  });

  describe('faults, on a connection declared in settings', () => {
    // Add Connection reveals and expands its connection, so the Sessions view loads it too, and a
    // second load of a node aborts the first (SessionsTreeProvider.track): with faults counted
    // per request that race would decide the outcome. A connection from settings is never
    // expanded by anyone but this test, and it has a simulator of its own whose request log only
    // it fills.
    let faultSim: Simulator;
    const FAULTS_ID = 'agno-ext-test-faults';
    const FAULTS_LABEL = 'Agno faults (ext-test)';
    const faultsNode = async () => (await childByLabel(api.tree, undefined, FAULTS_LABEL)).element;

    before(async () => {
      faultSim = await startSimulator({ token: TOKEN });
      await config().update(
        'connections',
        [{ id: FAULTS_ID, kind: 'agno', label: FAULTS_LABEL, baseUrl: faultSim.baseUrls.agno }],
        vscode.ConfigurationTarget.Global,
      );
      await vscode.commands.executeCommand('agentInspector.setToken', FAULTS_ID, TOKEN);
      await waitFor(
        async () => (await children(api.tree)).some((r) => r.label === FAULTS_LABEL),
        5000,
        'the connection from settings at the root',
      );
    });

    after(async () => {
      await vscode.commands.executeCommand('agentInspector.removeConnection', FAULTS_ID);
      await config().update('connections', undefined, vscode.ConfigurationTarget.Global);
      await faultSim?.close();
    });

    it('a 500 on listing agents is retried and the agents appear', async () => {
      faultSim.setFault({ match: '/agno/agents', method: 'GET', times: 1, fault: { kind: 'status', status: 500 } });
      faultSim.clearRequests();
      const from = api.logLines().length;
      await vscode.commands.executeCommand('agentInspector.refresh');
      const agents = await children(api.tree, await faultsNode());
      assert.ok(
        agents.some((a) => a.label === 'SQL Agent'),
        `no agents after the retry: ${JSON.stringify(agents.map((a) => a.label))}`,
      );
      const tries = faultSim.requests.filter((r) => r.path === '/agno/agents').map((r) => r.status);
      assert.deepStrictEqual(tries, [500, 200], 'expected one failed and one retried request');
      const logged = api.logLines().slice(from);
      assert.ok(
        logged.some((l) => /^\[warn\].*\/agents.*500.*retry 1\//.test(l)),
        `the retry is not in the log: ${JSON.stringify(logged)}`,
      );
    });

    it('a 500 that outlasts the retries becomes a Retry row; Retry then loads the agents', async () => {
      await config().update('maxRetries', 1, vscode.ConfigurationTarget.Global);
      try {
        faultSim.setFault({ match: '/agno/agents', method: 'GET', times: 2, fault: { kind: 'status', status: 500 } });
        await vscode.commands.executeCommand('agentInspector.refresh');
        const rows = await children(api.tree, await faultsNode());
        assert.strictEqual(rows.length, 1, `expected one error row: ${JSON.stringify(rows.map((k) => k.label))}`);
        assert.match(rows[0].label, /server error \(500\).*after 1 retry/, `the row does not explain the failure: "${rows[0].label}"`);
        const cmd = rows[0].item.command;
        assert.strictEqual(cmd?.command, 'agentInspector.retry', 'clicking the row does not retry');
        await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
        const after = await children(api.tree, await faultsNode());
        assert.ok(
          after.some((a) => a.label === 'SQL Agent'),
          `Retry did not load the agents: ${JSON.stringify(after.map((a) => a.label))}`,
        );
      } finally {
        await config().update('maxRetries', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });

  describe('afterwards', () => {
    it('no token (right or wrong) is in the log, the tree or an error row', async () => {
      const lines = api.logLines();
      assert.ok(
        lines.some((l) => l.includes('/agno/agents')),
        'the log shows no requests: nothing to check',
      );
      for (const t of [TOKEN, WRONG_TOKEN]) {
        const leaks = lines.filter((l) => l.includes(t));
        assert.deepStrictEqual(leaks, [], 'a token reached the log');
      }
      for (const kind of ['piper', 'agno', 'foundry'] as const) {
        const text = JSON.stringify(
          (await children(api.tree, await connectionNode(kind))).map((k) => [k.label, k.item.description, k.item.tooltip]),
        );
        assert.ok(!text.includes(TOKEN) && !text.includes(WRONG_TOKEN), `a token shows in the ${kind} tree`);
      }
    });
  });
});
