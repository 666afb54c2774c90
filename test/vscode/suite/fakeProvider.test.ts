// "Adding a provider" in the real VS Code: a fake provider that only this test knows is
// registered in the extension's registry (through the testing API) and then appears everywhere a
// provider does — the Add Connection wizard (its platform, its prompts and defaults, walked
// through by answering VS Code's own QuickPick and InputBox calls), the Sessions tree (its icon,
// its agents and sessions, a session opened in the inspector) and the commands (Add Agent by ID
// with its id rule, Set Token, Remove Connection). No file of src/ names it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { FAKE_AGENTS, FAKE_KIND, FAKE_SESSIONS, fakeDescriptor } from '../../fakeProvider';
import {
  childByLabel,
  children,
  childrenWhen,
  closeAllEditors,
  LOAD_WAIT_MS,
  storedToken,
  testingApi,
  waitFor,
  type TestingApi,
} from './helpers';

const TOKEN = `fk_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

/** The two calls the wizard makes, as this test replaces them. */
type Window = {
  showQuickPick: (
    items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>,
  ) => Promise<vscode.QuickPickItem | undefined>;
  showInputBox: (options?: vscode.InputBoxOptions) => Promise<string | undefined>;
};

/** Answers the wizard's QuickPick and InputBoxes in turn, recording what VS Code was asked to show. */
function answering(pick: (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined, inputs: string[]) {
  const w = vscode.window as unknown as Window;
  const original = { showQuickPick: w.showQuickPick, showInputBox: w.showInputBox };
  const asked: { items?: readonly vscode.QuickPickItem[]; boxes: vscode.InputBoxOptions[] } = { boxes: [] };
  w.showQuickPick = async (items) => {
    asked.items = await items;
    return pick(asked.items);
  };
  w.showInputBox = async (options) => {
    asked.boxes.push(options ?? {});
    return inputs.shift();
  };
  return { asked, restore: () => Object.assign(w, original) };
}

describe('A provider registered by a test alone', function () {
  this.timeout(60000);
  let api: TestingApi;
  let unregister: (() => void) | undefined;
  let id: string | undefined;
  const LABEL = 'Fake (ext-test)';

  before(async () => {
    api = await testingApi();
    unregister = api.registerProvider(fakeDescriptor());
  });
  after(async () => {
    if (id && api.connections().some((c) => c.id === id)) await vscode.commands.executeCommand('agentInspector.removeConnection', id);
    unregister?.();
    await closeAllEditors();
  });

  it('is a platform of the Add Connection wizard, which asks its own questions and adds it', async () => {
    const wizard = answering(
      (items) => items.find((i) => i.label.includes('Fake Agents Cloud')),
      ['https://agents.fake.example/', TOKEN, LABEL],
    );
    try {
      id = await vscode.commands.executeCommand<string>('agentInspector.addConnection');
    } finally {
      wizard.restore();
    }
    const { items, boxes } = wizard.asked;
    assert.ok(
      items?.some(
        (i) => i.label === '$(rocket) Fake Agents Cloud' && i.description === 'fake.example' && i.detail === 'Registered by a test only.',
      ),
      'the fake is offered beside the real platforms',
    );
    assert.ok(items && items.length >= 4, 'the three real platforms are still offered');
    assert.deepStrictEqual(
      boxes.map((b) => b.prompt),
      ['Your fake host', 'Fake token', 'Name shown in the sidebar'],
    );
    assert.strictEqual(boxes[0]!.value, 'https://', 'no default URL');
    assert.strictEqual(boxes[1]!.password, true);
    assert.strictEqual(boxes[2]!.value, 'Fake (agents.fake.example)', 'the name proposed from the host');
    const hint = await boxes[1]!.validateInput?.('abc');
    assert.strictEqual(typeof hint === 'object' && hint ? hint.message : hint, 'Fake tokens start with fk_');
    assert.ok(id, 'the wizard added a connection');
    const added = api.connections().find((c) => c.id === id);
    assert.deepStrictEqual([added?.kind, added?.label, added?.baseUrl], [FAKE_KIND, LABEL, 'https://agents.fake.example']);
    assert.strictEqual((await storedToken(api, id))?.token, TOKEN, 'its token went to SecretStorage');
  });

  it('shows in the Sessions tree with its icon, its agents and sessions, and a session opens', async () => {
    const connection = await childByLabel(api.tree, undefined, LABEL);
    assert.strictEqual((connection.item.iconPath as vscode.ThemeIcon).id, 'rocket');
    assert.strictEqual(connection.item.description, 'agents.fake.example');
    const agents = await childrenWhen(
      api,
      () => connection.element,
      (k) => k.some((x) => x.label === FAKE_AGENTS[0]!.name),
      'the fake agents',
    );
    const agent = agents.find((x) => x.label === FAKE_AGENTS[0]!.name)!;
    const sessions = await childrenWhen(
      api,
      () => agent.element,
      (k) => k.length === FAKE_SESSIONS.length,
      'the fake sessions',
    );
    assert.deepStrictEqual(
      sessions.map((s) => s.label),
      FAKE_SESSIONS.map((s) => s.title),
    );
    const key = `${id}/${FAKE_AGENTS[0]!.id}/${FAKE_SESSIONS[0]!.id}`;
    await vscode.commands.executeCommand('agentInspector.openSessionItem', sessions[0]!.element);
    const shown = await waitFor(() => api.inspected(key), LOAD_WAIT_MS, 'the fake session in the inspector');
    assert.strictEqual(shown.title, FAKE_SESSIONS[0]!.title);
    assert.strictEqual(shown.totals.tokens.output, 5);
  });

  it('takes the commands its descriptor allows: Add Agent by ID with its rule, Set Token', async () => {
    const box = answering(() => undefined, ['fa-2', '']);
    try {
      await vscode.commands.executeCommand('agentInspector.addAgent', id);
    } finally {
      box.restore();
    }
    assert.strictEqual(box.asked.boxes[0]!.prompt, 'Fake agent id (fa-…)');
    assert.strictEqual(await box.asked.boxes[0]!.validateInput?.('x'), 'A fake agent id starts with fa-');
    assert.strictEqual(box.asked.boxes[1]!.value, 'Fake fa-2', 'the name proposed for the new agent');
    const connection = await childByLabel(api.tree, undefined, LABEL);
    await childrenWhen(
      api,
      () => connection.element,
      (k) => k.some((x) => x.label === 'fa-2'),
      'the agent added by id',
    );
    const next = `${TOKEN}-2`;
    await vscode.commands.executeCommand('agentInspector.setToken', id, next);
    assert.strictEqual((await storedToken(api, id!))?.token, next);
  });

  it('is removed like any connection, and once unregistered nothing of it is left', async () => {
    await vscode.commands.executeCommand('agentInspector.removeConnection', id);
    assert.ok(!api.connections().some((c) => c.id === id));
    assert.strictEqual(await storedToken(api, id!), undefined);
    unregister?.();
    unregister = undefined;
    // Not a draft any more: the wizard opens instead, and no longer offers the fake.
    const wizard = answering(() => undefined, []);
    let added: string | undefined;
    try {
      added = await vscode.commands.executeCommand<string | undefined>('agentInspector.addConnection', {
        kind: FAKE_KIND,
        label: LABEL,
        baseUrl: 'https://agents.fake.example',
      });
    } finally {
      wizard.restore();
    }
    assert.strictEqual(added, undefined);
    assert.ok(wizard.asked.items && !wizard.asked.items.some((i) => i.label.includes('Fake')), 'the wizard no longer offers the fake');
    assert.ok(!(await children(api.tree)).some((n) => n.label === LABEL));
  });
});
