// "Adding a provider" (docs/architecture.md) is one descriptor: a fake provider registered here,
// in the test alone, shows up wherever the extension offers providers — the Add Connection
// wizard's platforms and steps, the connections setting, the tree's icon, name and menus (the
// very `when` clauses of package.json), Add Agent by ID's rules, createProvider's agents and
// sessions — and is gone once unregistered.
// The extension-host suite (test/vscode/suite/fakeProvider.test.ts) does the same in VS Code.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { settingsConnections } from '../../src/connections/settingsEntries';
import { tokenHint, validateAgentId } from '../../src/connections/validate';
import { platformItems, wizardSteps } from '../../src/connections/wizardSteps';
import { createProvider } from '../../src/providers';
import { withTotals } from '../../src/model';
import { addableKinds, allDescriptors, can, addableKindSchema, effectiveBaseUrl, registerProvider } from '../../src/providers/registry';
import { headerOf } from '../../src/views/inspector/pageHeader';
import { agentContext, connectionContext, connectionDescription, kindIcon, kindName } from '../../src/views/tree/kinds';
import { FAKE_AGENTS, FAKE_KIND, FAKE_SESSIONS, fakeDescriptor } from '../fakeProvider';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
const menus: Array<{ command: string; when?: string }> = manifest.contributes.menus['view/item/context'];
/** The tree menus whose `when` matches this context value. */
const menuCommands = (contextValue: string) =>
  menus
    .filter((m) => {
      const re = /viewItem =~ \/(.+?)\/(?=\s|$)/.exec(m.when ?? '');
      return m.when?.includes('view == agentInspector.sessions') && re && new RegExp(re[1]!).test(contextValue);
    })
    .map((m) => m.command);

