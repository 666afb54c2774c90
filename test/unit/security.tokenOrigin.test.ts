// Issue 11, finding 1: a token goes only to the origin it was entered for. The rules that decide
// it (which settings count, how a stored token is read back) are pure and driven here against two
// local servers; the same attack through a real VS Code is in test/vscode/suite/tokenOrigin.test.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { settingsConnections } from '../../src/connections/settingsEntries';
import { decodeToken, encodeToken, resolveToken, type TokenSecrets } from '../../src/connections/tokenBinding';
import { createProvider } from '../../src/providers';
import { effectiveBaseUrl } from '../../src/connections/settingsEntries';
import { originOf } from '../../src/connections/tokenBinding';
import { rejects } from './helpers';
import { pieces, startRecorder, type Recorder } from './recorder';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

class MemorySecrets implements TokenSecrets {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
  }
}

const TOKEN = 'tok-Zq8v3LmN0pRs7TuW1xYa';
const KEY = 'agentInspector.token.settings-agno-Team';

describe('a token goes only where it was entered for (issue 11, finding 1)', () => {
  let mine: Recorder;
  let attacker: Recorder;
  beforeEach(async () => {
    mine = await startRecorder();
    attacker = await startRecorder();
  });
  afterEach(async () => {
    await mine.close();
    await attacker.close();
  });

  it('the manifest makes agentInspector.connections user-only and restricted in untrusted workspaces', () => {
    const setting = manifest.contributes.configuration.properties['agentInspector.connections'];
    assert.ok(['application', 'machine'].includes(setting.scope), `scope is ${setting.scope}`);
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.ok(untrusted.restrictedConfigurations.includes('agentInspector.connections'));
  });

  it("no setting a cloned repository's .vscode/settings.json may set says where requests go, who the user is, or opens a port", () => {
    // A workspace may set these: they change how the editor shows things and how patient it is with
    // the user's own servers, never the servers, the user's identity on them, or a listener.
    const PER_WORKSPACE = new Set([
      'agentInspector.showDemo',
      'agentInspector.sessionHeader.expanded',
      'agentInspector.pageSize',
      'agentInspector.requestTimeoutSeconds',
      'agentInspector.maxRetries',
    ]);
    const properties = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;
    const untrusted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations as string[];
    for (const [key, setting] of Object.entries(properties)) {
      if (PER_WORKSPACE.has(key)) continue;
      // Each of the others is user-only (the connections' URLs, agno's user id, Piper's profile
      // metadata, the trace receiver's port, start, limits): a new setting must be put on one side.
      assert.ok(
        ['application', 'machine'].includes(setting.scope ?? ''),
        `${key} can be set by a workspace (scope ${setting.scope ?? 'window'})`,
      );
      assert.ok(untrusted.includes(key), `${key} is not restricted in untrusted workspaces`);
    }
  });

  it('a workspace entry with the same kind and label and another base URL changes nothing, and says it was ignored', async () => {
    const { connections, problems } = settingsConnections({
      globalValue: [{ kind: 'agno', label: 'Team', baseUrl: mine.url }],
      workspaceValue: [
        { kind: 'agno', label: 'Team', baseUrl: attacker.url },
        { kind: 'agno', label: 'Extra', baseUrl: attacker.url },
      ],
    });
    assert.deepEqual(
      connections.map((c) => [c.id, c.baseUrl]),
      [['settings-agno-Team', mine.url]],
    );
    assert.match(problems.map((p) => p.message).join('\n'), /workspace settings it is ignored/);

    // Use it the way the registry does: the stored token, resolved for the connection's origin.
    const secrets = new MemorySecrets();
    await secrets.store(KEY, encodeToken(TOKEN, mine.origin));
    const connection = connections[0]!;
    const token = await resolveToken({
      secrets,
      key: KEY,
      label: connection.label,
      origin: originOf(effectiveBaseUrl(connection)),
      confirmMove: async () => assert.fail('no question expected'),
    });
    await rejects(createProvider(connection, token, { maxRetries: 0 }).listAgents());
    assert.equal(attacker.requests.length, 0, 'the attacker server was reached');
    assert.ok(
      mine.requests.some((r) => r.authorization === `Bearer ${TOKEN}`),
      'the user server did not get the token',
    );
  });

  it('a token entered for one origin is not sent to another unless the user says so, and the message holds no piece of it', async () => {
    const secrets = new MemorySecrets();
    await secrets.store(KEY, encodeToken(TOKEN, mine.origin));
    const asked: string[][] = [];
    const e = await rejects(
      resolveToken({
        secrets,
        key: KEY,
        label: 'Team',
        origin: attacker.origin,
        confirmMove: async (from, to) => (asked.push([from, to]), false),
      }),
    );
    assert.deepEqual(asked, [[mine.origin, attacker.origin]]);
    assert.equal(e.code, 'auth');
    assert.equal(e.details?.action, 'setToken');
    assert.match(e.message, /was entered for http:\/\/127\.0\.0\.1:\d+, but the connection now points to/);
    assert.deepEqual(pieces(TOKEN, e.message), []);
    assert.equal(
      decodeToken(secrets.values.get(KEY)).state === 'bound' && (decodeToken(secrets.values.get(KEY)) as { origin: string }).origin,
      mine.origin,
      'the binding moved without a yes',
    );
    assert.equal(attacker.requests.length, 0);

    // Saying yes moves the binding: the next use goes to the new origin without asking again.
    assert.equal(await resolveToken({ secrets, key: KEY, label: 'Team', origin: attacker.origin, confirmMove: async () => true }), TOKEN);
    assert.equal(
      await resolveToken({
        secrets,
        key: KEY,
        label: 'Team',
        origin: attacker.origin,
        confirmMove: async () => assert.fail('asked twice'),
      }),
      TOKEN,
    );
  });

  it("a plain token stored before binding existed is bound to the connection's current origin on first use", async () => {
    const secrets = new MemorySecrets();
    await secrets.store(KEY, TOKEN);
    assert.equal(
      await resolveToken({
        secrets,
        key: KEY,
        label: 'Team',
        origin: mine.origin,
        confirmMove: async () => assert.fail('no question expected'),
      }),
      TOKEN,
    );
    assert.deepEqual(JSON.parse(secrets.values.get(KEY)!), { origin: mine.origin, token: TOKEN });
    await rejects(resolveToken({ secrets, key: KEY, label: 'Team', origin: attacker.origin, confirmMove: async () => false }));
  });

  it('origins compare scheme, host and port: the same host on another port or over http is another origin', () => {
    assert.equal(originOf('https://api.example.com/v1/'), 'https://api.example.com');
    assert.equal(originOf('https://API.example.com:443'), 'https://api.example.com');
    assert.notEqual(originOf('http://api.example.com'), originOf('https://api.example.com'));
    assert.notEqual(originOf('http://127.0.0.1:7777'), originOf('http://127.0.0.1:7778'));
    assert.equal(originOf('ftp://x'), undefined);
    assert.equal(originOf('not a url'), undefined);
    assert.equal(originOf(effectiveBaseUrl({ kind: 'piper', baseUrl: undefined })), 'https://api.letpiper.com');
  });

  it('reads back what it wrote, and treats anything else as a plain token', () => {
    assert.deepEqual(decodeToken(encodeToken(` ${TOKEN} `, 'https://a')), { state: 'bound', token: TOKEN, origin: 'https://a' });
    assert.deepEqual(decodeToken(undefined), { state: 'none' });
    assert.deepEqual(decodeToken('{not json'), { state: 'legacy', token: '{not json' });
    assert.deepEqual(decodeToken('{"token":1}'), { state: 'legacy', token: '{"token":1}' });
  });
});
