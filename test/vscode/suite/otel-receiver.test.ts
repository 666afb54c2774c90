// The trace receiver in the real VS Code: started by its command on a free port, a real sender
// (the Node OpenTelemetry SDK with its OTLP/protobuf exporter, as the unit tests use) exports an
// agent turn, the session appears under "Local traces" in the Sessions tree, opens in the
// inspector with its tool call, and a second turn sent while the inspector is open is appended.
import * as assert from 'assert';
import * as net from 'net';
import * as vscode from 'vscode';
import { NodeSender } from '../../unit/otel/nodeSender';
import { children, closeAllEditors, LOAD_WAIT_MS, summaryOf, tabLabels, testingApi, waitFor, type TestingApi } from './helpers';

const SETTINGS = 'agentInspector.traceReceiver';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('Trace receiver (OTLP) in VS Code', () => {
  let api: TestingApi;
  let port: number;

  before(async () => {
    api = await testingApi();
    port = await freePort();
    await vscode.workspace.getConfiguration(SETTINGS).update('port', port, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('agentInspector.stopTraceReceiver');
    await vscode.workspace.getConfiguration(SETTINGS).update('port', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  it('receives a Node SDK export, lists it under Local traces, opens it with its tool call and appends a later turn', async () => {
    await vscode.commands.executeCommand('agentInspector.startTraceReceiver');
    await waitFor(
      () => api.logLines().some((l) => l.includes(`Trace receiver listening on http://127.0.0.1:${port}`)),
      LOAD_WAIT_MS,
      `the receiver listening on ${port} (log: ${JSON.stringify(api.logLines().slice(-5))})`,
    );

    const conversationId = `conv-ext-${Date.now()}`;
    const sender = new NodeSender(`http://127.0.0.1:${port}/v1/traces`, 'protobuf', 'weather-service');
    try {
      const first = sender.turn({
        naming: 'current',
        conversationId,
        question: 'Weather in Paris?',
        answer: 'Rainy, 11 °C.',
        city: 'Paris',
      });
      await sender.flush();

      const local = await waitFor(
        async () => (await children(api.tree)).find((n) => n.label === 'Local traces'),
        LOAD_WAIT_MS,
        `"Local traces" at the root (root: ${JSON.stringify((await children(api.tree)).map((n) => n.label))})`,
      );
      const agent = await waitFor(
        async () => (await children(api.tree, local.element)).find((n) => n.label === 'Weather Agent'),
        LOAD_WAIT_MS,
        'agent "Weather Agent" under Local traces',
      );
      const sessionNode = await waitFor(
        async () => (await children(api.tree, agent.element)).find((n) => summaryOf(n).id === conversationId),
        LOAD_WAIT_MS,
        `session ${conversationId} under Weather Agent`,
      );
      const session = summaryOf(sessionNode);

      await vscode.commands.executeCommand('agentInspector.openSessionItem', {
        connectionId: 'otel-local',
        agentId: session.agentId,
        sessionId: session.id,
      });
      const key = `otel-local/${session.agentId}/${session.id}`;
      const shown = await waitFor(() => api.inspected(key), LOAD_WAIT_MS, `an inspector on ${key} (tabs: ${JSON.stringify(tabLabels())})`);
      assert.deepStrictEqual(
        shown.runs.map((r) => r.id),
        [first.traceId],
        'one run: the trace sent',
      );
      const tools = shown.runs.flatMap((r) => r.events).filter((e) => e.kind === 'tool_call');
      assert.deepStrictEqual(
        tools.map((e) => [e.kind === 'tool_call' && e.name, e.kind === 'tool_call' && e.callId, e.kind === 'tool_call' && e.arguments]),
        [[first.tool.name, first.tool.callId, first.tool.args]],
      );
      assert.strictEqual(shown.runs[0]!.events.filter((e) => e.kind === 'model_call').length, 2, 'both chat spans are model calls');

      // More spans while the inspector is open: the second turn is appended to the same panel.
      const second = sender.turn({
        naming: 'current',
        conversationId,
        question: 'And in Oslo?',
        answer: 'Rainy too, 11 °C.',
        city: 'Oslo',
      });
      await sender.flush();
      const appended = await waitFor(
        () => {
          const s = api.inspected(key);
          return s && s.runs.length === 2 ? s : undefined;
        },
        LOAD_WAIT_MS,
        `the second turn appended (runs: ${JSON.stringify(api.inspected(key)?.runs.map((r) => r.id))})`,
      );
      assert.deepStrictEqual(
        appended.runs.map((r) => r.id),
        [first.traceId, second.traceId],
      );
      const names = appended.runs
        .flatMap((r) => r.events)
        .filter((e) => e.kind === 'tool_call')
        .map((e) => (e.kind === 'tool_call' ? e.callId : ''));
      assert.deepStrictEqual(names, [first.tool.callId, second.tool.callId]);
      const userTexts = appended.runs
        .flatMap((r) => r.events)
        .filter((e) => e.kind === 'user_message')
        .map((e) => (e.kind === 'user_message' ? e.text : ''));
      assert.deepStrictEqual(userTexts, [first.question, second.question]);
    } finally {
      await sender.shutdown();
    }

    await vscode.commands.executeCommand('agentInspector.stopTraceReceiver');
    await waitFor(
      () => api.logLines().some((l) => l.includes('Trace receiver stopped (8 spans')),
      LOAD_WAIT_MS,
      `the receiver stopped after 8 spans (log: ${JSON.stringify(api.logLines().slice(-3))})`,
    );
    // Stopped means the port is free again.
    const again = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    assert.ok(again, `port ${port} is still taken after Stop Trace Receiver`);
  });

  it('starts on the port a script passes, and Clear Received Traces empties the tree and the store file', async () => {
    const other = await freePort();
    await vscode.commands.executeCommand('agentInspector.startTraceReceiver', other);
    await waitFor(
      () => api.logLines().some((l) => l.includes(`Trace receiver listening on http://127.0.0.1:${other}`)),
      LOAD_WAIT_MS,
      `the receiver listening on the port passed, ${other} (log: ${JSON.stringify(api.logLines().slice(-5))})`,
    );
    const file = vscode.Uri.joinPath(api.context.globalStorageUri, 'otel', 'received-telemetry.jsonl');
    const sender = new NodeSender(`http://127.0.0.1:${other}/v1/traces`, 'protobuf', 'weather-service');
    try {
      sender.turn({
        naming: 'current',
        conversationId: `conv-clear-${Date.now()}`,
        question: 'Weather in Rome?',
        answer: 'Sunny.',
        city: 'Rome',
      });
      await sender.flush();
    } finally {
      await sender.shutdown();
    }
    const local = await waitFor(
      async () => (await children(api.tree)).find((n) => n.label === 'Local traces'),
      LOAD_WAIT_MS,
      '"Local traces" at the root',
    );
    await waitFor(
      async () => ((await children(api.tree, local.element)).length ? true : undefined),
      LOAD_WAIT_MS,
      'agents under Local traces',
    );
    assert.ok((await vscode.workspace.fs.stat(file)).size > 0, 'the received spans are in the store file');

    await vscode.commands.executeCommand('agentInspector.clearReceivedTraces', { confirm: false });
    await waitFor(() => api.logLines().some((l) => l.includes('Received traces cleared.')), LOAD_WAIT_MS, 'the traces cleared');
    const after = await waitFor(
      async () => {
        const root = (await children(api.tree)).find((n) => n.label === 'Local traces');
        const under = root ? await children(api.tree, root.element) : [];
        return under.some((n) => n.label === 'Weather Agent') ? undefined : under;
      },
      LOAD_WAIT_MS,
      'no agent left under Local traces',
    );
    assert.deepStrictEqual(
      after.filter((n) => n.label === 'Weather Agent'),
      [],
    );
    const gone = await vscode.workspace.fs.stat(file).then(
      (st) => st.size === 0,
      () => true,
    );
    assert.ok(gone, 'the store file is gone or empty');
    await vscode.commands.executeCommand('agentInspector.stopTraceReceiver');
  });
});
