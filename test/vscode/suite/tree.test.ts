import * as assert from 'assert';
import * as vscode from 'vscode';
import { childByLabel, children, isLoadMore, summaryOf, testingApi, waitFor, type Node, type TestingApi } from './helpers';

const DEMO_AGENTS = ['Research Assistant', 'Data Analyst', 'Support Triage'];

function createdAtOf(node: Node): number {
  const { createdAt } = summaryOf(node);
  assert.ok(createdAt, `session "${node.label}" has no createdAt`);
  const t = Date.parse(createdAt);
  assert.ok(!Number.isNaN(t), `createdAt "${createdAt}" of "${node.label}" is not a date`);
  return t;
}

function assertNewestFirst(sessions: Node[]): void {
  const times = sessions.map(createdAtOf);
  for (let i = 1; i < times.length; i++) {
    assert.ok(
      times[i - 1] >= times[i],
      `"${sessions[i - 1].label}" (${new Date(times[i - 1]).toISOString()}) is listed before the newer "${sessions[i].label}" (${new Date(times[i]).toISOString()})`,
    );
  }
}

describe('Sessions tree', () => {
  let api: TestingApi;
  const config = () => vscode.workspace.getConfiguration('agentInspector');

  before(async () => {
    api = await testingApi();
  });

  after(async () => {
    await config().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
  });

  it('shows the demo connection at the root', async () => {
    const roots = await children(api.tree);
    assert.ok(
      roots.some((r) => r.label === 'Demo Sessions'),
      `root items: ${JSON.stringify(roots.map((r) => r.label))}`,
    );
    assert.ok(
      api.connections().some((c) => c.id === 'demo' && c.kind === 'demo'),
      'connections() lacks the demo connection',
    );
  });

  it('lists the three demo agents under Demo Sessions', async () => {
    const demo = await childByLabel(api.tree, undefined, 'Demo Sessions');
    const agents = (await children(api.tree, demo.element)).map((a) => a.label);
    for (const name of DEMO_AGENTS) assert.ok(agents.includes(name), `"${name}" missing under Demo Sessions: ${JSON.stringify(agents)}`);
  });

  it('lists an agent\'s sessions newest first, with "Load more…" when there are more', async () => {
    await config().update('pageSize', 2, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('agentInspector.refresh');
    const agentNode = async () =>
      childByLabel(api.tree, (await childByLabel(api.tree, undefined, 'Demo Sessions')).element, 'Research Assistant');

    const first = await waitFor(
      async () => {
        const kids = await children(api.tree, (await agentNode()).element);
        return kids.filter((k) => !isLoadMore(k)).length === 2 ? kids : undefined;
      },
      5000,
      'a first page of 2 sessions (pageSize = 2)',
    );
    const more = first.find(isLoadMore);
    assert.ok(more, `no "Load more…" node after a full page: ${JSON.stringify(first.map((k) => k.label))}`);
    assert.strictEqual(first[first.length - 1], more, '"Load more…" must be the last item');
    const firstSessions = first.filter((k) => !isLoadMore(k));
    assertNewestFirst(firstSessions);

    // Load the next page the way a click on the node would.
    const click = more.item.command;
    if (click) await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
    else await vscode.commands.executeCommand('agentInspector.loadMore', more.element);
    const grown = await waitFor(
      async () => {
        const kids = await children(api.tree, (await agentNode()).element);
        return kids.filter((k) => !isLoadMore(k)).length > 2 ? kids : undefined;
      },
      5000,
      'more sessions after "Load more…"',
    );
    const sessions = grown.filter((k) => !isLoadMore(k));
    assert.deepStrictEqual(
      sessions.slice(0, 2).map((s) => s.label),
      firstSessions.map((s) => s.label),
      'the first page changed after loading more',
    );
    assertNewestFirst(sessions);
    assert.ok(grown.filter(isLoadMore).length <= 1, 'more than one "Load more…" node');
  });
});
