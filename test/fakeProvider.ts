// A provider that exists only in the tests: one descriptor, no other file of src/ knows it. The
// unit tests (registry.fake.test.ts) and the extension-host suite (suite/fakeProvider.test.ts)
// register it and find it in the wizard, the settings, the tree and the commands, which is what
// docs/architecture.md promises a new provider needs.
import type { Agent, Connection, Session, SessionSummary } from '../src/model';
import type { ProviderDescriptor } from '../src/providers/descriptor';
import type { NetworkProviderOptions } from '../src/providers/http';
import type { Page, SessionProvider } from '../src/providers/types';
import { aSession } from './builders';

export const FAKE_KIND = 'fake-agents';
export const FAKE_AGENTS: Agent[] = [{ id: 'fa-1', name: 'Fake Concierge', type: 'agent' }];
export const FAKE_SESSIONS: SessionSummary[] = [
  { id: 'fs-2', agentId: 'fa-1', title: 'Second fake session', createdAt: '2026-11-02T10:00:00.000Z' },
  { id: 'fs-1', agentId: 'fa-1', title: 'First fake session', createdAt: '2026-11-01T10:00:00.000Z' },
];

/** Lists FAKE_AGENTS plus the agents added by id, and FAKE_SESSIONS for any agent. */
export class FakeProvider implements SessionProvider {
  constructor(
    readonly connection: Connection,
    readonly token: string | undefined,
    private readonly options: NetworkProviderOptions,
  ) {}

  async listAgents(): Promise<Agent[]> {
    const added = (this.options.memory?.agents() ?? []).map((a) => ({ id: a.id, name: a.label }));
    return [...FAKE_AGENTS, ...added];
  }

  async listSessions(agentId: string): Promise<Page<SessionSummary>> {
    return { items: FAKE_SESSIONS.map((s) => ({ ...s, agentId })) };
  }

  async getSession(agentId: string, sessionId: string): Promise<Session> {
    const summary = FAKE_SESSIONS.find((s) => s.id === sessionId);
    return aSession({ id: sessionId, provider: FAKE_KIND, agentId, title: summary?.title ?? sessionId })
      .run('r1', (e) => [
        e.user('Is the fake provider listed?'),
        e.assistant('Yes: from one descriptor.', { tokens: { input: 7, output: 5 } }),
      ])
      .build();
  }
}

export function fakeDescriptor(): ProviderDescriptor {
  return {
    kind: FAKE_KIND,
    displayName: 'Fake Agents',
    shortName: 'Fake',
    productName: 'Fake Agent Platform',
    icon: 'rocket',
    capabilities: {
      listAgents: true,
      listSessions: true,
      addAgentById: true,
      addSessionById: false,
      greet: false,
      stream: false,
      continueRun: false,
    },
    setup: {
      pickLabel: 'Fake Agents Cloud',
      pickDescription: 'fake.example',
      pickDetail: 'Registered by a test only.',
      urlPrompt: () => 'Your fake host',
      token: {
        optional: false,
        prompt: () => 'Fake token',
        setPrompt: () => 'New fake token',
        hint: (v) => (v.startsWith('fk_') ? undefined : 'Fake tokens start with fk_'),
      },
      defaultLabel: (host) => `Fake (${host})`,
    },
    agentId: {
      prompt: () => 'Fake agent id (fa-…)',
      validate: (v) => (v.startsWith('fa-') ? undefined : 'A fake agent id starts with fa-'),
      defaultLabel: (id) => `Fake ${id}`,
    },
    create: (connection, token, options) => new FakeProvider(connection, token, options),
  };
}
