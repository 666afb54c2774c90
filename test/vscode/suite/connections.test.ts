import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import { children, labelOf, secretKey, sleep, storedToken, testingApi, type TestingApi } from './helpers';

/**
 * A stand-in AgentOS on 127.0.0.1 that refuses every request with 401, so the connection under
 * test has somewhere real to send its token (and fail), and nothing leaves the machine.
 */
function startRefusingServer(): Promise<{ url: string; requests: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ detail: 'Invalid authentication credentials' }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}

/** Everything the extension keeps outside SecretStorage, as text to search for a token. */
async function everythingButSecrets(api: TestingApi): Promise<Record<string, string>> {
  const { context } = api;
  const dump = (m: vscode.Memento) => JSON.stringify(m.keys().map((k) => [k, m.get(k)]));
  const settings: Record<string, unknown> = {};
  const props = Object.keys(context.extension.packageJSON.contributes.configuration.properties as Record<string, unknown>);
  for (const key of props) {
    const [section, ...rest] = key.split('.');
    settings[key] = vscode.workspace.getConfiguration(section).inspect(rest.join('.'));
  }
  settings['agentInspector (whole section)'] = vscode.workspace.getConfiguration('agentInspector');
  const treeText: string[] = [];
  for (const root of await children(api.tree)) {
    treeText.push(JSON.stringify([root.label, root.item.description, root.item.tooltip, root.item.id]));
  }
  return {
    settings: JSON.stringify(settings),
    globalState: dump(context.globalState),
    workspaceState: dump(context.workspaceState),
    log: api.logLines().join('\n'),
    connections: JSON.stringify(api.connections()),
    tree: treeText.join('\n'),
  };
}

async function assertNowhereButSecrets(api: TestingApi, token: string): Promise<void> {
  const places = await everythingButSecrets(api);
  // Any 8-character piece counts: a token cut in two before redaction still leaks its halves.
  // The fixed "asi-test-token-" prefix is left out: other tests' strings share it.
  const secret = token.replace(/^asi-test-token-/, '');
  const pieces = Array.from({ length: Math.max(0, secret.length - 7) }, (_, i) => secret.slice(i, i + 8));
  const leaks = Object.entries(places)
    .filter(([, text]) => pieces.some((p) => text.includes(p)))
    .map(([where]) => where);
  assert.deepStrictEqual(leaks, [], `the token was found outside SecretStorage in: ${leaks.join(', ')}`);
}

describe('Connections and tokens', () => {
  let api: TestingApi;
  let server: Awaited<ReturnType<typeof startRefusingServer>>;
  let connectionId: string;
  // Random letters and digits only: an 8-character piece of a timestamp would match other timestamps in state.
  const token = `asi-test-token-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;

  before(async () => {
    api = await testingApi();
    server = await startRefusingServer();
  });

  after(async () => {
    await server.close();
  });

  it('Add Connection with arguments stores the connection in globalState, without a token', async () => {
    const id = await vscode.commands.executeCommand<string>('agentInspector.addConnection', {
      kind: 'agno',
      label: 'Test AgentOS',
      baseUrl: server.url,
    });
    assert.strictEqual(typeof id, 'string', `addConnection returned ${JSON.stringify(id)} instead of the new connection id`);
    connectionId = id;
    const stored = api.connections().find((c) => c.id === id);
    assert.ok(stored, 'connections() does not list the new connection');
    assert.strictEqual(stored.label, 'Test AgentOS');
    assert.strictEqual(stored.kind, 'agno');
    assert.ok(!('token' in stored), 'the connection object carries a token field');
    const state = JSON.stringify(api.context.globalState.keys().map((k) => api.context.globalState.get(k)));
    assert.ok(state.includes(id), 'the new connection is not in globalState');
    assert.strictEqual(await api.context.secrets.get(secretKey(id)), undefined, 'a secret exists although no token was given');
    const roots = (await children(api.tree)).map((r) => r.label);
    assert.ok(roots.includes('Test AgentOS'), `the tree root does not show the new connection: ${JSON.stringify(roots)}`);
  });

  it('Set Token with arguments puts the token in SecretStorage and nowhere else', async () => {
    assert.ok(connectionId, 'needs the connection of the previous test');
    await vscode.commands.executeCommand('agentInspector.setToken', connectionId, token);
    assert.deepStrictEqual(
      await storedToken(api, connectionId),
      { token, origin: server.url },
      'SecretStorage does not hold the token, bound to the origin it was entered for',
    );

    // Use the token once (expand the connection: it asks our 401 server for agents), so the paths
    // that log requests and errors have run before we look for leaks.
    const node = (await children(api.tree)).find((r) => r.label === 'Test AgentOS');
    assert.ok(node, 'connection node missing');
    const kids = await Promise.resolve(api.tree.getChildren(node.element)).catch((e: unknown) => [String(e)]);
    for (const k of kids ?? []) {
      if (typeof k === 'string') assert.ok(!k.includes(token), 'an error thrown by the tree contains the token');
      else {
        const item = await api.tree.getTreeItem(k);
        assert.ok(!JSON.stringify([labelOf(item), item.description, item.tooltip]).includes(token), 'a tree item shows the token');
      }
    }
    await sleep(300); // let asynchronous log writes land
    await assertNowhereButSecrets(api, token);
  });

  it('Add Connection with a token in the arguments keeps that token in SecretStorage only', async () => {
    const other = `${token}-second`;
    const id = await vscode.commands.executeCommand<string>('agentInspector.addConnection', {
      kind: 'agno',
      label: 'Second AgentOS',
      baseUrl: server.url,
      token: other,
    });
    assert.strictEqual(typeof id, 'string');
    try {
      assert.strictEqual((await storedToken(api, id))?.token, other, 'the token given to Add Connection is not in SecretStorage');
      await assertNowhereButSecrets(api, other);
    } finally {
      await vscode.commands.executeCommand('agentInspector.removeConnection', id);
    }
  });

  it('Remove Connection deletes the connection and its secret', async () => {
    assert.ok(connectionId, 'needs the connection of the first test');
    await vscode.commands.executeCommand('agentInspector.removeConnection', connectionId);
    assert.strictEqual(await api.context.secrets.get(secretKey(connectionId)), undefined, 'the token is still in SecretStorage');
    assert.ok(!api.connections().some((c) => c.id === connectionId), 'connections() still lists it');
    const state = JSON.stringify(api.context.globalState.keys().map((k) => api.context.globalState.get(k)));
    assert.ok(!state.includes(connectionId), 'globalState still holds it');
    const roots = (await children(api.tree)).map((r) => r.label);
    assert.ok(!roots.includes('Test AgentOS'), `the tree still shows it: ${JSON.stringify(roots)}`);
    assert.ok(!roots.includes('Second AgentOS'), `the second connection was not removed: ${JSON.stringify(roots)}`);
  });
});
