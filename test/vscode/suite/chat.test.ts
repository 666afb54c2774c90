// Chat inside the extension host: "Chat with Agent…" opens a chat panel, a demo chat (offline, the
// demo agent answers from a script) round-trips and its session appears in the Sessions tree and
// opens in the inspector, continuing it adds a run; then the three providers through the local
// simulator — Piper's session remembered for the tree, Agno's stream broken midway kept as an
// incomplete reply, Foundry's streamed reply — and a failed send whose message is kept as the
// draft (workspaceState) across closing and reopening the panel.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { catalog, startSimulator, type Simulator } from '../../simulator/server';
import {
  childByLabel,
  children,
  childrenWhen,
  LOAD_WAIT_MS,
  closeAllEditors,
  openTabs,
  summaryOf,
  tabLabels,
  testingApi,
  waitFor,
  type TestingApi,
} from './helpers';

interface SendSummary {
  status: string;
  sessionId?: string;
  events: number;
  kinds: string[];
  error?: string;
}

const TOKEN = `asi-chat-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const DRAFTS_KEY = 'agentInspector.chatDrafts';

const send = (args: { connectionId: string; agentId: string; sessionId?: string; text: string }) =>
  vscode.commands.executeCommand<SendSummary>('agentInspector.sendToAgent', args);

describe('Chat', function () {
  this.timeout(60000);
  let api: TestingApi;
  let sim: Simulator;
  const added: string[] = [];

  async function add(kind: 'piper' | 'agno' | 'foundry', label: string): Promise<string> {
    const c = catalog(sim).connections.find((x) => x.kind === kind)!;
    const id = await vscode.commands.executeCommand<string>('agentInspector.addConnection', {
      kind,
      label,
      baseUrl: c.baseUrl,
      ...('orgId' in c ? { orgId: c.orgId } : {}),
      token: TOKEN,
    });
    assert.strictEqual(typeof id, 'string');
    added.push(id);
    return id;
  }

  const drafts = () => api.context.workspaceState.get<Record<string, { text: string }>>(DRAFTS_KEY) ?? {};

  before(async () => {
    api = await testingApi();
    sim = await startSimulator({ token: TOKEN });
    await closeAllEditors();
  });

  afterEach(() => sim?.clearFaults());

  after(async () => {
    await closeAllEditors();
    for (const id of added) await vscode.commands.executeCommand('agentInspector.removeConnection', id);
    await sim?.close();
  });

  it('"Chat with Agent…" opens a chat panel for the agent, and opening it again reveals the same panel', async () => {
    await vscode.commands.executeCommand('agentInspector.chatWithAgent', { connectionId: 'demo', agentId: 'data-analyst' });
    const tab = await waitFor(
      () => openTabs().find((t) => t.label === 'Chat: Data Analyst'),
      5000,
      `a "Chat: Data Analyst" tab (open: ${JSON.stringify(tabLabels())})`,
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the chat tab is not a webview panel');
    assert.strictEqual(
      (tab.input as vscode.TabInputWebview).viewType.endsWith('agentInspector.chat'),
      true,
      `view type ${(tab.input as vscode.TabInputWebview).viewType}`,
    );
    await vscode.commands.executeCommand('agentInspector.chatWithAgent', { connectionId: 'demo', agentId: 'data-analyst' });
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(
      openTabs().filter((t) => t.label.startsWith('Chat: Data Analyst')).length,
      1,
      'a second blank chat for the same agent',
    );
    await closeAllEditors();
  });

  it('a demo chat round-trips, its session appears in the tree and opens in the inspector; continuing adds a run', async () => {
    const text = 'Which plans drive revenue and churn?';
    const reply = await send({ connectionId: 'demo', agentId: 'data-analyst', text });
    assert.strictEqual(reply.status, 'complete', JSON.stringify(reply));
    assert.ok(reply.sessionId, 'no session id');
    for (const kind of ['user_message', 'reasoning', 'tool_call', 'tool_result', 'assistant_message'])
      assert.ok(reply.kinds.includes(kind), `no ${kind} in ${JSON.stringify(reply.kinds)}`);
    await waitFor(
      () => openTabs().find((t) => t.label.startsWith('Chat: Data Analyst · Which plans drive revenue')),
      5000,
      `the chat tab titled with its session (open: ${JSON.stringify(tabLabels())})`,
    );

    const demo = (await childByLabel(api.tree, undefined, 'Demo Sessions')).element;
    const sessions = await childrenWhen(
      api,
      async () => (await childByLabel(api.tree, demo, 'Data Analyst')).element,
      (k) => k.some((x) => x.label === text),
      `the chat session "${text}" under Data Analyst`,
    );
    const node = sessions.find((x) => x.label === text)!;
    assert.strictEqual(summaryOf(node).id, reply.sessionId);
    assert.strictEqual(node.item.contextValue, 'session.demo');

    const again = await send({ connectionId: 'demo', agentId: 'data-analyst', sessionId: reply.sessionId, text: 'And by region?' });
    assert.strictEqual(again.status, 'complete');
    assert.strictEqual(again.sessionId, reply.sessionId, 'continuing went to another session');
    const from = api.logLines().length;
    await vscode.commands.executeCommand('agentInspector.openSessionItem', {
      connectionId: 'demo',
      agentId: 'data-analyst',
      sessionId: reply.sessionId,
      title: text,
    });
    const loaded = await waitFor(
      () =>
        api
          .logLines()
          .slice(from)
          .find((l) => l.includes(`Inspector: loaded demo/data-analyst/${reply.sessionId} (`)),
      LOAD_WAIT_MS,
      'the inspector to load the chat session',
    );
    assert.match(loaded, /in 2 runs\)/, loaded);
    await closeAllEditors();
  });

  it('Piper through the simulator: a greeting (empty message), then a question; the session is remembered for the tree', async () => {
    const id = await add('piper', 'Piper (chat test)');
    const agent = catalog(sim).piper.agents[0]!;
    await vscode.commands.executeCommand('agentInspector.addAgent', id, agent.id, agent.label);
    await vscode.workspace
      .getConfiguration('agentInspector')
      .update('piper.profileMetadata', { user_name: 'Ada' }, vscode.ConfigurationTarget.Global);
    try {
      const greeting = await send({ connectionId: id, agentId: agent.id, text: '' });
      assert.strictEqual(greeting.status, 'complete', JSON.stringify(greeting));
      assert.ok(greeting.sessionId);
      const req = [...sim.requests].reverse().find((r) => r.method === 'POST' && /\/responses\/?$/.test(r.path));
      assert.ok(req?.body, 'no POST /responses seen');
      const body = JSON.parse(req.body) as { message: unknown; profile_metadata?: unknown };
      assert.strictEqual(body.message, null, 'a greeting sends message: null');
      assert.deepStrictEqual(body.profile_metadata, { user_name: 'Ada' }, 'the profile metadata setting went along');

      const answer = await send({ connectionId: id, agentId: agent.id, sessionId: greeting.sessionId, text: 'Where is order 1042?' });
      assert.strictEqual(answer.status, 'complete', JSON.stringify(answer));
      assert.strictEqual(answer.sessionId, greeting.sessionId);
      assert.ok(answer.kinds.includes('tool_call'), `no tool call in ${JSON.stringify(answer.kinds)}`);

      const memory = api.context.globalState.get<{ sessions: Record<string, Array<{ id: string }>> }>(`agentInspector.memory.${id}`);
      assert.ok(
        memory?.sessions[agent.id]?.some((x) => x.id === greeting.sessionId),
        'the chat session is not remembered for Piper',
      );
      const connection = async () => (await childByLabel(api.tree, undefined, 'Piper (chat test)')).element;
      await childrenWhen(
        api,
        async () => (await childByLabel(api.tree, await connection(), agent.label)).element,
        (k) => k.some((x) => x.item.contextValue === 'session.piper' && summaryOf(x).id === greeting.sessionId),
        'the chat session under the Piper agent',
      );
    } finally {
      await vscode.workspace
        .getConfiguration('agentInspector')
        .update('piper.profileMetadata', undefined, vscode.ConfigurationTarget.Global);
      await closeAllEditors();
    }
  });

  it('Agno through the simulator: a streamed reply with its tool call; a stream broken midway is kept as an incomplete reply', async () => {
    const id = await add('agno', 'Agno (chat test)');
    const ok = await send({ connectionId: id, agentId: 'research-agent', text: 'Research vector databases' });
    assert.strictEqual(ok.status, 'complete', JSON.stringify(ok));
    assert.ok(ok.kinds.includes('tool_call') && ok.kinds.includes('assistant_message'), JSON.stringify(ok.kinds));

    sim.setFault({ match: '/agno/agents/research-agent/runs', method: 'POST', times: 1, fault: { kind: 'breakStream', afterBytes: 2500 } });
    const broken = await send({ connectionId: id, agentId: 'research-agent', sessionId: ok.sessionId, text: 'Tell me more' });
    assert.strictEqual(broken.status, 'incomplete', JSON.stringify(broken));
    assert.ok(broken.events > 0, 'the partial reply was dropped');
    assert.ok(broken.error, 'no reason given');
    await closeAllEditors();
  });

  it('Foundry through the simulator: a reply streamed with streamingContinue, in a new session', async () => {
    const id = await add('foundry', 'Foundry (chat test)');
    const agent = catalog(sim).foundry.agents[0]!;
    const reply = await send({ connectionId: id, agentId: agent.rid, text: 'Status of order 1042?' });
    assert.strictEqual(reply.status, 'complete', JSON.stringify(reply));
    assert.ok(reply.sessionId?.startsWith('ri.'), `session ${reply.sessionId}`);
    assert.ok(reply.kinds.includes('assistant_message'), JSON.stringify(reply.kinds));
    await closeAllEditors();
  });

  it('a failed send keeps the message as the draft, across closing and reopening the panel; the next success clears it', async () => {
    const id = await add('agno', 'Agno (draft test)');
    const key = `${id}/basic-agent/new`;
    sim.setFault({ match: '/agno/agents/basic-agent/runs', method: 'POST', times: 1, fault: { kind: 'status', status: 500 } });
    const failed = await send({ connectionId: id, agentId: 'basic-agent', text: 'Please keep this text' });
    assert.strictEqual(failed.status, 'failed', JSON.stringify(failed));
    assert.ok(failed.error && /500|server/i.test(failed.error), failed.error);
    assert.strictEqual(drafts()[key]?.text, 'Please keep this text');
    assert.strictEqual(
      sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/agents/basic-agent/runs')).length,
      1,
      'a POST was retried',
    );

    await closeAllEditors();
    await vscode.commands.executeCommand('agentInspector.chatWithAgent', { connectionId: id, agentId: 'basic-agent' });
    await waitFor(() => openTabs().find((t) => t.label === 'Chat: Basic Agent'), 5000, 'the chat to reopen');
    assert.strictEqual(drafts()[key]?.text, 'Please keep this text', 'the draft did not survive closing the panel');

    const ok = await send({ connectionId: id, agentId: 'basic-agent', text: 'Please keep this text' });
    assert.strictEqual(ok.status, 'complete', JSON.stringify(ok));
    assert.strictEqual(drafts()[key], undefined, 'the sent draft is still kept');
    assert.strictEqual(drafts()[`${id}/basic-agent/${ok.sessionId}`], undefined);
    assert.strictEqual(
      openTabs().filter((t) => t.label.startsWith('Chat: Basic Agent')).length,
      1,
      'the reopened blank chat was not reused',
    );
    await closeAllEditors();
  });

  it('Stop cancels the request: the reply so far is kept and marked stopped, and the panel is free again', async () => {
    const pending = send({ connectionId: 'demo', agentId: 'research-assistant', text: 'Stop me halfway' });
    // The demo paces its events 250 ms apart: stop once the first has streamed in.
    await waitFor(() => api.chatReplyEvents() > 0 || undefined, 10_000, 'the first event of the reply');
    assert.strictEqual(await vscode.commands.executeCommand('agentInspector.stopChatReply'), true, 'no reply was coming');
    const reply = await pending;
    assert.strictEqual(reply.status, 'cancelled', JSON.stringify(reply));
    assert.ok(
      reply.events > 0 && !reply.kinds.includes('assistant_message'),
      `expected the first steps only: ${JSON.stringify(reply.kinds)}`,
    );
    assert.ok(reply.sessionId === undefined || typeof reply.sessionId === 'string');
    assert.strictEqual(await vscode.commands.executeCommand('agentInspector.stopChatReply'), false, 'still busy after Stop');
    await closeAllEditors();
  });

  it('"Continue Session in Chat" opens a chat on a stored session, titled with it, and sending continues that session', async () => {
    const demo = (await childByLabel(api.tree, undefined, 'Demo Sessions')).element;
    const agent = (await childByLabel(api.tree, demo, 'Data Analyst')).element;
    const sample = (await children(api.tree, agent)).find((k) => k.item.contextValue === 'session.demo' && /churn/i.test(k.label));
    assert.ok(sample, 'no churn sample session under Data Analyst');
    await vscode.commands.executeCommand('agentInspector.continueSessionChat', sample.element);
    await waitFor(
      () => openTabs().find((t) => t.label === `Chat: Data Analyst · ${sample.label}`),
      5000,
      `the chat on "${sample.label}" (open: ${JSON.stringify(tabLabels())})`,
    );
    const reply = await send({
      connectionId: 'demo',
      agentId: 'data-analyst',
      sessionId: summaryOf(sample).id,
      text: 'What changed since?',
    });
    assert.strictEqual(reply.status, 'complete', JSON.stringify(reply));
    assert.strictEqual(reply.sessionId, summaryOf(sample).id);
    assert.strictEqual(
      openTabs().filter((t) => t.label.startsWith('Chat: Data Analyst')).length,
      1,
      'sending opened a second panel instead of using the open chat',
    );
    await closeAllEditors();
  });
});
