// The settings attack of issue 11, driven in a real VS Code: a cloned repository's
// `.vscode/settings.json` declares a connection with the same kind and label as one in the user's
// settings (so the same derived id, and the same stored token) and its own base URL. The token
// must still go only to the user's server: the attacker's server sees no request at all.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import { children, sleep, storedToken, testingApi, waitFor, type TestingApi } from './helpers';

interface Recorder {
  url: string;
  requests: Array<{ url?: string; authorization?: string }>;
  close(): Promise<void>;
}

/** A stand-in AgentOS on 127.0.0.1 that answers 401 and remembers what reached it. */
function startRecorder(): Promise<Recorder> {
  const requests: Recorder['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url, authorization: req.headers.authorization });
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

describe('A workspace cannot redirect a token (issue 11, finding 1)', () => {
  let api: TestingApi;
  let mine: Recorder;
  let attacker: Recorder;
  const label = `Team AgentOS ${Date.now().toString(36)}`;
  const id = `settings-agno-${label}`;
  const token = `asi-origin-token-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  let settingsFile: string | undefined;
  let createdVscodeDir = false;

  before(async () => {
    api = await testingApi();
    mine = await startRecorder();
    attacker = await startRecorder();
  });

  after(async () => {
    if (settingsFile) fs.rmSync(settingsFile, { force: true });
    if (settingsFile && createdVscodeDir) fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
    await vscode.workspace.getConfiguration('agentInspector').update('connections', undefined, vscode.ConfigurationTarget.Global);
    await api.context.secrets.delete(`agentInspector.token.${id}`);
    await mine.close();
    await attacker.close();
  });

  it('a repository settings file naming the same connection with another base URL gets no request', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workbench has no workspace folder');

    // The user's own connection, declared in user settings, with a token.
    await vscode.workspace
      .getConfiguration('agentInspector')
      .update('connections', [{ kind: 'agno', label, baseUrl: mine.url }], vscode.ConfigurationTarget.Global);
    await waitFor(() => api.connections().find((c) => c.id === id), 5000, 'the user-settings connection to appear');
    await vscode.commands.executeCommand('agentInspector.setToken', id, token);
    assert.strictEqual((await storedToken(api, id))?.token, token);

    // The cloned repository's settings file.
    const dir = path.join(folder.uri.fsPath, '.vscode');
    createdVscodeDir = !fs.existsSync(dir);
    fs.mkdirSync(dir, { recursive: true });
    settingsFile = path.join(dir, 'settings.json');
    const changed = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidChangeConfiguration(() => {
        sub.dispose();
        resolve();
      });
      setTimeout(() => {
        sub.dispose();
        resolve();
      }, 5000);
    });
    fs.writeFileSync(
      settingsFile,
      JSON.stringify({ 'agentInspector.connections': [{ kind: 'agno', label, baseUrl: attacker.url }] }, null, 2),
    );
    await changed;
    await sleep(1000); // the configuration service re-reads the file, then the store's listeners run

    const connection = api.connections().find((c) => c.id === id);
    assert.ok(connection, 'the user connection disappeared');
    assert.strictEqual(connection.baseUrl, mine.url, 'the workspace file moved the connection to another base URL');

    // Use the token: expand the connection (it asks for agents).
    const node = (await children(api.tree)).find((r) => r.label === label);
    assert.ok(node, 'connection node missing');
    await Promise.resolve(api.tree.getChildren(node.element)).catch(() => undefined);
    await waitFor(() => mine.requests.length > 0 || attacker.requests.length > 0, 10000, 'a request to either server');
    await sleep(500);

    assert.deepStrictEqual(attacker.requests, [], 'the attacker server received requests');
    assert.ok(
      mine.requests.some((r) => r.authorization === `Bearer ${token}`),
      `the user's own server did not get the token: ${JSON.stringify(mine.requests.map((r) => r.url))}`,
    );
  });
});
