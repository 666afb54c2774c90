// What the host remembers for a provider that cannot list by itself: agents and sessions added by
// id (Piper has no listing routes; Foundry agents can be added by RID), and sessions a chat made.
// Kept in globalState per connection: ids and labels only, never content or tokens.
import type * as vscode from 'vscode';
import type { ProviderMemory } from '../providers';

interface Remembered {
  agents: Array<{ id: string; label: string }>;
  sessions: Record<string, Array<{ id: string; title?: string; createdAt?: string }>>;
}

const key = (connectionId: string) => `agentInspector.memory.${connectionId}`;

export class ConnectionMemory implements ProviderMemory {
  constructor(
    private readonly state: vscode.Memento,
    private readonly connectionId: string,
  ) {}

  private read(): Remembered {
    const v = this.state.get<Remembered>(key(this.connectionId));
    return { agents: Array.isArray(v?.agents) ? v!.agents : [], sessions: v?.sessions && typeof v.sessions === 'object' ? v.sessions : {} };
  }

  agents(): Array<{ id: string; label: string }> {
    return this.read().agents;
  }

  sessions(agentId: string): Array<{ id: string; title?: string; createdAt?: string }> {
    return this.read().sessions[agentId] ?? [];
  }

  async addAgent(id: string, label: string): Promise<void> {
    const m = this.read();
    m.agents = [...m.agents.filter((a) => a.id !== id), { id, label }];
    await this.state.update(key(this.connectionId), m);
  }

  async addSession(agentId: string, session: { id: string; title?: string; createdAt?: string }): Promise<void> {
    const m = this.read();
    const list = (m.sessions[agentId] ?? []).filter((s) => s.id !== session.id);
    m.sessions[agentId] = [{ ...session, createdAt: session.createdAt ?? new Date().toISOString() }, ...list];
    await this.state.update(key(this.connectionId), m);
  }

  async forget(): Promise<void> {
    await this.state.update(key(this.connectionId), undefined);
  }
}