describe('a provider registered in a test alone', () => {
  let unregister: () => void;
  beforeEach(() => {
    unregister = registerProvider(fakeDescriptor());
  });
  afterEach(() => unregister());

  it('is a platform of the Add Connection wizard, with its own steps, defaults and checks', () => {
    const item = platformItems().find((p) => p.kind === FAKE_KIND);
    assert.deepStrictEqual(item, {
      kind: FAKE_KIND,
      label: '$(rocket) Fake Agents Cloud',
      description: 'fake.example',
      detail: 'Registered by a test only.',
    });
    // After the three real ones: registry order.
    assert.deepStrictEqual(
      platformItems()
        .map((p) => p.kind)
        .slice(-1),
      [FAKE_KIND],
    );
    const steps = wizardSteps(FAKE_KIND);
    assert.deepStrictEqual(
      steps.map((s) => [s.field, s.prompt]),
      [
        ['baseUrl', 'Your fake host'],
        ['token', 'Fake token'],
        ['label', 'Name shown in the sidebar'],
      ],
    );
    assert.strictEqual(steps[0]!.value?.({}), 'https://', 'no default URL: the user types one');
    assert.strictEqual(steps[2]!.value?.({ baseUrl: 'https://agents.fake.example/api' }), 'Fake (agents.fake.example)');
    assert.deepStrictEqual(steps[1]!.validate('abc'), { message: 'Fake tokens start with fk_', severity: 'warning' });
    assert.strictEqual(steps[1]!.validate('fk_abc'), undefined);
    assert.strictEqual(steps[1]!.validate('')?.severity, 'error', 'the token is not optional');
    assert.strictEqual(tokenHint('abc', FAKE_KIND), 'Fake tokens start with fk_');
  });

  it('is a kind of the connections setting and of stored connections; unregistered, it is not', () => {
    const entry = { kind: FAKE_KIND, label: 'Fake one', baseUrl: 'https://agents.fake.example/' };
    const read = settingsConnections({ globalValue: [entry, { kind: FAKE_KIND, label: 'No URL' }] });
    assert.deepStrictEqual(read.connections, [
      {
        id: `settings-${FAKE_KIND}-Fake one`,
        kind: FAKE_KIND,
        label: 'Fake one',
        baseUrl: 'https://agents.fake.example',
        orgId: undefined,
      },
    ]);
    assert.deepStrictEqual(read.problems, [{ index: 1, message: 'baseUrl: baseUrl is required for Fake (fake.example)' }]);
    assert.ok(addableKinds().includes(FAKE_KIND));
    assert.ok(addableKindSchema().safeParse(FAKE_KIND).success);
    unregister();
    assert.match(settingsConnections({ globalValue: [entry] }).problems[0]!.message, /^kind: /);
    assert.ok(!addableKindSchema().safeParse(FAKE_KIND).success);
    unregister = registerProvider(fakeDescriptor());
  });

  it('has its icon, name and menus in the tree: Set Token, Add Agent and Remove, no Add Session', () => {
    assert.strictEqual(kindIcon(FAKE_KIND), 'rocket');
    assert.strictEqual(kindName(FAKE_KIND), 'Fake Agents');
    assert.strictEqual(connectionDescription({ kind: FAKE_KIND, baseUrl: 'https://agents.fake.example' }), 'agents.fake.example');
    const onConnection = menuCommands(connectionContext({ kind: FAKE_KIND, origin: 'state' }));
    for (const c of ['agentInspector.setToken', 'agentInspector.addAgent', 'agentInspector.removeConnection', 'agentInspector.refresh'])
      assert.ok(onConnection.includes(c), `${c} on the fake connection`);
    for (const c of ['agentInspector.hideDemo', 'agentInspector.startTraceReceiver'])
      assert.ok(!onConnection.includes(c), `no ${c} on the fake connection`);
    const onAgent = menuCommands(agentContext(FAKE_KIND));
    assert.ok(onAgent.includes('agentInspector.chatWithAgent'));
    assert.ok(!onAgent.includes('agentInspector.addSessionById'), 'the fake lists its sessions');
    assert.ok(can(FAKE_KIND, 'addAgentById') && !can(FAKE_KIND, 'greet'));
    assert.strictEqual(validateAgentId('x', FAKE_KIND), 'A fake agent id starts with fa-');
    assert.strictEqual(validateAgentId('fa-2', FAKE_KIND), undefined);
  });

  it('is created by createProvider, with its token, and lists its agents and sessions', async () => {
    const connection = { id: 'f1', kind: FAKE_KIND, label: 'Fake', baseUrl: 'https://agents.fake.example' };
    const provider = createProvider(connection, '  fk_secret  ', {
      memory: { agents: () => [{ id: 'fa-9', label: 'Added by id' }], sessions: () => [] },
    });
    assert.strictEqual((provider as unknown as { token: string }).token, 'fk_secret');
    assert.deepStrictEqual(
      (await provider.listAgents()).map((a) => a.id),
      [...FAKE_AGENTS.map((a) => a.id), 'fa-9'],
    );
    assert.deepStrictEqual(
      (await provider.listSessions('fa-1', undefined, 25)).items.map((s) => s.id),
      FAKE_SESSIONS.map((s) => s.id),
    );
    assert.strictEqual((await provider.getSession('fa-1', 'fs-1')).totals.tokens.output, 5);
    assert.strictEqual(effectiveBaseUrl(connection), 'https://agents.fake.example');
    unregister();
    assert.throws(() => createProvider(connection, undefined), /kind "fake-agents" are not supported/);
    unregister = registerProvider(fakeDescriptor());
  });

  it("names its platform in the inspector's header with its descriptor's productName, as every registered kind does", () => {
    const session = withTotals({ id: 's', provider: FAKE_KIND, title: 'A fake session', metadata: {}, runs: [] });
    assert.strictEqual(headerOf(session, 'Fake').providerName, 'Fake Agent Platform');
    for (const d of allDescriptors()) assert.strictEqual(headerOf({ ...session, provider: d.kind }, undefined).providerName, d.productName);
    assert.strictEqual(
      headerOf({ ...session, provider: 'unheard-of' }, undefined).providerName,
      undefined,
      'an unknown kind: the page shows the kind',
    );
  });

  it('cannot replace a provider that is already registered', () => {
    assert.throws(() => registerProvider({ ...fakeDescriptor(), kind: 'piper' }), /already registered/);
    assert.throws(() => registerProvider(fakeDescriptor()), /already registered/);
  });
});
