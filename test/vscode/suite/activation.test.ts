import * as assert from 'assert';
import * as vscode from 'vscode';
import { extension } from './helpers';

// Every command the extension promises (package.json + the ones other code calls by id).
const REQUIRED_COMMANDS = [
  'addConnection',
  'setToken',
  'removeConnection',
  'refresh',
  'openSession',
  'openSessionFile',
  'openDemo',
  'hideDemo',
  'copySessionId',
  'filter',
  'clearFilter',
  'loadMore',
  'retry',
  'openSessionItem',
  'showLog',
].map((c) => `agentInspector.${c}`);

describe('Activation', () => {
  it('activates on nothing but what needs it: restored panels and, after start-up, the receiver setting', () => {
    // VS Code (1.74+) activates on a contributed command, view or chat participant by itself, so
    // the manifest lists only what it cannot infer: the two panels that come back after Reload
    // Window (their serializers), and onStartupFinished, the one event that lets the trace
    // receiver's "start with the window" work (VS Code has no event for "a setting is on", and
    // workspaceContains cannot see user settings). That activation reads no file: the trace store
    // waits for the Sessions view (receiverHost.ts).
    const manifest = extension().packageJSON;
    assert.deepStrictEqual([...(manifest.activationEvents ?? [])].sort(), [
      'onStartupFinished',
      'onWebviewPanel:agentInspector.chat',
      'onWebviewPanel:agentInspector.inspector',
    ]);
    const settings = manifest.contributes.configuration.properties as Record<string, unknown>;
    assert.ok('agentInspector.traceReceiver.startWithWindow' in settings, 'onStartupFinished is there for this setting only');
    assert.ok(manifest.contributes.views.agentInspector.some((v: { id: string }) => v.id === 'agentInspector.sessions'));
    assert.ok(manifest.contributes.chatParticipants.length > 0);
    assert.ok(!/^1\.([0-6]\d|7[0-3])\./.test(manifest.engines.vscode.replace(/^\^/, '')), 'implicit activation needs VS Code 1.74+');
  });

  it('activates on one of its commands and returns the testing API in test mode', async () => {
    await vscode.commands.executeCommand('agentInspector.refresh');
    const ext = extension();
    assert.strictEqual(ext.isActive, true, 'running agentInspector.refresh did not activate the extension');
    const testing = ext.exports?.testing;
    assert.ok(testing, 'exports.testing missing');
    assert.strictEqual(testing.context.extensionMode, vscode.ExtensionMode.Test);
    assert.strictEqual(typeof testing.tree.getChildren, 'function');
    assert.ok(Array.isArray(testing.logLines()), 'logLines() must return an array');
    assert.ok(Array.isArray(testing.connections()), 'connections() must return an array');
  });

  it('registers every contributed command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed: string[] = (extension().packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    const expected = [...new Set([...contributed, ...REQUIRED_COMMANDS])];
    assert.ok(contributed.length >= REQUIRED_COMMANDS.length, 'package.json contributes fewer commands than required');
    assert.deepStrictEqual(
      expected.filter((c) => !registered.has(c)),
      [],
      'commands contributed but not registered',
    );
  });
});
