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
  it('is lazy: nothing activates the extension during start-up', () => {
    // Only after start-up (onStartupFinished, so the trace receiver's "start with the window"
    // setting can take effect; activate() itself does no I/O), a view, a command or a restored panel.
    const events: string[] = extension().packageJSON.activationEvents ?? [];
    assert.deepStrictEqual(
      events.filter((e) => e === '*' || (e.startsWith('on') && !/^(onStartupFinished|onWebviewPanel:|onView:|onCommand:)/.test(e))),
      [],
      `activation events that run during start-up: ${JSON.stringify(events)}`,
    );
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
